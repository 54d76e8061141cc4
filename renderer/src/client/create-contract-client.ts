import {
  calls,
  eventNames,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
} from './calls';
import { createBridgeTransport, findBridge } from './create-bridge-transport';
import { createHttpTransport } from './create-http-transport';
import type { ConnectionState, Transport } from './transport';

/** The one typed client of the contract; the transport underneath is chosen once, at start. */
export interface ContractClient {
  readonly transport: Transport['kind'];
  invoke<Name extends CallName>(name: Name, input: CallInput<Name>): Promise<CallOutput<Name>>;
  subscribe<Name extends EventName>(event: Name, listener: (payload: EventPayload<Name>) => void): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  connectionState(): ConnectionState;
}

export function createContractClient(transport: Transport): ContractClient {
  return {
    transport: transport.kind,
    invoke: (name, input) =>
      transport.invoke(name, input as Record<string, unknown>) as Promise<CallOutput<typeof name>>,
    subscribe: (event, listener) => transport.subscribe(event, listener as (payload: unknown) => void),
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
    connectionState: () => transport.connectionState(),
  };
}

/** The bridge inside the desktop window, HTTP + SSE anywhere else. */
export function chooseTransport(scope: unknown): Transport {
  const bridge = findBridge(scope);
  if (bridge) return createBridgeTransport(bridge);
  return createHttpTransport({ calls, eventNames });
}
