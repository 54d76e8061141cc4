export type * from './types';
export type * from './codec';
export { ProtocolError, invalidRequest, errorKindForStatus } from './errors';
export { emptyUsage, mergeUsage } from './usage';
export { packSignature, unpackSignature } from './signature';
export { formatSseFrame, parseJsonOrUndefined, UNREADABLE_STREAM_DATA } from './sse';
export { responseToEvents } from './response-to-events';
export { checkRequestFields, jsonTypeOf } from './check-request-fields';
export type { FieldRule, FieldMessage } from './check-request-fields';
