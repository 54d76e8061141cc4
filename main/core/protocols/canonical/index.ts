export type * from './types';
export type * from './codec';
export { ProtocolError, invalidRequest, errorKindForStatus } from './errors';
export { emptyUsage, mergeUsage } from './usage';
export { packSignature, unpackSignature } from './signature';
export { formatSseFrame, parseJsonOrUndefined } from './sse';
export { responseToEvents } from './response-to-events';
export { ownExtraFields } from './own-extra-fields';
