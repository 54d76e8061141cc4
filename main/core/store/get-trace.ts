import type Database from 'better-sqlite3';
import { decodePayload } from './encode-payload';
import { SUMMARY_COLUMNS, toTraceSummary, type SummaryRow } from './map-trace-summary';
import type { AttemptRow, PayloadRow } from './prepare-write-statements';
import type { BodyKind, StoredBody, TraceAttempt, TraceDetail, TraceTimings } from './types';
import type { Warning } from '../protocols/canonical/types';

interface DetailRow extends SummaryRow {
  user_agent: string;
  decision: string | null;
  warnings: string;
  timings: string;
}

type AttemptSelectRow = Omit<AttemptRow, 'trace_seq' | 'position'>;
type PayloadSelectRow = Omit<PayloadRow, 'trace_seq'>;

function toAttempt(row: AttemptSelectRow): TraceAttempt {
  return {
    providerId: row.provider_id,
    keyIndex: row.key_index,
    url: row.url,
    ...(row.status !== null && { status: row.status }),
    ...(row.error !== null && { error: row.error }),
    startedAt: row.started_at,
    ...(row.headers_at !== null && { headersAt: row.headers_at }),
    ...(row.ended_at !== null && { endedAt: row.ended_at }),
  };
}

/** One trace with everything stored about it; payloads come back decompressed. */
export function createGetTrace(db: Database.Database): (id: string) => TraceDetail | undefined {
  const selectTrace = db.prepare<[string], DetailRow>(
    `SELECT ${SUMMARY_COLUMNS}, user_agent, decision, warnings, timings FROM traces WHERE id = ?`,
  );
  const selectAttempts = db.prepare<[number], AttemptSelectRow>(
    `SELECT provider_id, key_index, url, status, error, started_at, headers_at, ended_at
     FROM trace_attempts WHERE trace_seq = ? ORDER BY position`,
  );
  const selectPayloads = db.prepare<[number], PayloadSelectRow>(
    'SELECT kind, headers, is_text, encoding, original_bytes, truncated, data FROM trace_payloads WHERE trace_seq = ?',
  );
  return (id) => {
    const row = selectTrace.get(id);
    if (!row) return undefined;
    const bodies: Partial<Record<BodyKind, StoredBody>> = {};
    const headers: TraceDetail['headers'] = {};
    for (const payload of selectPayloads.all(row.seq)) {
      if (payload.headers !== null)
        headers[payload.kind] = JSON.parse(payload.headers) as Record<string, string | string[]>;
      if (payload.data !== null) {
        bodies[payload.kind] = decodePayload({
          isText: payload.is_text === 1,
          encoding: payload.encoding,
          originalBytes: payload.original_bytes,
          truncated: payload.truncated === 1,
          data: payload.data,
        });
      }
    }
    return {
      ...toTraceSummary(row),
      userAgent: row.user_agent,
      ...(row.decision !== null && { decision: JSON.parse(row.decision) as Record<string, unknown> }),
      warnings: JSON.parse(row.warnings) as Warning[],
      timings: JSON.parse(row.timings) as TraceTimings,
      attempts: selectAttempts.all(row.seq).map(toAttempt),
      bodies,
      headers,
    };
  };
}
