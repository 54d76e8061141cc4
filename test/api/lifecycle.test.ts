import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/core/contract';
import { createEngine, type Engine } from '../../main/core/engine';
import { AlreadyRunningError, readRunFile, runFilePath } from '../../main/core/lifecycle';
import { ListenError } from '../../main/core/server/http-listener';

const CONFIG = `providers:
  local:
    base_url: http://127.0.0.1:9
    api_key: sk-lifecycle-0123456789
routes:
  ais-life:
    provider: local
    default_model: m1
default_route: ais-life
`;

const engines: Engine[] = [];

function freshHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-life-'));
  writeFileSync(path.join(home, 'config.yaml'), CONFIG);
  return home;
}

async function engineOn(home: string, port = 0): Promise<Engine> {
  const engine = await createEngine({
    home,
    host: '127.0.0.1',
    port,
    env: {},
    logToStdout: false,
    watchConfig: false,
  });
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ graceMs: 100 });
});

describe('the engine lifecycle', () => {
  it('goes stopped → starting → running → paused → running → stopping → stopped, as serverStatus events', async () => {
    const engine = await engineOn(freshHome());
    const seen: EventPayload<'serverStatus'>[] = [];
    engine.events.on('serverStatus', (status) => seen.push(status));
    expect(engine.lifecycle.state).toBe('stopped');
    const { url } = await engine.start();
    expect(await engine.api.invoke('status')).toMatchObject({ state: 'running', url });

    expect(await engine.api.invoke('proxyStop')).toEqual({ state: 'paused' });
    const paused = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'ais-life', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(paused.status).toBe(503);
    // The pause answers in the client's protocol.
    expect(await paused.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await engine.api.invoke('proxyStart')).toEqual({ state: 'running' });

    await engine.stop({ graceMs: 100 });
    expect(seen.map((status) => status.state)).toEqual([
      'starting',
      'running',
      'paused',
      'running',
      'stopping',
      'stopped',
    ]);
    expect(seen[1]).toEqual({ state: 'running', url });
  });

  it('lands in error with the reason when the port is in use, and can try again', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const home = freshHome();
    const engine = await engineOn(home, port);
    await expect(engine.start()).rejects.toBeInstanceOf(ListenError);
    const snapshot = engine.lifecycle.snapshot();
    expect(snapshot.state).toBe('error');
    expect(snapshot.error).toMatch(new RegExp(`${port}.*in use|in use.*${port}`));
    expect(await engine.api.invoke('status')).toMatchObject({ state: 'error', error: snapshot.error });
    // A failed start leaves no run.json behind to confuse `ais status`.
    expect(existsSync(runFilePath(home))).toBe(false);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it('writes run.json (0600) while running and removes it on a clean stop', async () => {
    const home = freshHome();
    const engine = await engineOn(home);
    const { url } = await engine.start();
    const state = readRunFile(home);
    expect(state).toMatchObject({ kind: 'running', info: { pid: process.pid, url } });
    expect(statSync(runFilePath(home)).mode & 0o777).toBe(0o600);
    await engine.stop({ graceMs: 100 });
    expect(readRunFile(home)).toEqual({ kind: 'none' });
  });

  it('refuses a second engine on the same home, naming the first', async () => {
    const home = freshHome();
    const first = await engineOn(home);
    const { url } = await first.start();
    // Another process's claim: the same file with a live pid that is not ours.
    const info = JSON.parse(readFileSync(runFilePath(home), 'utf8')) as Record<string, unknown>;
    writeFileSync(runFilePath(home), JSON.stringify({ ...info, pid: process.ppid }));
    const second = await engineOn(home);
    const failure = await second.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AlreadyRunningError);
    expect((failure as Error).message).toContain(`pid ${process.ppid}`);
    expect((failure as Error).message).toContain(url);
    expect(second.lifecycle.snapshot()).toMatchObject({ state: 'error' });
    writeFileSync(runFilePath(home), JSON.stringify(info));
  });

  it('replaces a stale run.json whose process is gone', async () => {
    const home = freshHome();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    expect(dead.pid).toBeGreaterThan(0);
    writeFileSync(
      runFilePath(home),
      JSON.stringify({ pid: dead.pid, url: 'http://127.0.0.1:1', startedAt: 1, version: '0.0.1' }),
    );
    expect(readRunFile(home).kind).toBe('stale');
    const engine = await engineOn(home);
    const { url } = await engine.start();
    expect(readRunFile(home)).toMatchObject({ kind: 'running', info: { pid: process.pid, url } });
  });
});
