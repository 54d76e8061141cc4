/**
 * A passthrough body as the client sent it, with only the given top-level
 * fields' values replaced in place (every occurrence, when a key is
 * duplicated) and any missing one added first. Everything else — formatting,
 * escapes, numbers beyond 2^53, duplicate keys — stays byte for byte, which a
 * parse and stringify would not keep. No changes: the text itself.
 */
export function rewriteTopLevelFields(text: string, changes: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(changes);
  if (names.length === 0) return text;
  const spans = findTopLevelValues(text);
  // Not an object we can read: the caller's parse already accepted it, so this is unreachable in practice.
  if (spans === undefined) throw new Error('the request body is not a JSON object');
  const wanted = new Set(names);
  const edits = spans.filter((span) => wanted.has(span.key));
  const missing = names.filter((name) => !edits.some((span) => span.key === name));

  let result = '';
  let position = 0;
  if (missing.length > 0) {
    const added = missing.map((name) => `${JSON.stringify(name)}:${JSON.stringify(changes[name])}`).join(',');
    result = `${text.slice(0, spans.open + 1)}${added}${spans.length > 0 ? ',' : ''}`;
    position = spans.open + 1;
  }
  for (const span of edits) {
    result += text.slice(position, span.start) + JSON.stringify(changes[span.key]);
    position = span.end;
  }
  return result + text.slice(position);
}

/** The top-level fields `next` holds with another value than `previous` (a capped copy of a body). */
export function changedTopLevelFields(
  previous: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) if (previous[key] !== value) changes[key] = value;
  return changes;
}

interface ValueSpan {
  key: string;
  start: number;
  end: number;
}

type TopLevelValues = ValueSpan[] & { open: number };

/** The top-level keys of a JSON object text and where each value starts and ends. */
function findTopLevelValues(text: string): TopLevelValues | undefined {
  let index = skipWhitespace(text, 0);
  if (text[index] !== '{') return undefined;
  const spans = [] as unknown as TopLevelValues;
  spans.open = index;
  index = skipWhitespace(text, index + 1);
  if (text[index] === '}') return spans;
  for (;;) {
    if (text[index] !== '"') return undefined;
    const keyEnd = skipString(text, index);
    const key = JSON.parse(text.slice(index, keyEnd)) as string;
    index = skipWhitespace(text, keyEnd);
    if (text[index] !== ':') return undefined;
    const start = skipWhitespace(text, index + 1);
    const end = skipValue(text, start);
    spans.push({ key, start, end });
    index = skipWhitespace(text, end);
    if (text[index] === ',') {
      index = skipWhitespace(text, index + 1);
      continue;
    }
    return text[index] === '}' ? spans : undefined;
  }
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) index += 1;
    else return index;
  }
}

/** From an opening quote to just past its closing quote; long strings are crossed with indexOf. */
function skipString(text: string, from: number): number {
  let index = from + 1;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote === -1) return text.length;
    let backslashes = 0;
    for (let back = quote - 1; text.charCodeAt(back) === 0x5c; back -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

function skipValue(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return skipString(text, from);
  if (first !== '{' && first !== '[') {
    let index = from;
    while (index < text.length && !',}] \n\r\t'.includes(text[index]!)) index += 1;
    return index;
  }
  let depth = 0;
  let index = from;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      index = skipString(text, index);
      continue;
    }
    // { and [ open, } and ] close; nothing else in a container matters.
    if (code === 0x7b || code === 0x5b) depth += 1;
    else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
    index += 1;
  }
  return length;
}
