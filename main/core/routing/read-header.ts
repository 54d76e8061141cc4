/** Node's `IncomingHttpHeaders` and anything shaped like it (Koa `ctx.headers`, test records). */
export type HeaderRecord = Readonly<Record<string, string | string[] | undefined>>;

/** `ctx.query`-like record; a repeated parameter arrives as an array. */
export type QueryRecord = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The first non-blank value of a header or query parameter, trimmed. Node
 * lowercases header names, but records built by hand (tests, other servers)
 * may not, so a miss on the lowercase name falls back to a case-insensitive scan.
 */
export function readHeader(headers: HeaderRecord, name: string): string | undefined {
  const lowerName = name.toLowerCase();
  const direct = firstNonBlank(headers[lowerName]);
  if (direct !== undefined || !hasUpperCaseName(headers)) return direct;
  for (const [key, value] of Object.entries(headers)) {
    if (key !== lowerName && key.toLowerCase() === lowerName) {
      const found = firstNonBlank(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/*
 * Routing asks for five or six headers a request usually lacks; scanning every
 * name on each miss was a measurable share of routing. Node's records are all
 * lower-case, so the answer is remembered per record.
 */
const upperCaseNames = new WeakMap<HeaderRecord, boolean>();

function hasUpperCaseName(headers: HeaderRecord): boolean {
  let known = upperCaseNames.get(headers);
  if (known === undefined) {
    known = Object.keys(headers).some((key) => key !== key.toLowerCase());
    upperCaseNames.set(headers, known);
  }
  return known;
}

export function readQuery(query: QueryRecord | undefined, name: string): string | undefined {
  return query === undefined ? undefined : firstNonBlank(query[name]);
}

function firstNonBlank(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === 'string' ? [value] : value;
  for (const candidate of values) {
    const trimmed = candidate.trim();
    if (trimmed !== '') return trimmed;
  }
  return undefined;
}
