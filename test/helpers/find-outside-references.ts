import path from 'node:path';

/** A place where a file names a path that is not inside the repository. */
export interface OutsideReference {
  /** Repository-relative path, `/`-separated. */
  file: string;
  line: number;
  reason: string;
}

/**
 * Text that only ever names something beside the checkout or on one machine: the shared
 * fixture folder the tests once read (however it is spelled) and the build machine's
 * absolute layout under the root folder "work". (Written so this file does not match them.)
 */
const MACHINE_PATTERNS: { pattern: RegExp; reason: string }[] = [
  { pattern: /\.\.[\\/]+shared\b/, reason: 'names the "shared" folder beside the checkout' },
  { pattern: /\bshared[\\/]+fixtures\b/, reason: 'names the shared fixture folder beside the checkout' },
  { pattern: /(^|[^\w.~-])\/work\//, reason: 'names an absolute path under the root folder "work"' },
];

/** Expressions that mean "the directory this file is in". */
const OWN_DIRECTORY = new Set([
  '__dirname',
  'import.meta.dirname',
  'path.dirname(fileURLToPath(import.meta.url))',
  'dirname(fileURLToPath(import.meta.url))',
  'path.dirname(newURL(import.meta.url).pathname)',
]);

/** `process.cwd()` is the repository root: npm and vitest run from there. */
const WORKING_DIRECTORY = new Set(['process.cwd()']);

const PATH_CALL = /(?<![\w$.])(?:path\.(?:posix\.)?|posix\.)?(join|resolve)\s*\(/g;
const CONST_DEFINITION = /\b(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*/g;
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

/** How many folders below the repository root a repository-relative directory is. */
function depthOf(directory: string): number {
  return directory === '.' || directory === '' ? 0 : directory.split('/').length;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (
    let position = text.indexOf('\n');
    position !== -1 && position < index;
    position = text.indexOf('\n', position + 1)
  )
    line += 1;
  return line;
}

/** The literal's value when `source` is one plain string literal (no `${}`), else undefined. */
function literalValue(source: string): string | undefined {
  const quote = source[0];
  if (source.length < 2 || source[source.length - 1] !== quote) return undefined;
  if (quote === '`') return source.includes('${') ? undefined : source.slice(1, -1);
  if (quote === "'" || quote === '"') return source.slice(1, -1).replace(/\\(.)/g, '$1');
  return undefined;
}

/** End index (exclusive) of the string literal starting at `start`. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  let index = start + 1;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The top-level arguments of the call whose `(` is at `open`, as source text. */
function callArguments(text: string, open: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let index = open; index < text.length; index += 1) {
    const character = text[index];
    if (character === "'" || character === '"' || character === '`') {
      index = skipString(text, index) - 1;
    } else if (character === '(' || character === '[' || character === '{') {
      depth += 1;
    } else if (character === ')' || character === ']' || character === '}') {
      depth -= 1;
      if (depth === 0) {
        parts.push(text.slice(start, index));
        break;
      }
    } else if (character === ',' && depth === 1) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Walks `segments` from `depth` folders below the root: where it ends, or that it left the repository. */
function walk(depth: number, segments: string[]): number | 'outside' {
  let current = depth;
  for (const segment of segments) {
    if (segment === '..') current -= 1;
    else if (segment !== '.' && segment !== '') current += 1;
    if (current < 0) return 'outside';
  }
  return current;
}

const CLIMBS_OUT = 'climbs above the repository root';

function isAbsolute(value: string): boolean {
  return path.posix.isAbsolute(value) || path.win32.isAbsolute(value);
}

interface PathCall {
  /** Folders below the root the result is, undefined when unknown (a base this cannot place). */
  depth: number | undefined;
  problem: string | undefined;
}

/** Follows `path.join/resolve(base, 'literal', …)` from a base whose depth is known. */
function evaluatePathCall(args: string[], baseDepth: (expression: string) => number | undefined): PathCall {
  const [first, ...rest] = args;
  if (first === undefined) return { depth: undefined, problem: undefined };
  const firstLiteral = literalValue(first);
  // A relative first argument is taken from the working directory: the repository root.
  const literals = firstLiteral === undefined ? rest : args;
  let depth = firstLiteral === undefined ? baseDepth(first.replace(/\s+/g, '')) : 0;
  const trail: string[] = [];
  for (const argument of literals) {
    const value = literalValue(argument);
    if (value === undefined) return { depth: undefined, problem: undefined };
    const segments = value.split(/[\\/]/);
    // An absolute path is somewhere on the machine: only the text rules judge it.
    if (isAbsolute(value)) depth = undefined;
    trail.push(...segments.filter((segment) => segment !== '' && segment !== '.'));
    // `..` then `shared`: the fixture folder beside the checkout, whatever the base.
    const climbedInto = trail.findIndex(
      (segment, index) => segment === 'shared' && trail[index - 1] === '..',
    );
    if (climbedInto !== -1)
      return { depth: undefined, problem: "climbs '..' into 'shared', beside the checkout" };
    if (depth !== undefined) {
      const end = walk(depth, segments);
      if (end === 'outside') return { depth: undefined, problem: CLIMBS_OUT };
      depth = end;
    }
  }
  return { depth, problem: undefined };
}

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** A resolver of base expressions in `file`: this file's directory, the working directory, or a named constant. */
function baseResolver(
  file: string,
  names: ReadonlyMap<string, number>,
): (expression: string) => number | undefined {
  const fileDepth = depthOf(path.posix.dirname(file));
  return (expression) => {
    if (OWN_DIRECTORY.has(expression)) return fileDepth;
    if (WORKING_DIRECTORY.has(expression)) return 0;
    return names.get(expression);
  };
}

/**
 * The constants `file` defines from a place this can follow (its own directory, the working
 * directory, `knownDepths`, or an earlier such constant), each with how many folders below the
 * repository root it points: `REPO_ROOT = path.resolve(here, '..', '..')` in test/helpers → 0.
 */
export function placeConstants(
  file: string,
  text: string,
  knownDepths: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const placed = new Map<string, number>();
  if (!CODE_FILE.test(file)) return placed;
  const names = new Map(knownDepths);
  const baseDepth = baseResolver(file, names);
  for (const definition of text.matchAll(CONST_DEFINITION)) {
    const start = (definition.index ?? 0) + definition[0].length;
    const rest = text.slice(start);
    const direct = /^([^;\n]+?)\s*;/.exec(rest)?.[1]?.replace(/\s+/g, '');
    let depth = direct === undefined ? undefined : baseDepth(direct);
    const call = /^(?:path\.(?:posix\.)?|posix\.)?(?:join|resolve)\s*\(/.exec(rest);
    if (depth === undefined && call !== null)
      depth = evaluatePathCall(callArguments(text, start + call[0].length - 1), baseDepth).depth;
    if (depth === undefined) continue;
    placed.set(definition[1] as string, depth);
    names.set(definition[1] as string, depth);
  }
  return placed;
}

/**
 * Where `text` (the content of the repository file `file`, `/`-separated and relative to the
 * root) refers to a path outside the repository: the shared fixture folder or a machine's
 * absolute path anywhere in the text; `path.join/resolve` chains that climb above the root from
 * a base whose place is known (see placeConstants; `knownDepths` adds imported constants such
 * as REPO_ROOT → 0); and relative specifiers (`'../../x'`) that climb out of the repository from
 * this file's directory.
 */
export function findOutsideReferences(
  file: string,
  text: string,
  knownDepths: ReadonlyMap<string, number> = new Map(),
): OutsideReference[] {
  const found: OutsideReference[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, reason } of MACHINE_PATTERNS) {
      if (pattern.test(line)) found.push({ file, line: index + 1, reason });
    }
  });
  if (!CODE_FILE.test(file)) return found;

  const report = (index: number, reason: string): void => {
    found.push({ file, line: lineAt(text, index), reason });
  };
  const baseDepth = baseResolver(file, new Map([...knownDepths, ...placeConstants(file, text, knownDepths)]));

  for (const call of text.matchAll(PATH_CALL)) {
    const open = (call.index ?? 0) + call[0].length - 1;
    const { problem } = evaluatePathCall(callArguments(text, open), baseDepth);
    if (problem !== undefined) report(call.index ?? 0, `path.${call[1]}(…) ${problem}`);
  }

  const fileDepth = depthOf(path.posix.dirname(file));
  for (const literal of text.matchAll(STRING_LITERAL)) {
    const value = literalValue(literal[0]);
    if (value === undefined || !value.startsWith('../')) continue;
    if (walk(fileDepth, value.split(/[\\/]/)) === 'outside')
      report(literal.index ?? 0, `'${value}' from ${path.posix.dirname(file)}/ ${CLIMBS_OUT}`);
  }
  return found.sort((left, right) => left.line - right.line);
}
