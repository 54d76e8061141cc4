import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath } from '../../main/cli/agents/resolve-executable';
import { runAis } from '../helpers/agent-sandbox';

const COMMANDS = [
  'serve',
  'stop',
  'status',
  'agent',
  'env',
  'login',
  'route',
  'provider',
  'cache',
  'check',
  'completion',
  'version',
];
const env = { ...process.env, AIS_HOME: mkdtempSync(path.join(tmpdir(), 'ais-commands-')) };

describe('ais help, mistakes and completions', () => {
  it('--help lists every command with an example', async () => {
    const help = await runAis(['--help'], { env });
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  .*\\bais ${command}\\b`, 'm'));
  });

  it('each command has --help with its options and examples', async () => {
    for (const command of COMMANDS) {
      const help = await runAis([command, '--help'], { env });
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: ais ${command}`));
      expect(help.stdout, command).toContain('  -h, --help');
      expect(help.stdout, command).toMatch(/\nExamples:\n {2}.*\bais /);
    }
    const agent = await runAis(['help', 'agent'], { env });
    expect(agent.stdout).toContain('--auth STYLE');
    expect(agent.stdout).toContain('(token, api-key)');
  });

  it('an unknown option or command is an error naming the nearest one (exit 2)', async () => {
    const option = await runAis(['status', '--jsn'], { env });
    expect(option).toMatchObject({ code: 2, stdout: '' });
    expect(option.stderr).toBe(
      'ais: unknown option --jsn for `ais status` (did you mean --json?); see `ais status --help`\n',
    );
    const short = await runAis(['serve', '-x'], { env });
    expect(short.stderr).toContain('unknown option -x for `ais serve`');
    const command = await runAis(['agnet', 'claude'], { env });
    expect(command).toMatchObject({
      code: 2,
      stderr: 'ais: unknown command "agnet" (did you mean `ais agent`?); see `ais --help`\n',
    });
    const value = await runAis(['agent', '--auth', 'tokn', 'claude'], { env });
    expect(value.stderr).toBe(
      'ais: --auth must be one of token, api-key, not "tokn" (did you mean token?)\n',
    );
    const missing = await runAis(['serve', '--port'], { env });
    expect(missing.stderr).toBe('ais: --port needs a value (P)\n');
  });

  it('status exits 1 when nothing runs; stop says there is nothing to stop', async () => {
    const status = await runAis(['status'], { env });
    expect(status.code).toBe(1);
    expect(status.stdout).toBe(`AI Switch is not running (no run.json in ${env.AIS_HOME}).\n`);
    expect(await runAis(['stop'], { env })).toMatchObject({ code: 0, stdout: 'AI Switch is not running.\n' });
    const login = await runAis(['login'], { env });
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('start it with `ais serve -d`');
  });

  it('prints completion scripts that bash, zsh and fish accept', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const script = await runAis(['completion', shell], { env });
      expect(script.code, shell).toBe(0);
      for (const command of COMMANDS) expect(script.stdout, shell).toContain(command);
      expect(script.stdout, shell).toContain('api-key');
      const binary = findOnPath(shell, { env: process.env, platform: process.platform });
      if (!binary) continue;
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'ais-completion-')), `ais.${shell}`);
      writeFileSync(file, script.stdout);
      // -n: parse without running; a syntax error throws.
      execFileSync(binary, ['-n', file]);
    }
    expect((await runAis(['completion', 'tcsh'], { env })).code).toBe(2);
  });

  it('the bash completion offers commands, options and, after the agent name, files', () => {
    const bash = findOnPath('bash', { env: process.env, platform: process.platform });
    if (!bash) return;
    const complete = (words: string[]): string[] => {
      const line = words.map((word) => `'${word}'`).join(' ');
      const output = execFileSync(
        bash,
        [
          '-c',
          `eval "$(node ${JSON.stringify(path.resolve('bin/ais.js'))} completion bash)"; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _ais; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8', env },
      );
      return output.split('\n').filter(Boolean);
    };
    expect(complete(['ais', 'ag'])).toEqual(['agent']);
    expect(complete(['ais', 'agent', '--ex'])).toEqual(['--explain']);
    expect(complete(['ais', 'agent', '--auth', ''])).toEqual(['token', 'api-key']);
    expect(complete(['ais', 'agent', 'co'])).toEqual(['codex']);
    expect(complete(['ais', 'agent', 'codex', '--ex'])).toEqual([]);
  });
});
