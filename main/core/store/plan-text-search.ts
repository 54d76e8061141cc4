export type Parameters = Record<string, string | number>;

/** One WHERE fragment; `key` names the fragment's shape for the statement cache. */
export interface Clause {
  key: string;
  sql: string;
  parameters: Parameters;
}

/** Past this many matching values of one column, matches are common and a single ordered scan ends sooner. */
const MAX_TERMS_PER_KIND = 8;

const INDEXED_COLUMN: Record<string, string> = { path: 'path', model: 'model', client: 'client' };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A case-insensitive substring search over path, model, client and error text,
 * as a list of branches whose union is the answer. Path, model and client have
 * few distinct values: the text is matched against `trace_terms` first and each
 * hit becomes an equality branch served by that column's index. Error text is
 * searched on error rows only, through the partial error index. A trace id
 * matches exactly. So a search that matches nothing costs a few index probes,
 * not a scan of every trace.
 */
export function planTextSearch(
  text: string,
  findTerms: (likePattern: string) => readonly { kind: string; value: string }[],
): Clause[] {
  const like = `%${escapeLike(text)}%`;
  const termsByKind = new Map<string, string[]>();
  for (const { kind, value } of findTerms(like)) {
    if (!(kind in INDEXED_COLUMN)) continue;
    termsByKind.set(kind, [...(termsByKind.get(kind) ?? []), value]);
  }
  if ([...termsByKind.values()].some((values) => values.length > MAX_TERMS_PER_KIND)) {
    return [
      {
        key: 'text-scan',
        sql: `(id = @textExact OR path LIKE @text ESCAPE '\\' OR model LIKE @text ESCAPE '\\'
          OR client LIKE @text ESCAPE '\\' OR (is_error = 1 AND error LIKE @text ESCAPE '\\'))`,
        parameters: { text: like, textExact: text },
      },
    ];
  }
  const branches: Clause[] = [
    { key: 'text-id', sql: 'id = @textExact', parameters: { textExact: text } },
    { key: 'text-error', sql: "is_error = 1 AND error LIKE @text ESCAPE '\\'", parameters: { text: like } },
  ];
  for (const [kind, values] of termsByKind) {
    for (const value of values) {
      branches.push({
        key: `text-${kind}`,
        sql: `${INDEXED_COLUMN[kind]} = @term`,
        parameters: { term: value },
      });
    }
  }
  return branches;
}
