import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../main/core/contract';
import { connectEngine } from '../../main/electron/engine/connect-engine';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { useTemporaryHome } from '../config/temporary-home';

const CONFIG = `providers:
  local:
    base_url: http://127.0.0.1:9/v1
    api_key: sk-attach-test-0123456789abcdef
    models: [m1]
routes:
  ais-attach:
    provider: local
    default_model: m1
`;

const running: AisProcess[] = [];
afterEach(async () => {
  for (const ais of running.splice(0)) await ais.stop();
});
const newHome = useTemporaryHome();

describe('attach to a running ais serve', () => {
  it('finds it in run.json and becomes its HTTP client: calls, masked answers, live events', async () => {
    const ais = await startAis(CONFIG);
    running.push(ais);
    const createEngine = vi.fn(() => Promise.reject(new Error('a second engine must not start')));
    const connection = await connectEngine({ home: ais.home, createEngine });
    expect(createEngine).not.toHaveBeenCalled();
    expect(connection.mode).toBe('attached');
    if (connection.mode !== 'attached') return;
    expect(connection.running.url).toBe(ais.url);
    const { client } = connection;

    const status = await client.invoke('status');
    expect(status).toMatchObject({ state: 'running', url: ais.url, home: ais.home });
    const { config } = await client.invoke('configRead');
    expect(JSON.stringify(config)).not.toContain('sk-attach-test-0123456789abcdef');

    const statuses: EventPayload<'serverStatus'>[] = [];
    client.on('serverStatus', (payload) => statuses.push(payload));
    // The event stream is connected once the first call after subscribing succeeds and an event arrives.
    await vi.waitFor(async () => {
      await client.invoke('proxyStop');
      await client.invoke('proxyStart');
      expect(statuses.map((payload) => payload.state)).toContain('paused');
    });

    await expect(client.invoke('routeDelete', { id: 'no-such-route' })).rejects.toMatchObject({
      status: 404,
      message: 'there is no route "no-such-route"',
    });
    await expect(
      client.invoke('providerCreate', { id: 'x', provider: { base_url: 'not a url' } } as never),
    ).rejects.toMatchObject({
      status: 400,
      fields: [expect.objectContaining({ path: 'provider.base_url' })],
    });

    // The serve stops: the tray hears it instead of showing a stale "running".
    await ais.stop();
    await vi.waitFor(() =>
      expect(statuses.at(-1)).toMatchObject({
        state: 'error',
        error: expect.stringMatching(/lost the connection to ais serve/),
      }),
    );
    connection.client.close();
  });

  it('with no engine running, builds its own; a stale run.json is no reason to attach', async () => {
    const home = newHome();
    writeFileSync(
      path.join(home, 'run.json'),
      JSON.stringify({ pid: 2 ** 22 + 17, startedAt: 1, version: '0.0.1', url: 'http://127.0.0.1:1' }),
    );
    const engine = { api: { invoke: vi.fn(), mask: (text: string) => text }, events: { on: vi.fn() } };
    const connection = await connectEngine({ home, createEngine: async () => engine as never });
    expect(connection.mode).toBe('owned');
  });

  it('a serve that does not answer the admin API is reported, not attached to silently', async () => {
    const ais = await startAis(CONFIG);
    running.push(ais);
    writeFileSync(path.join(ais.home, 'admin-token'), `${'0'.repeat(64)}\n`);
    await expect(connectEngine({ home: ais.home, createEngine: vi.fn() })).rejects.toThrow(
      /ais serve is running on .* does not answer the admin API: the admin API needs the admin token/,
    );
  });
});
