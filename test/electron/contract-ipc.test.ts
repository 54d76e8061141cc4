import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../main/core/api/api-error';
import { contract } from '../../main/core/contract';
import {
  CALL_NAMES,
  EVENT_NAMES,
  callChannel,
  eventChannel,
  type AiSwitchBridge,
} from '../../main/electron/ipc/contract-channels';
import { isOwnPage } from '../../main/electron/ipc/is-own-page';
import type { EngineClient } from '../../main/electron/engine/engine-client';

const fake = await vi.hoisted(async () => (await import('./fake-electron')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { registerContractIpc, forwardContractEvents } =
  await import('../../main/electron/ipc/register-contract-ipc');

const OWN_FRAME = { senderFrame: { url: 'app://dashboard/index.html#/traces' } };

function recordingClient() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const invoke = vi.fn(async (name: string, input: unknown) => {
    if (name === 'providerCreate')
      throw new ApiError(400, 'invalid input for providerCreate', [
        { path: 'provider.base_url', message: 'must be a URL' },
      ]);
    if (name === 'reload') throw new Error('disk full while reading sk-secret-0123456789');
    return { name, input };
  });
  const client: EngineClient = {
    invoke: invoke as never,
    on: (name, listener) => {
      listeners.set(name, listener as (payload: unknown) => void);
      return () => listeners.delete(name);
    },
  };
  return { client, invoke, listeners };
}

async function call(name: string, event: unknown, input: unknown) {
  const handler = fake.handlers.get(callChannel(name as never));
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(event, input);
}

describe('IPC over the contract', () => {
  it('lists exactly the contract: every call and event, nothing else', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(contract.calls).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(contract.events).sort());
  });

  it('registers one handler per call; a call from our page reaches invoke and answers { ok, output }', async () => {
    const { client, invoke } = recordingClient();
    const remove = registerContractIpc({ client, mask: (text) => text });
    expect([...fake.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    await expect(call('routeUpdate', OWN_FRAME, { id: 'r', route: { provider: 'p' } })).resolves.toEqual({
      ok: true,
      output: { name: 'routeUpdate', input: { id: 'r', route: { provider: 'p' } } },
    });
    expect(invoke).toHaveBeenCalledWith('routeUpdate', { id: 'r', route: { provider: 'p' } });
    remove();
    expect(fake.handlers.size).toBe(0);
  });

  it('refuses a foreign frame before invoke, whatever the call', async () => {
    const { client, invoke } = recordingClient();
    const refused = vi.fn();
    const remove = registerContractIpc({ client, mask: (text) => text, onRefused: refused });
    for (const url of [
      'https://evil.example/index.html',
      'file:///home/ada/index.html',
      'app://evil/index.html',
      'app://dashboard.evil.example/',
      undefined,
    ]) {
      await expect(
        call('providerRevealKey', { senderFrame: url === undefined ? null : { url } }, { id: 'x' }),
      ).resolves.toEqual({
        ok: false,
        error: { status: 403, message: 'only the AI Switch dashboard may call the engine' },
      });
    }
    expect(invoke).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledWith({
      call: 'providerRevealKey',
      frameUrl: 'https://evil.example/index.html',
    });
    remove();
  });

  it('answers failures with status, message and field problems, masked', async () => {
    const { client } = recordingClient();
    const remove = registerContractIpc({ client, mask: (text) => text.replace(/sk-[\w-]+/g, 'sk-…6789') });
    await expect(call('providerCreate', OWN_FRAME, {})).resolves.toEqual({
      ok: false,
      error: {
        status: 400,
        message: 'invalid input for providerCreate',
        fields: [{ path: 'provider.base_url', message: 'must be a URL' }],
      },
    });
    await expect(call('reload', OWN_FRAME, {})).resolves.toEqual({
      ok: false,
      error: { status: 500, message: 'AI Switch internal error: disk full while reading sk-…6789' },
    });
    remove();
  });

  it("pushes the contract's events to our page only, and stops when told", () => {
    const { client, listeners } = recordingClient();
    const contents = new fake.module.BrowserWindow({}).webContents;
    contents.url = 'app://dashboard/index.html';
    const stop = forwardContractEvents(client, contents as never);
    expect([...listeners.keys()].sort()).toEqual([...EVENT_NAMES].sort());
    listeners.get('serverStatus')?.({ state: 'paused' });
    expect(contents.sent).toEqual([{ channel: eventChannel('serverStatus'), payload: { state: 'paused' } }]);
    contents.url = 'https://elsewhere.example/';
    listeners.get('serverStatus')?.({ state: 'running' });
    expect(contents.sent).toHaveLength(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('knows its own page', () => {
    expect(isOwnPage('app://dashboard/')).toBe(true);
    expect(isOwnPage('app://user:pw@dashboard/')).toBe(false);
    expect(isOwnPage('not a url')).toBe(false);
  });
});

describe('preload', () => {
  it('exposes only invoke and subscribe, allow-listed from the contract, each subscription with its unsubscribe', async () => {
    await import('../../preload/index');
    const bridge = fake.exposed.get('aiSwitch') as AiSwitchBridge;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(fake.exposed.size).toBe(1);

    await expect(bridge.invoke('status')).resolves.toEqual({ channel: 'ais:call:status', input: {} });
    await expect(bridge.invoke('usageStats', { from: 1, to: 2 })).resolves.toEqual({
      channel: 'ais:call:usageStats',
      input: { from: 1, to: 2 },
    });
    await expect(bridge.invoke('__proto__')).resolves.toMatchObject({ ok: false, error: { status: 404 } });
    await expect(bridge.invoke('shell.openExternal')).resolves.toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledTimes(2);

    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe('traceFinished', (payload) => received.push(payload));
    const [listener] = fake.rendererListeners.get(eventChannel('traceFinished')) ?? [];
    listener?.({ sender: 'ipc internals' }, { id: 't1' });
    expect(received).toEqual([{ id: 't1' }]);
    unsubscribe();
    expect(fake.rendererListeners.get(eventChannel('traceFinished'))).toEqual([]);
    expect(() => bridge.subscribe('ipc-internal', () => undefined)).toThrow(
      'the contract has no event "ipc-internal"',
    );
  });
});
