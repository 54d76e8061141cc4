import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildAgentTerminalRequest } from '../../main/cli/terminals/build-agent-terminal-request';
import { pickTerminal } from '../../main/cli/terminals/open-in-terminal';
import { quoteFishWord, quotePosixCommand } from '../../main/cli/terminals/quote-posix-shell';
import {
  buildPosixScript,
  terminalAdaptersFor,
  type TerminalProbe,
} from '../../main/cli/terminals/terminal-adapters';

const TRICKY = [
  'two words',
  `it's "quoted"`,
  'ünïcødé ✓ 中文',
  '$HOME `id` $(id)',
  'a;b|c&d',
  'back\\slash',
  '',
];
const request = {
  argv: ['/opt/node/bin/node', '/opt/ais/bin/ais.js', 'agent', 'ais-key', 'claude', ...TRICKY],
  cwd: "/home/u/my project's",
};

const adapter = (platform: NodeJS.Platform, id: string) => {
  const found = terminalAdaptersFor(platform).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} on ${platform}`);
  return found;
};

/** Runs a POSIX script whose program prints its argv as JSON, and the cwd. */
function runPosixScript(script: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' });
}

describe('terminal openers: the command line per system', () => {
  it('Linux terminals run sh -c with a script that rebuilds the exact argv', () => {
    const script = buildPosixScript({ ...request, keepOpen: false });
    expect(script).toBe(
      `cd '/home/u/my project'\\''s' && /opt/node/bin/node /opt/ais/bin/ais.js agent ais-key claude 'two words' 'it'\\''s "quoted"' 'ünïcødé ✓ 中文' '$HOME \`id\` $(id)' 'a;b|c&d' 'back\\slash' ''`,
    );
    expect(buildPosixScript(request)).toBe(`${script}; exec "\${SHELL:-/bin/sh}" -l`);
    expect(adapter('linux', 'x-terminal-emulator').build(request)).toEqual({
      command: 'x-terminal-emulator',
      args: ['-e', 'sh', '-c', buildPosixScript(request)],
    });
    expect(adapter('linux', 'gnome-terminal').build(request).args.slice(0, 3)).toEqual(['--', 'sh', '-c']);
    expect(adapter('linux', 'konsole').build(request).args.slice(0, 3)).toEqual(['-e', 'sh', '-c']);
    expect(adapter('linux', 'kitty').build(request).args.slice(0, 2)).toEqual(['sh', '-c']);
    expect(adapter('linux', 'alacritty').build(request).args.slice(0, 3)).toEqual(['-e', 'sh', '-c']);
    expect(adapter('linux', 'wezterm').build(request).args.slice(0, 4)).toEqual(['start', '--', 'sh', '-c']);
  });

  it('the POSIX quoting survives a real sh', () => {
    const argv = [
      process.execPath,
      '-e',
      'console.log(JSON.stringify([process.cwd(), ...process.argv.slice(1)]))',
      ...TRICKY,
    ];
    const output = runPosixScript(`cd /tmp && ${quotePosixCommand(argv)}`);
    expect(JSON.parse(output)).toEqual(['/tmp', ...TRICKY]);
  });

  it('macOS Terminal and iTerm get AppleScript with the line escaped as a string', () => {
    const terminal = adapter('darwin', 'terminal').build({ ...request, keepOpen: false });
    expect(terminal.command).toBe('osascript');
    expect(terminal.args[0]).toBe('-e');
    const doScript = terminal.args[3] as string;
    expect(doScript.startsWith('tell application "Terminal" to do script "')).toBe(true);
    // Undo AppleScript's escaping: what Terminal types is the POSIX line.
    const typed = JSON.parse(doScript.slice('tell application "Terminal" to do script '.length)) as string;
    expect(typed).toBe(`${buildPosixScript({ ...request, keepOpen: false })}; exit`);
    const iterm = adapter('darwin', 'iterm').build(request);
    expect(iterm.args.filter((_, index) => index % 2 === 1)).toEqual([
      'tell application "iTerm"',
      'activate',
      'set newWindow to (create window with default profile)',
      `tell current session of newWindow to write text ${JSON.stringify(`cd '/home/u/my project'\\''s' && ${quotePosixCommand(request.argv)}`)}`,
      'end tell',
    ]);
  });

  it('Windows Terminal and PowerShell get the script base64-encoded, cmd gets ^-escaped arguments', () => {
    const windowsRequest = {
      argv: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\ais\\bin\\ais.js', 'agent', ...TRICKY],
      cwd: 'C:\\Users\\Zoë\\my repo',
    };
    const wt = adapter('win32', 'windows-terminal').build(windowsRequest);
    expect(wt.command).toBe('wt.exe');
    expect(wt.args.slice(0, 10)).toEqual([
      '-w',
      'new',
      'new-tab',
      '-d',
      'C:\\Users\\Zoë\\my repo',
      'powershell.exe',
      '-NoLogo',
      '-NoExit',
      '-EncodedCommand',
      wt.args[9],
    ]);
    const script = Buffer.from(wt.args[9] as string, 'base64').toString('utf16le');
    expect(script).toBe(
      `Set-Location -LiteralPath 'C:\\Users\\Zoë\\my repo'; & 'C:\\Program Files\\nodejs\\node.exe' 'C:\\ais\\bin\\ais.js' 'agent' 'two words' 'it''s "quoted"' 'ünïcødé ✓ 中文' '$HOME \`id\` $(id)' 'a;b|c&d' 'back\\slash' ''`,
    );
    const powershell = adapter('win32', 'powershell').build({ ...windowsRequest, keepOpen: false });
    expect(powershell).toEqual({
      command: 'cmd.exe',
      args: [
        `/d /s /c "start "AI Switch" /D "C:\\Users\\Zoë\\my repo" powershell.exe -NoLogo -EncodedCommand ${wt.args[9]}"`,
      ],
      windowsVerbatimArguments: true,
    });
    const cmd = adapter('win32', 'cmd').build({
      argv: ['C:\\node\\node.exe', 'a b', 'x"y', '50%'],
      cwd: 'C:\\w',
    });
    expect(cmd.args).toEqual([
      '/d /s /c "start "AI Switch" /D C:\\w cmd.exe /d /k C:\\node\\node.exe ^^^"a^^^ b^^^" ^^^"x\\^^^"y^^^" ^^^"50^^^%^^^""',
    ]);
  });

  it('fish quoting escapes backslashes and quotes', () => {
    expect(quoteFishWord(`it's \\ here`)).toBe(`'it\\'s \\\\ here'`);
    expect(quoteFishWord('plain-word')).toBe('plain-word');
  });
});

describe('picking a terminal', () => {
  const probe = (onPath: string[], files: string[] = []): TerminalProbe => ({
    onPath: (name) => onPath.includes(name),
    exists: (file) => files.includes(file),
  });

  it('takes the first one found, in the order of each system', () => {
    expect(pickTerminal({ platform: 'linux', probe: probe(['kitty', 'konsole']) })?.adapter.id).toBe(
      'konsole',
    );
    expect(
      pickTerminal({ platform: 'linux', probe: probe(['x-terminal-emulator', 'kitty']) })?.adapter.id,
    ).toBe('x-terminal-emulator');
    expect(pickTerminal({ platform: 'win32', probe: probe(['powershell.exe']) })?.adapter.id).toBe(
      'powershell',
    );
    expect(pickTerminal({ platform: 'win32', probe: probe([]) })?.adapter.id).toBe('cmd');
    expect(
      pickTerminal({
        platform: 'darwin',
        probe: probe([], ['/System/Applications/Utilities/Terminal.app', '/Applications/iTerm.app']),
      })?.adapter.id,
    ).toBe('terminal');
    expect(pickTerminal({ platform: 'linux', probe: probe([]) })).toBeUndefined();
  });

  it('honours the preferred terminal, and says so when it is missing', () => {
    const mac = probe([], ['/System/Applications/Utilities/Terminal.app', '/Applications/iTerm.app']);
    expect(pickTerminal({ platform: 'darwin', probe: mac, preferred: 'iterm' })).toEqual({
      adapter: adapter('darwin', 'iterm'),
    });
    expect(pickTerminal({ platform: 'linux', probe: probe(['gnome-terminal']), preferred: 'kitty' })).toEqual(
      {
        adapter: adapter('linux', 'gnome-terminal'),
        note: 'the preferred terminal "kitty" is not installed; using GNOME Terminal',
      },
    );
    expect(pickTerminal({ platform: 'linux', probe: probe(['kitty']), preferred: 'iterm' })?.note).toBe(
      'the preferred terminal "iterm" is not one of x-terminal-emulator, gnome-terminal, konsole, kitty, alacritty, wezterm; using kitty',
    );
  });
});

describe('the tray’s agent launch', () => {
  it('opens `ais agent --start [route-key] <agent>` in the chosen folder', () => {
    const request = buildAgentTerminalRequest({
      node: '/usr/bin/node',
      aisEntry: '/opt/ais/bin/ais.js',
      agent: 'codex',
      routeKey: 'ais-work',
      cwd: '/home/u/repo',
    });
    expect(request).toEqual({
      argv: ['/usr/bin/node', '/opt/ais/bin/ais.js', 'agent', '--start', 'ais-work', 'codex'],
      cwd: '/home/u/repo',
      keepOpen: true,
    });
    expect(adapter('linux', 'konsole').build(request).args).toEqual([
      '-e',
      'sh',
      '-c',
      `cd /home/u/repo && /usr/bin/node /opt/ais/bin/ais.js agent --start ais-work codex; exec "\${SHELL:-/bin/sh}" -l`,
    ]);
    expect(buildAgentTerminalRequest({ node: 'n', aisEntry: 'a', agent: 'claude', cwd: '/' }).argv).toEqual([
      'n',
      'a',
      'agent',
      '--start',
      'claude',
    ]);
  });
});
