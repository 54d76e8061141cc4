import { diffJson, diffLines, type ChangeObject } from 'diff';
import { parseBody } from './parse-body';

/** Unchanged lines kept around each change; longer unchanged runs fold into one row. */
const CONTEXT_LINES = 3;
/** A diff that takes longer gives up (the bodies are too different to line up usefully). */
const DIFF_TIMEOUT_MS = 4000;

export type DiffLine =
  | { kind: 'same' | 'added' | 'removed'; text: string; left?: number; right?: number }
  | { kind: 'fold'; count: number };

export interface BodyDiff {
  mode: 'json' | 'text';
  lines: DiffLine[];
  added: number;
  removed: number;
  /** The diff gave up after DIFF_TIMEOUT_MS. */
  timedOut: boolean;
}

/** A body as a structure to compare: JSON as is, a stream as its list of events, else undefined. */
function structureOf(content: string): unknown {
  const parsed = parseBody(content);
  if (parsed.kind === 'json') return parsed.value;
  if (parsed.kind === 'sse')
    return parsed.events.map((event) => ({
      ...(event.event !== undefined && { event: event.event }),
      data: event.json ?? event.data,
    }));
  return undefined;
}

/**
 * Two bodies compared structurally: both JSON (or streams) → the `diff`
 * library's JSON diff, which sorts keys so only real changes show; else a
 * line diff. Long unchanged stretches fold.
 */
export function computeBodyDiff(left: string, right: string): BodyDiff {
  const leftStructure = structureOf(left);
  const rightStructure = structureOf(right);
  const structural = leftStructure !== undefined && rightStructure !== undefined;
  const changes: ChangeObject<string>[] | undefined = structural
    ? diffJson(leftStructure as object, rightStructure as object, { timeout: DIFF_TIMEOUT_MS })
    : diffLines(left, right, { timeout: DIFF_TIMEOUT_MS });
  if (!changes)
    return { mode: structural ? 'json' : 'text', lines: [], added: 0, removed: 0, timedOut: true };

  const lines: DiffLine[] = [];
  let leftLine = 0;
  let rightLine = 0;
  let added = 0;
  let removed = 0;
  for (const change of changes) {
    const texts = change.value.replace(/\n$/, '').split('\n');
    if (change.added) {
      added += texts.length;
      for (const text of texts) lines.push({ kind: 'added', text, right: ++rightLine });
    } else if (change.removed) {
      removed += texts.length;
      for (const text of texts) lines.push({ kind: 'removed', text, left: ++leftLine });
    } else {
      for (const text of texts) lines.push({ kind: 'same', text, left: ++leftLine, right: ++rightLine });
    }
  }
  return { mode: structural ? 'json' : 'text', lines: foldUnchanged(lines), added, removed, timedOut: false };
}

function foldUnchanged(lines: DiffLine[]): DiffLine[] {
  const folded: DiffLine[] = [];
  let index = 0;
  while (index < lines.length) {
    if (lines[index]?.kind !== 'same') {
      folded.push(lines[index] as DiffLine);
      index += 1;
      continue;
    }
    let end = index;
    while (end < lines.length && lines[end]?.kind === 'same') end += 1;
    const keepBefore = index === 0 ? 0 : CONTEXT_LINES;
    const keepAfter = end === lines.length ? 0 : CONTEXT_LINES;
    if (end - index > keepBefore + keepAfter + 1) {
      folded.push(...lines.slice(index, index + keepBefore));
      folded.push({ kind: 'fold', count: end - index - keepBefore - keepAfter });
      folded.push(...lines.slice(end - keepAfter, end));
    } else {
      folded.push(...lines.slice(index, end));
    }
    index = end;
  }
  return folded;
}
