import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';
import { findOutsideReferences, placeConstants } from '../helpers/find-outside-references';

// Issue #17: a lone clone must run `npm test` and pass, so no test, helper, bench or
// configuration file may reach beside the checkout (as the tests once did for their recordings).

/** Recorded data, not code: read by the tests, never reading anything itself. */
const DATA = 'test/fixtures/';
const ROOT_FILES = /^(?:[^/]+\.(?:json|[cm]?[jt]s|ya?ml)|README\.md|CONTRIBUTING\.md|\.ci\/[^/]+)$/;
const NOT_SCANNED = new Set(['package-lock.json']);

function filesBelow(relative: string): string[] {
  const absolute = path.join(REPO_ROOT, relative);
  if (!existsSync(absolute)) return [];
  if (statSync(absolute).isFile()) return [relative];
  return readdirSync(absolute).flatMap((name) => filesBelow(path.posix.join(relative, name)));
}

function scannedFiles(): string[] {
  const rootFiles = [...readdirSync(REPO_ROOT), ...filesBelow('.ci')].filter(
    (name) => ROOT_FILES.test(name) && !NOT_SCANNED.has(name),
  );
  const trees = [...filesBelow('test'), ...filesBelow('bench')].filter((file) => !file.startsWith(DATA));
  return [...rootFiles, ...trees].sort();
}

const files = scannedFiles();
const texts = new Map(files.map((file) => [file, readFileSync(path.join(REPO_ROOT, file), 'utf8')]));

/** Where each exported path constant points (REPO_ROOT → the root), for the files importing it. */
function exportedDepths(): Map<string, number> {
  const depths = new Map<string, number>();
  const conflicting = new Set<string>();
  for (const [file, text] of texts) {
    const exported = new Set(
      [...text.matchAll(/\bexport\s+const\s+([A-Za-z_$][\w$]*)/g)].map((match) => match[1]),
    );
    for (const [name, depth] of placeConstants(file, text)) {
      if (!exported.has(name)) continue;
      if (depths.has(name) && depths.get(name) !== depth) conflicting.add(name);
      depths.set(name, depth);
    }
  }
  for (const name of conflicting) depths.delete(name);
  return depths;
}

describe('the repository tests itself', () => {
  const known = exportedDepths();

  it('scans the tests, their helpers, the benches and the configuration', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'vitest.config.ts',
        '.ci/run',
        'test/helpers/fixtures.ts',
        'test/server/passthrough.test.ts',
        'bench/run.js',
        'bench/serve-mock-upstream.js',
      ]),
    );
    expect(files.some((file) => file.startsWith(DATA))).toBe(false);
  });

  it('knows where the shared path constants point', () => {
    expect(known.get('REPO_ROOT')).toBe(0);
    expect(known.get('FIXTURES')).toBe(2);
  });

  it('has no file referring to a path outside the repository', () => {
    const found = files.flatMap((file) => findOutsideReferences(file, texts.get(file) ?? '', known));
    expect(found.map((reference) => `${reference.file}:${reference.line} ${reference.reason}`)).toEqual([]);
  });
});
