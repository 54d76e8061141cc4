import type { CallInput, CallOutput, ContractCall, ContractEvent, EventPayload } from '../../core/contract';

/**
 * What the desktop shell needs of an engine: the contract's calls and events.
 * The engine it runs itself gives them in-process (`engine.api`,
 * `engine.events`); an `ais serve` it attached to gives them over HTTP + SSE.
 */
export interface EngineClient {
  invoke<Name extends ContractCall>(name: Name, input?: CallInput<Name>): Promise<CallOutput<Name>>;
  on<Name extends ContractEvent>(name: Name, listener: (payload: EventPayload<Name>) => void): () => void;
}
