import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../main/cli/agents/resolve-executable';
import { openInTerminal } from '../../main/cli/terminals/open-in-terminal';

/** A display for the terminal: the session's own, or a private Xvfb when one is installed. */
async function findDisplay(): Promise<{ display?: string; server?: ChildProcess; reason?: string }> {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY };
  if (!findOnPath('Xvfb', { env: process.env, platform: process.platform }))
    return { reason: 'no DISPLAY and no Xvfb to make one (apt-get install xvfb)' };
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '800x600x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string | undefined>((resolve) => {
    let text = '';
    server.stdio[3]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    server.once('exit', () => resolve(undefined));
    setTimeout(() => resolve(undefined), 10_000);
  });
  return display ? { display, server } : { server, reason: 'Xvfb did not start' };
}

describe('opening a real terminal', () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill();
  });

  it('runs a command in x-terminal-emulator, arguments intact', async (context) => {
    if (process.platform !== 'linux')
      return context.skip('x-terminal-emulator is a Debian/Ubuntu alternative (Linux only)');
    if (!findOnPath('x-terminal-emulator', { env: process.env, platform: process.platform }))
      return context.skip('x-terminal-emulator is not installed on this machine');
    const found = await findDisplay();
    server = found.server;
    if (!found.display) return context.skip(found.reason ?? 'no display');
    const directory = mkdtempSync(path.join(tmpdir(), 'ais terminal '));
    const marker = path.join(directory, 'ran.json');
    const script = `require('fs').writeFileSync(${JSON.stringify(marker)}, JSON.stringify([process.cwd(), ...process.argv.slice(1)]))`;
    const opened = await openInTerminal(
      {
        argv: [process.execPath, '-e', script, 'two words', `it's "q"`, 'ü ✓'],
        cwd: directory,
        keepOpen: false,
      },
      {
        platform: 'linux',
        env: { ...process.env, DISPLAY: found.display },
        preferred: 'x-terminal-emulator',
      },
    );
    expect(opened.choice.adapter.id).toBe('x-terminal-emulator');
    const deadline = Date.now() + 15_000;
    while (!existsSync(marker) && Date.now() < deadline) await delay(100);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual([directory, 'two words', `it's "q"`, 'ü ✓']);
  });
});
