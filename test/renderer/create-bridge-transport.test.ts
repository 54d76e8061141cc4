import { describe, expect, it, vi } from 'vitest';
import { CallError } from '../../renderer/src/client/call-error';
import {
  createBridgeTransport,
  findBridge,
  type AiSwitchBridge,
} from '../../renderer/src/client/create-bridge-transport';
import { createContractClient } from '../../renderer/src/client/create-contract-client';

describe('the preload bridge transport', () => {
  it('is chosen only when the preload offers invoke and subscribe', () => {
    expect(findBridge({})).toBeUndefined();
    expect(findBridge({ aiSwitch: { desktop: true } })).toBeUndefined();
    const bridge = { invoke: vi.fn(), subscribe: vi.fn() };
    expect(findBridge({ aiSwitch: bridge })).toBe(bridge);
  });

  it('passes calls through and turns a refused answer into the same CallError as HTTP', async () => {
    const bridge: AiSwitchBridge = {
      invoke: vi.fn(async (name: string) =>
        name === 'status'
          ? { ok: true as const, output: { state: 'running' } }
          : {
              ok: false as const,
              error: {
                status: 409,
                message: 'a route "k" already exists',
                fields: [{ path: 'id', message: 'already exists' }],
              },
            },
      ),
      subscribe: vi.fn(() => () => undefined),
    };
    const client = createContractClient(createBridgeTransport(bridge));
    expect(client.transport).toBe('bridge');
    await expect(client.invoke('status', {})).resolves.toEqual({ state: 'running' });
    const error = (await client
      .invoke('routeCreate', { id: 'k', route: { provider: 'p' } })
      .catch((caught) => caught)) as CallError;
    expect(error).toBeInstanceOf(CallError);
    expect(error.status).toBe(409);
    expect(error.fields).toEqual([{ path: 'id', message: 'already exists' }]);
  });

  it('subscribes through the bridge and reports the stream open', () => {
    const unsubscribe = vi.fn();
    const bridge: AiSwitchBridge = { invoke: vi.fn(), subscribe: vi.fn(() => unsubscribe) };
    const transport = createBridgeTransport(bridge);
    const listener = vi.fn();
    transport.subscribe('configChanged', listener)();
    expect(bridge.subscribe).toHaveBeenCalledWith('configChanged', listener);
    expect(unsubscribe).toHaveBeenCalled();
    expect(transport.connectionState()).toBe('open');
  });
});
