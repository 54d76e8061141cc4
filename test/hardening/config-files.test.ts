import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { REPO_ROOT } from '../helpers/fixtures';
import { answerChat, CHAT_BODY, configFor } from './harness';

// Issue #24 §2: a file saved over the config must neither kill the running
// proxy (too large) nor empty it (an editor's truncate-then-write), and a
// recovery after corruption must not lose the last good edit.

const FIVE_MB_STRING = `default_route: "${'x'.repeat(5 * 1024 * 1024)}"\n`;

describe('hardening: bad config files', () => {
  let upstream: FaultyUpstream;
  const running: AisProcess[] = [];
  const start = async (...args: Parameters<typeof startAis>): Promise<AisProcess> => {
    const ais = await startAis(...args);
    running.push(ais);
    return ais;
  };
  const chat = (ais: AisProcess) =>
    send(ais.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      body: CHAT_BODY,
      headers: { authorization: 'Bearer ais-chat' },
    });
  const lastModel = (): unknown => upstream.requests.at(-1)?.json.model;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answerChat);
  });
  afterEach(async () => {
    for (const ais of running.splice(0)) await ais.stop();
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it('a 5 MB file saved while running is refused unread; the proxy keeps serving', async () => {
    const ais = await start(configFor(upstream.url));
    writeFileSync(path.join(ais.home, 'config.yaml'), FIVE_MB_STRING);
    expect(await waitUntil(() => /refuses config files over 4\.0 MB/.test(ais.output()), 5_000)).toBe(true);
    expect((await send(ais.url, { path: '/health' })).status).toBe(200);
    expect((await chat(ais)).status).toBe(200);
  });

  it('refuses a 5 MB file at start with a clear message', async () => {
    await expect(startAis(FIVE_MB_STRING)).rejects.toThrow(/refuses config files over 4\.0 MB/);
  });

  it('`ais check` refuses a 10 MB file without parsing it', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ais-check-')), 'big.yaml');
    writeFileSync(file, `default_route: "${'y'.repeat(10 * 1024 * 1024)}"\n`);
    const checked = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', path.join(REPO_ROOT, 'bin/ais.js'), 'check', '-c', file],
      { encoding: 'utf8', env: { ...process.env, AIS_HOME: path.dirname(file) } },
    );
    expect(checked.stdout + checked.stderr).toMatch(
      /is 10\.0 MB; AI Switch refuses config files over 4\.0 MB/,
    );
    expect(checked.status).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['comment-only', '# all settings removed\n# (an editor mid-save)\n'],
    ['newline-only', '\n\n\n'],
  ])('an %s file saved while running is a refused edit: the running config stays', async (_name, text) => {
    const ais = await start(configFor(upstream.url), { env: { AIS_LOG_LEVEL: 'info' } });
    writeFileSync(path.join(ais.home, 'config.yaml'), text);
    const refused = await waitUntil(
      () => /config reload refused: .*has no settings/.test(ais.output()),
      5_000,
    );
    expect(refused, ais.output()).toBe(true);
    expect(ais.output()).not.toMatch(/config reloaded/);
    expect((await chat(ais)).status).toBe(200);
  });

  it('starts from the newest valid backup when the file is empty at start', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-e2e-'));
    mkdirSync(path.join(home, 'backups'));
    writeFileSync(path.join(home, 'backups', 'config-20261201-000000-000.yaml'), configFor(upstream.url));
    const ais = await start('', { home });
    expect((await chat(ais)).status).toBe(200);
    expect(ais.output()).toMatch(/has no settings/);
  });

  it('a first start on an empty file (no backups) runs on the defaults, and the first real edit applies', async () => {
    const ais = await start('', { env: { AIS_LOG_LEVEL: 'info' } });
    writeFileSync(path.join(ais.home, 'config.yaml'), configFor(upstream.url));
    expect(await waitUntil(() => /config reloaded/.test(ais.output()), 5_000)).toBe(true);
    expect((await chat(ais)).status).toBe(200);
  });

  it('after a corruption, starts from the last good content, not the state before the last edit', async () => {
    const ais = await start(configFor(upstream.url), { env: { AIS_LOG_LEVEL: 'info' } });
    const edited = configFor(upstream.url).replace(
      'default_model: chat-model',
      'default_model: edited-model',
    );
    writeFileSync(path.join(ais.home, 'config.yaml'), edited);
    expect(await waitUntil(() => /config reloaded/.test(ais.output()), 5_000)).toBe(true);
    await ais.stop();
    // The file breaks while AI Switch is not running; the next start recovers.
    const restarted = await start('providers: [unclosed\n', { home: ais.home });
    expect((await chat(restarted)).status).toBe(200);
    expect(lastModel()).toBe('edited-model');
    expect(readdirSync(path.join(ais.home, 'backups')).some((name) => name.endsWith('.rejected.yaml'))).toBe(
      true,
    );
  });
});
