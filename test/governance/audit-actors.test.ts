import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../main/cli/engine/admin-client';
import { createEngine, type Engine } from '../../main/core/engine';
import { loadAdminToken } from '../../main/core/server/admin/load-admin-token';
import type { AuditEntry } from '../../main/core/store/audit-log';
import { connectEngine } from '../../main/electron/engine/connect-engine';
import { createRemoteEngineClient } from '../../main/electron/engine/create-remote-engine-client';
import { send, waitFor } from '../admin/admin-harness';

// The audit log says who made each change, by the way the change arrived: the dashboard in a
// browser (session cookie), the desktop app (IPC / in process, or over HTTP when attached to
// `ais serve`), the CLI or a script (admin token), the config file (the watcher).

const config = (label: string) => `
providers:
  chat: { base_url: http://127.0.0.1:9, format: chat, api_key: sk-actor-test-0123456789 }
routes:
  ais-actor-route: { provider: chat, default_model: m, label: ${label} }
`;

describe('audit actors', () => {
  let engine: Engine;
  let url: string;
  let home: string;
  let token: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'ais-actors-'));
    writeFileSync(path.join(home, 'config.yaml'), config('first'));
    engine = await createEngine({ home, host: '127.0.0.1', port: 0, env: {}, logToStdout: false });
    ({ url } = await engine.start());
    token = loadAdminToken(home);
  });
  afterAll(async () => engine?.stop({ graceMs: 1_000 }));

  const newestRows = async (count: number): Promise<AuditEntry[]> =>
    (await engine.api.invoke('auditList', { limit: count })).items as AuditEntry[];
  const rowOf = async (action: string): Promise<AuditEntry> => {
    const row = (await newestRows(50)).find((item) => item.action === action);
    if (!row) throw new Error(`no audit row for ${action}`);
    return row;
  };

  it('the dashboard in a browser: its session cookie names it, for the call and the config change it made', async () => {
    const login = await send(url, { path: `/api/login?code=${engine.issueLoginCode()}` });
    const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^ais_admin=/);
    const host = new URL(url).host;
    const browserHeaders = {
      cookie,
      origin: `http://${host}`,
      'sec-fetch-site': 'same-origin',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
    };
    const saved = await send(url, {
      method: 'PUT',
      path: '/api/settings',
      headers: browserHeaders,
      body: { log_retention_days: 9 },
    });
    expect(saved.status).toBe(200);
    const [call, change] = await newestRows(2);
    expect(call).toMatchObject({ action: 'settingsUpdate', actor: 'dashboard (browser session)', ok: true });
    expect(change).toMatchObject({ action: 'config change', actor: 'dashboard (browser session)' });
    expect(JSON.stringify([change, call])).not.toContain(token);
  });

  it('the CLI: the admin token with the CLI’s User-Agent', async () => {
    const client = createAdminClient({ url, token });
    await client.loginLink();
    expect(await rowOf('loginLink')).toMatchObject({ actor: 'CLI (admin token)', ok: true });
  });

  it('a script with the admin token: named by its User-Agent, sanitised; none: just the token', async () => {
    await send(url, {
      method: 'POST',
      path: '/api/proxy/stop',
      token,
      headers: { 'user-agent': 'curl/8.5.0' },
    });
    expect(await rowOf('proxyStop')).toMatchObject({ actor: 'admin token (curl/8.5.0)' });
    await send(url, {
      method: 'POST',
      path: '/api/proxy/start',
      token,
      headers: { 'user-agent': `evil<b>${'x'.repeat(80)} more` },
    });
    const started = await rowOf('proxyStart');
    expect(started.actor).toBe(`admin token (evilb${'x'.repeat(35)})`);
    await send(url, { method: 'POST', path: '/api/reload', token });
    expect(await rowOf('reload')).toMatchObject({ actor: 'admin token' });
  });

  it('the desktop app attached to ais serve: over HTTP with the token, named as the app', async () => {
    const client = createRemoteEngineClient({ url, token });
    try {
      await client.invoke('routeUpdate', {
        id: 'ais-actor-route',
        route: { provider: 'chat', default_model: 'm', label: 'second' },
      });
    } finally {
      client.close();
    }
    const [call, change] = await newestRows(2);
    expect(call).toMatchObject({ action: 'routeUpdate', actor: 'desktop app (admin token)' });
    expect(change).toMatchObject({ action: 'config change', actor: 'desktop app (admin token)' });
    // The route key is a secret: the row names the route by its label.
    expect(JSON.stringify([change, call])).not.toContain('ais-actor-route');
  });

  it('the config file: an edit the watcher picked up', async () => {
    const text = readFileSync(path.join(home, 'config.yaml'), 'utf8');
    writeFileSync(path.join(home, 'config.yaml'), text.replace('label: second', 'label: third'));
    let change: AuditEntry | undefined;
    await waitFor(() => {
      void newestRows(1).then(([row]) => {
        if (row?.action === 'config change' && JSON.stringify(row.detail).includes('third')) change = row;
      });
      return change !== undefined;
    });
    expect(change).toMatchObject({ actor: 'config file', ok: true });
  });

  it('the desktop app running its own engine: calls from its window and tray', async () => {
    const ownHome = mkdtempSync(path.join(tmpdir(), 'ais-actors-own-'));
    writeFileSync(path.join(ownHome, 'config.yaml'), config('own'));
    const connection = await connectEngine({
      home: ownHome,
      createEngine: () =>
        createEngine({ home: ownHome, port: 0, env: {}, logToStdout: false, watchConfig: false }),
    });
    expect(connection.mode).toBe('owned');
    if (connection.mode !== 'owned') return;
    try {
      await connection.client.invoke('settingsUpdate', { log_retention_days: 3 });
      const { items } = await connection.engine.api.invoke('auditList', { limit: 2 });
      expect(items.map((item) => [item.action, item.actor])).toEqual([
        ['settingsUpdate', 'desktop app'],
        ['config change', 'desktop app'],
      ]);
    } finally {
      await connection.engine.stop({ graceMs: 100 });
    }
  });
});
