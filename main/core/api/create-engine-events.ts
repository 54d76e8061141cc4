import { EventEmitter } from 'node:events';
import type { ContractEvent, EventPayload } from '../contract';

/** The engine's events, named and typed by `contract.events` (no renaming layer). */
export interface EngineEvents {
  on<Name extends ContractEvent>(name: Name, listener: (payload: EventPayload<Name>) => void): () => void;
  emit<Name extends ContractEvent>(name: Name, payload: EventPayload<Name>): void;
  /** Whether anyone listens: producers skip building payloads nobody reads. */
  has(name: ContractEvent): boolean;
}

export function createEngineEvents(): EngineEvents {
  const emitter = new EventEmitter();
  // Every transport (SSE clients, IPC, the tray, metrics) subscribes; none of them is a leak.
  emitter.setMaxListeners(0);
  return {
    on(name, listener) {
      emitter.on(name, listener);
      return () => void emitter.off(name, listener);
    },
    emit(name, payload) {
      emitter.emit(name, payload);
    },
    has: (name) => emitter.listenerCount(name) > 0,
  };
}
