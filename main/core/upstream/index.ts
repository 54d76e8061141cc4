/** The upstream client: URLs, headers, pooled HTTP with timeouts and proxies, keys, stickiness, failover. */
export { resolveUpstreamUrl } from './resolve-upstream-url';
export type { ResolveUpstreamUrlOptions } from './resolve-upstream-url';
export {
  ACCEPT_ENCODING,
  buildUpstreamHeaders,
  DEFAULT_ANTHROPIC_VERSION,
  DEFAULT_USER_AGENT,
  HOP_BY_HOP_HEADERS,
} from './build-upstream-headers';
export type { BuildUpstreamHeadersOptions, IncomingHeaders } from './build-upstream-headers';
export {
  createUpstreamClient,
  DEFAULT_UPSTREAM_TIMEOUTS,
  providerTimeoutOverrides,
} from './create-upstream-client';
export type {
  CreateUpstreamClientOptions,
  UpstreamClient,
  UpstreamRequest,
  UpstreamResponse,
  UpstreamTimeouts,
} from './create-upstream-client';
export {
  classifyUpstreamError,
  describeUpstreamError,
  UpstreamRequestError,
} from './classify-upstream-error';
export type { UpstreamFailureKind } from './classify-upstream-error';
export { decodeContentEncoding } from './decode-content-encoding';
export { createKeyPool } from './create-key-pool';
export type { KeyPick, KeyPool, KeyStateView, PickOptions } from './create-key-pool';
export { createSessionAffinity } from './create-session-affinity';
export type { SessionAffinity, SessionPlacement } from './create-session-affinity';
export { parseRetryAfter, parseRetryDelayFromBody } from './parse-retry-after';
export { CLIENT_CLOSED_STATUS, extractErrorMessage } from './describe-upstream-failure';
export { sendWithFailover } from './send-with-failover';
export { orderCandidatesByAffinity } from './order-candidates-by-affinity';
export type {
  AttemptRecord,
  FailoverResult,
  PreparedUpstreamRequest,
  SendWithFailoverOptions,
  SkippedCandidate,
  UpstreamCandidate,
} from './send-with-failover';
