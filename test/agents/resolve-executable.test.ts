import { describe, expect, it } from 'vitest';
import { findOnPath, readShimTarget, resolveExecutable } from '../../main/cli/agents/resolve-executable';

const files = (paths: string[]) => (file: string) => paths.includes(file);

describe('finding an agent on PATH', () => {
  it('takes the first PATH entry holding the name on Unix', () => {
    const lookup = {
      env: { PATH: '/opt/a:/usr/local/bin::/usr/bin' },
      platform: 'linux' as const,
      isFile: files(['/usr/local/bin/claude', '/usr/bin/claude']),
    };
    expect(findOnPath('claude', lookup)).toBe('/usr/local/bin/claude');
    expect(resolveExecutable('claude', lookup)).toEqual({
      command: '/usr/local/bin/claude',
      prefixArgs: [],
      found: '/usr/local/bin/claude',
    });
    expect(resolveExecutable('codex', lookup)).toBeUndefined();
  });

  it('tries PATHEXT on Windows, whatever the case of Path', () => {
    const lookup = {
      env: { Path: 'C:\\Tools;"C:\\Program Files\\nodejs"', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
      platform: 'win32' as const,
      isFile: files(['C:\\Program Files\\nodejs\\codex.cmd', 'C:\\Tools\\gemini.exe']),
    };
    expect(findOnPath('codex', lookup)).toBe('C:\\Program Files\\nodejs\\codex.cmd');
    expect(findOnPath('gemini', lookup)).toBe('C:\\Tools\\gemini.exe');
  });

  it("runs an npm .cmd shim's script with node, and a native target directly", () => {
    const shims: Record<string, string> = {
      'C:\\npm\\gemini.cmd':
        '@ECHO off\r\nGOTO start\r\n:find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n:start\r\nSETLOCAL\r\nCALL :find_dp0\r\n\r\nIF EXIST "%dp0%\\node.exe" (\r\n  SET "_prog=%dp0%\\node.exe"\r\n) ELSE (\r\n  SET "_prog=node"\r\n  SET PATHEXT=%PATHEXT:;.JS;=;%\r\n)\r\n\r\nendLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\\node_modules\\@google\\gemini-cli\\bundle\\gemini.js" %*\r\n',
      'C:\\npm\\claude.cmd':
        '@ECHO off\r\nGOTO start\r\n:find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n:start\r\nSETLOCAL\r\nCALL :find_dp0\r\n"%dp0%\\node_modules\\@anthropic-ai\\claude-code\\bin\\claude.exe"   %*\r\n',
      'C:\\npm\\odd.bat': '@echo off\r\necho %*\r\n',
    };
    const lookup = {
      env: { PATH: 'C:\\npm;C:\\node', PATHEXT: '.EXE;.CMD;.BAT' },
      platform: 'win32' as const,
      isFile: files([...Object.keys(shims), 'C:\\node\\node.exe']),
      readText: (file: string) => shims[file] as string,
    };
    expect(resolveExecutable('gemini', lookup)).toEqual({
      command: 'C:\\node\\node.exe',
      prefixArgs: ['C:\\npm\\node_modules\\@google\\gemini-cli\\bundle\\gemini.js'],
      found: 'C:\\npm\\gemini.cmd',
    });
    expect(resolveExecutable('claude', lookup)).toEqual({
      command: 'C:\\npm\\node_modules\\@anthropic-ai\\claude-code\\bin\\claude.exe',
      prefixArgs: [],
      found: 'C:\\npm\\claude.cmd',
    });
    const odd = resolveExecutable('odd', lookup);
    expect(odd?.command).toBe('cmd.exe');
    expect(odd?.cmdLine?.(['a b', 'x"y', '50%'])).toBe(
      '/d /s /c "C:\\npm\\odd.bat ^^^"a^^^ b^^^" ^^^"x\\^^^"y^^^" ^^^"50^^^%^^^""',
    );
    expect(
      readShimTarget('C:\\npm\\missing.cmd', () => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});
