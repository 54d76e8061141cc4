import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

/*
 * The built main bundle (out/main/index.js, as `electron .` would load it),
 * run in plain Node with `electron` resolved to a recording stand-in
 * (runtime/fake-electron-runtime.mjs): main.ts's wiring, the bundling of
 * electron-store and electron-updater, the app:// handler serving the built
 * dashboard, and IPC, end to end, without Electron's binary.
 */
const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

interface Recorded {
  event: string;
  [key: string]: unknown;
}

function runBundledMain(home: string) {
  const child = spawn(
    process.execPath,
    ['--import', './test/electron/runtime/register-fake-electron.mjs', 'out/main/index.js', '--show'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, AIS_HOME: home, FAKE_ELECTRON_USER_DATA: path.join(home, 'user-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const recorded = (): Recorded[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('FAKE-ELECTRON '))
      .map((line) => JSON.parse(line.slice('FAKE-ELECTRON '.length)) as Recorded);
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`never saw ${pattern}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, recorded, waitFor, output: () => output };
}

describe('the built main bundle under a recording Electron', () => {
  it('starts the engine, draws the tray, serves the dashboard over app://, answers IPC, and quits gracefully', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-bundled-main-'));
    homes.push(home);
    writeFileSync(path.join(home, 'config.yaml'), 'server:\n  port: 0\nproviders: {}\nroutes: {}\n');
    const app = runBundledMain(home);
    const [, url] = await app.waitFor(/AI Switch: tray ready, engine running at (http:\/\/127\.0\.0\.1:\d+)/);
    await app.waitFor(/"event":"window-shown"/);

    const health = await fetch(new URL('/health', url));
    expect(health.status).toBe(200);

    const events = app.recorded();
    const trays = events.filter((event) => event.event === 'tray');
    expect(trays).toEqual([
      { event: 'tray', image: path.join(REPO_ROOT, 'resources/tray/tray-paused.png'), exists: true },
    ]);
    expect(events.filter((event) => event.event === 'tray-image').at(-1)).toMatchObject({ exists: true });
    expect(events.filter((event) => event.event === 'tray-menu').at(-1)?.labels).toContain(
      `Running on ${url}`,
    );
    expect(events.find((event) => event.event === 'window')?.webPreferences).toMatchObject({
      preload: path.join(REPO_ROOT, 'out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(events.find((event) => event.event === 'page')).toMatchObject({
      url: 'app://dashboard/index.html',
      status: 200,
      contentType: 'text/html; charset=utf-8',
      csp: expect.stringContaining("script-src 'self'"),
      hasRoot: true,
    });
    expect(events.find((event) => event.event === 'ipc')).toMatchObject({
      answer: { ok: true, output: { state: 'running', url, home } },
    });
    expect(events.find((event) => event.event === 'ipc-foreign')).toMatchObject({
      answer: { ok: false, error: { status: 403 } },
    });
    expect(existsSync(path.join(home, 'secret-key.keychain'))).toBe(true);
    expect(existsSync(path.join(home, 'run.json'))).toBe(true);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const last = app.recorded().map((event) => event.event);
    expect(last.slice(-2)).toEqual(['tray-destroyed', 'quit']);
    // The engine stopped before the exit: run.json released, nothing left listening.
    expect(existsSync(path.join(home, 'run.json'))).toBe(false);
    await expect(fetch(new URL('/health', url))).rejects.toThrow();
  });
});
