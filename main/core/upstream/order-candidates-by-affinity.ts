import type { KeyPool } from './create-key-pool';
import type { SessionPlacement } from './create-session-affinity';
import type { UpstreamCandidate } from './send-with-failover';

export interface OrderedCandidate {
  candidate: UpstreamCandidate;
  candidateIndex: number;
  preferredKeyIndex?: number;
}

/** The session's last placement goes first while it has a usable key; otherwise the router's order stands. */
export function orderCandidatesByAffinity(
  candidates: UpstreamCandidate[],
  keyPool: KeyPool,
  sticky: SessionPlacement | undefined,
): OrderedCandidate[] {
  const ordered: OrderedCandidate[] = candidates.map((candidate, candidateIndex) => ({
    candidate,
    candidateIndex,
  }));
  if (sticky === undefined) return ordered;
  const position = ordered.findIndex(
    ({ candidate }) => candidate.providerId === sticky.providerId && candidate.model === sticky.model,
  );
  const entry = ordered[position];
  if (entry === undefined) return ordered;
  if (keyPool.pick(sticky.providerId, { preferredKeyIndex: sticky.keyIndex }).kind !== 'key') return ordered;
  ordered.splice(position, 1);
  ordered.unshift({ ...entry, preferredKeyIndex: sticky.keyIndex });
  return ordered;
}
