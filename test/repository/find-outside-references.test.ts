import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { findOutsideReferences, placeConstants } from '../helpers/find-outside-references';

// The samples are data files (test/fixtures is not scanned), so the examples of what must
// fail do not make the repository's own check fail.
const SAMPLES = path.join(FIXTURES, 'outside-references');
const AS_FILE = 'test/server/sample.test.ts';
const KNOWN = new Map([
  ['REPO_ROOT', 0],
  ['FIXTURES', 2],
]);

function sample(name: string): string {
  return readFileSync(path.join(SAMPLES, name), 'utf8');
}

function markedLines(text: string): number[] {
  return text
    .split('\n')
    .flatMap((line, index) => (line.trimEnd().endsWith('// outside') ? [index + 1] : []));
}

describe('findOutsideReferences', () => {
  it('reports every way a test can name a path outside the repository, each on its line', () => {
    const text = sample('outside.js.txt');
    const marked = markedLines(text);
    expect(marked.length).toBeGreaterThanOrEqual(14);
    const reported = [...new Set(findOutsideReferences(AS_FILE, text, KNOWN).map((found) => found.line))];
    expect(reported).toEqual(marked);
  });

  it('reports nothing for paths inside the repository, unknown bases and path-like data', () => {
    expect(findOutsideReferences(AS_FILE, sample('inside.js.txt'), KNOWN)).toEqual([]);
  });

  it('catches a known root climbing out, the way the fixture folder beside the checkout was named', () => {
    const text = sample('climb-from-root.js.txt');
    expect(findOutsideReferences('bench/run.js', text, KNOWN)).toEqual([
      { file: 'bench/run.js', line: 1, reason: 'path.join(…) climbs above the repository root' },
    ]);
    // Unknown REPO_ROOT (nothing said where it points): only the text rules apply.
    expect(findOutsideReferences('bench/run.js', text)).toEqual([]);
  });

  it('judges a climb by the depth of the file it is in', () => {
    const text = sample('two-folders-up.js.txt');
    expect(findOutsideReferences('test/helpers/fixtures.ts', text)).toEqual([]);
    expect(findOutsideReferences('bench/run.js', text)).toHaveLength(1);
  });

  it('applies the text rules, and only those, to documents and configuration', () => {
    const found = findOutsideReferences('README.md', sample('readme.md.txt'), KNOWN);
    expect(found.map((reference) => reference.line)).toEqual([1, 1, 2]);
  });
});

describe('placeConstants', () => {
  it('places constants defined from this file, the working directory or known constants', () => {
    const text = [
      'const here = path.dirname(fileURLToPath(import.meta.url));',
      "export const REPO_ROOT = path.resolve(here, '..', '..');",
      "export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');",
      "const CWD_BENCH = path.resolve(process.cwd(), 'bench');",
      "const FROM_IMPORT = path.join(IMPORTED, 'x');",
      "const UNKNOWN = path.join(os.tmpdir(), 'x');",
    ].join('\n');
    expect(
      Object.fromEntries(placeConstants('test/helpers/fixtures.ts', text, new Map([['IMPORTED', 1]]))),
    ).toEqual({
      here: 2,
      REPO_ROOT: 0,
      FIXTURES: 2,
      CWD_BENCH: 1,
      FROM_IMPORT: 2,
    });
  });
});
