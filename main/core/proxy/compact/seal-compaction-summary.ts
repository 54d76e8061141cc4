import { createHash } from 'node:crypto';
import type { Converted } from '../../protocols/canonical';

/*
 * The `encrypted_content` of a compaction item AI Switch made itself (for a
 * provider without native compaction): a prefix, the payload as base64url
 * JSON, and a digest of that JSON. The digest catches a value that was cut or
 * edited on the way (a client that rewrites history, a copy-paste); it is
 * deliberately not keyed: the summary only ever lands in the instructions of
 * the same client's next request, and that client can write its instructions
 * itself, so a forged item gains nothing a key would have to guard.
 */

const PREFIX = 'ais-compaction-v1.';

export interface CompactionSummary {
  /** The summary text the routed model wrote. */
  summary: string;
  /** The upstream model that wrote it. */
  model: string;
  /** Epoch seconds. */
  createdAt: number;
}

function digestOf(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}

/** Whether an `encrypted_content` value is one of ours (whatever its state). */
export function isAisCompaction(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** Summary → the `encrypted_content` of an AI Switch compaction item. */
export function sealCompactionSummary(summary: CompactionSummary): string {
  const json = JSON.stringify({
    summary: summary.summary,
    model: summary.model,
    createdAt: summary.createdAt,
  });
  return `${PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}.${digestOf(json)}`;
}

/** Reverse of `sealCompactionSummary`; a damaged value yields no summary and a warning, never an exception. */
export function openCompactionSummary(value: string): Converted<CompactionSummary | undefined> {
  const damaged = (why: string): Converted<undefined> => ({
    value: undefined,
    warnings: [
      { code: 'compaction-item-damaged', message: `An AI Switch compaction item was dropped: ${why}.` },
    ],
  });
  if (!value.startsWith(PREFIX)) return damaged('it does not start with the AI Switch prefix');
  const [encoded, digest, ...rest] = value.slice(PREFIX.length).split('.');
  if (encoded === undefined || digest === undefined || rest.length > 0)
    return damaged('its shape is not payload.digest');
  const json = Buffer.from(encoded, 'base64url').toString('utf8');
  if (digestOf(json) !== digest) return damaged('its digest does not match (the content was changed or cut)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return damaged('its payload is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) return damaged('its payload is not an object');
  const { summary, model, createdAt } = parsed as Record<string, unknown>;
  if (typeof summary !== 'string' || typeof model !== 'string' || typeof createdAt !== 'number') {
    return damaged('its payload lacks summary, model or createdAt');
  }
  return { value: { summary, model, createdAt }, warnings: [] };
}
