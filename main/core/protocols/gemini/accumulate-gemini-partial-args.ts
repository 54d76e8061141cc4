import { isRecord, readString } from './read-gemini-json';

/*
 * Streamed function-call arguments (`functionCall.partialArgs`, Gemini 3 /
 * Vertex `streamFunctionCallArguments`): each entry sets one leaf by JSON
 * path (`$.recipe.ingredients[0].name`). A string leaf sent with
 * `willContinue: true` is continued by the next entries for the same path,
 * which append to it; the call itself ends on a functionCall chunk without
 * `willContinue`.
 */
export interface PartialArgsState {
  args: Record<string, unknown>;
  /** Path of the string leaf still being streamed. */
  openStringPath?: string;
}

type PathSegment = string | number;

export function createPartialArgsState(args?: Record<string, unknown>): PartialArgsState {
  return { args: args ? structuredClone(args) : {} };
}

/** Applies one chunk's `partialArgs`; returns false when an entry could not be read. */
export function applyGeminiPartialArgs(state: PartialArgsState, partialArgs: unknown): boolean {
  if (!Array.isArray(partialArgs)) return false;
  let ok = true;
  for (const entry of partialArgs) {
    const jsonPath = isRecord(entry) ? readString(entry.jsonPath) : undefined;
    const segments = jsonPath === undefined ? undefined : parseJsonPath(jsonPath);
    if (!isRecord(entry) || jsonPath === undefined || !segments || segments.length === 0) {
      ok = false;
      continue;
    }
    const continues = entry.willContinue === true;
    if (typeof entry.stringValue === 'string') {
      const existing = readAt(state.args, segments);
      const value =
        state.openStringPath === jsonPath && typeof existing === 'string'
          ? existing + entry.stringValue
          : entry.stringValue;
      writeAt(state.args, segments, value);
      state.openStringPath = continues ? jsonPath : undefined;
      continue;
    }
    state.openStringPath = undefined;
    if (typeof entry.numberValue === 'number') writeAt(state.args, segments, entry.numberValue);
    else if (typeof entry.boolValue === 'boolean') writeAt(state.args, segments, entry.boolValue);
    else if ('nullValue' in entry) writeAt(state.args, segments, null);
    else if (isRecord(entry.structValue) || Array.isArray(entry.listValue))
      writeAt(state.args, segments, entry.structValue ?? entry.listValue);
    else ok = false;
  }
  return ok;
}

/** `$.a.b[0]["c d"]` → ['a', 'b', 0, 'c d']; undefined when the path is not of that form. */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\[(['"])(.*?)\3\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[4] ?? '');
  }
  return segments;
}

function readAt(root: Record<string, unknown>, segments: PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function writeAt(root: Record<string, unknown>, segments: PathSegment[], value: unknown): void {
  let current: Record<PathSegment, unknown> = root;
  segments.forEach((segment, index) => {
    const isLeaf = index === segments.length - 1;
    const next = segments[index + 1];
    const existing = Object.hasOwn(current, segment) ? current[segment] : undefined;
    const child = isLeaf
      ? value
      : typeof existing === 'object' && existing !== null
        ? existing
        : typeof next === 'number'
          ? []
          : {};
    // defineProperty, not assignment: a "__proto__" key from the model must stay a plain key.
    Object.defineProperty(current, segment, {
      value: child,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    if (!isLeaf) current = child as Record<PathSegment, unknown>;
  });
}
