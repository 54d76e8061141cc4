import { CallError, callErrorFrom } from './call-error';
import type { ConnectionState, Transport } from './transport';

/**
 * What the desktop preload puts on `window.aiSwitch` (the shell issue builds
 * it). `invoke` resolves with `{ ok: true, output }` or `{ ok: false, error:
 * { status, message, fields? } }` rather than rejecting, because Electron
 * flattens a rejected invoke to a message string and the field errors would
 * be lost.
 */
export interface AiSwitchBridge {
  invoke(name: string, input: unknown): Promise<BridgeAnswer>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export type BridgeAnswer =
  | { ok: true; output: unknown }
  | { ok: false; error: { status: number; message: string; fields?: { path: string; message: string }[] } };

/** The preload bridge when the page runs inside the desktop app and the bridge can invoke. */
export function findBridge(scope: unknown): AiSwitchBridge | undefined {
  const candidate = (scope as { aiSwitch?: Partial<AiSwitchBridge> } | undefined)?.aiSwitch;
  if (typeof candidate?.invoke === 'function' && typeof candidate.subscribe === 'function')
    return candidate as AiSwitchBridge;
  return undefined;
}

/** The contract over the preload bridge: same calls, same errors, events pushed by main. */
export function createBridgeTransport(bridge: AiSwitchBridge): Transport {
  return {
    kind: 'bridge',
    async invoke(name, input) {
      let answer: BridgeAnswer;
      try {
        answer = await bridge.invoke(name, input);
      } catch (error) {
        throw new CallError(0, `the desktop app did not answer: ${(error as Error).message}`);
      }
      if (answer.ok) return answer.output;
      throw callErrorFrom(answer.error.status, { error: answer.error }, answer.error.message);
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
    // IPC does not drop like a socket: the stream is open while the window lives.
    onConnectionChange: () => () => undefined,
    connectionState: (): ConnectionState => 'open',
  };
}
