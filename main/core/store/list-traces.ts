import type Database from 'better-sqlite3';
import { SUMMARY_COLUMNS, toTraceSummary, type SummaryRow } from './map-trace-summary';
import { planTextSearch, type Clause, type Parameters } from './plan-text-search';
import type { ListTracesQuery, TracePage } from './types';

export const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/** Opaque to callers: the last row's (started_at, seq), the keyset the next page continues from. */
function encodeCursor(row: SummaryRow): string {
  return Buffer.from(`${row.started_at}:${row.seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: number; seq: number } {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('listTraces: invalid cursor');
  return { at: Number(match[1]), seq: Number(match[2]) };
}

/** The non-text filters, one fixed fragment each, so statement text depends only on which filters are present. */
function filterClauses(query: ListTracesQuery): Clause[] {
  const clauses: Clause[] = [];
  const add = (key: string, sql: string, parameters: Parameters): void => {
    clauses.push({ key, sql, parameters });
  };
  if (query.from !== undefined) add('from', 'started_at >= @from', { from: query.from });
  if (query.to !== undefined) add('to', 'started_at < @to', { to: query.to });
  if (query.providerId !== undefined)
    add('provider', 'provider_id = @providerId', { providerId: query.providerId });
  if (query.model !== undefined) add('model', 'model = @model', { model: query.model });
  if (query.route !== undefined) add('route', 'route = @route', { route: query.route });
  if (query.sessionId !== undefined)
    add('session', 'session_id = @sessionId', { sessionId: query.sessionId });
  if (query.client !== undefined) add('client', 'client = @client', { client: query.client });
  if (query.status === 'ok') add('ok', 'is_error = 0', {});
  else if (query.status === 'error') add('error', 'is_error = 1', {});
  else if (typeof query.status === 'number') add('status', 'status = @status', { status: query.status });
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    add('cursor', '(started_at <= @cursorAt AND (started_at < @cursorAt OR seq < @cursorSeq))', {
      cursorAt: cursor.at,
      cursorSeq: cursor.seq,
    });
  }
  return clauses;
}

function newestFirst(left: SummaryRow, right: SummaryRow): number {
  return right.started_at - left.started_at || right.seq - left.seq;
}

/** Keyset-paginated trace list, newest first; statements are prepared once per filter combination. */
export function createListTraces(db: Database.Database): (query: ListTracesQuery) => TracePage {
  const statements = new Map<string, Database.Statement<[Parameters], SummaryRow>>();
  const selectTerms = db.prepare<[string], { kind: string; value: string }>(
    "SELECT kind, value FROM trace_terms WHERE value LIKE ? ESCAPE '\\'",
  );

  const selectRows = (clauses: readonly Clause[], limit: number): SummaryRow[] => {
    const key = clauses.map((clause) => clause.key).join(',');
    let statement = statements.get(key);
    if (!statement) {
      const where = clauses.length > 0 ? `WHERE ${clauses.map((clause) => clause.sql).join(' AND ')}` : '';
      // seq breaks ties: every index ends with the rowid, so this order needs no sort step.
      statement = db.prepare<[Parameters], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM traces ${where} ORDER BY started_at DESC, seq DESC LIMIT @limit`,
      );
      statements.set(key, statement);
    }
    return statement.all(
      Object.assign({ limit }, ...clauses.map((clause) => clause.parameters)) as Parameters,
    );
  };

  return (query) => {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
    const filters = filterClauses(query);
    const text = query.text?.trim();
    let rows: SummaryRow[];
    if (!text) {
      rows = selectRows(filters, limit + 1);
    } else {
      // Each branch is an index walk in page order; the page is the newest rows of their union.
      const seen = new Set<number>();
      rows = planTextSearch(text, (pattern) => selectTerms.all(pattern))
        .flatMap((branch) => selectRows([...filters, branch], limit + 1))
        .filter((row) => !seen.has(row.seq) && seen.add(row.seq))
        .sort(newestFirst)
        .slice(0, limit + 1);
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toTraceSummary),
      ...(rows.length > limit && last !== undefined && { nextCursor: encodeCursor(last) }),
    };
  };
}
