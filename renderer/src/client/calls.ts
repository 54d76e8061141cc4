import type { z } from 'zod';
import { contract } from '../../../main/core/contract';

/** Every call the renderer may make: the contract's, typed from its zod schemas. */
export type Calls = typeof contract.calls;
export const calls: Calls = contract.calls;

export type CallName = keyof Calls;
export type CallInput<Name extends CallName> = z.input<Calls[Name]['input']>;
export type CallOutput<Name extends CallName> = z.output<Calls[Name]['output']>;

export type Events = typeof contract.events;
export type EventName = keyof Events;
export type EventPayload<Name extends EventName> = z.output<Events[Name]>;
export const eventNames = Object.keys(contract.events) as EventName[];
