/** One changed leaf between two configs; arrays compare as whole values. */
export interface ConfigDiffEntry {
  path: string[];
  before?: unknown;
  after?: unknown;
}

const MAX_ENTRIES = 200;

/** What changed from `before` to `after`, path by path (at most 200 entries). */
export function diffConfig(before: unknown, after: unknown): ConfigDiffEntry[] {
  const entries: ConfigDiffEntry[] = [];
  walk(before, after, [], entries);
  return entries.slice(0, MAX_ENTRIES);
}

function walk(before: unknown, after: unknown, path: string[], entries: ConfigDiffEntry[]): void {
  if (entries.length >= MAX_ENTRIES) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
      walk(before[key], after[key], [...path, key], entries);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  entries.push({
    path,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
