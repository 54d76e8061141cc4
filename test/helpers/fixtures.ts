import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is test/helpers/fixtures.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The repository's own recorded provider traffic and real client requests, so a
 * fresh clone tests itself; test/fixtures/PROVENANCE.md says where each set came from.
 */
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

export interface ClientCapture {
  file: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Real client requests (Claude Code, Codex CLI, Gemini CLI, SDKs) whose file name matches. */
export function loadClientCaptures(match: RegExp): ClientCapture[] {
  const dir = path.join(FIXTURES, 'clients');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && match.test(file))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<ClientCapture, 'file'>),
    }));
}

/** Upstream recordings below `fixtures/upstream/<folder>` whose name matches. */
export function listUpstreamFixtures(folder: string, match: RegExp): string[] {
  const dir = path.join(FIXTURES, 'upstream', folder);
  return readdirSync(dir)
    .filter((file) => match.test(file))
    .sort()
    .map((file) => path.join(dir, file));
}

/** A `*.chunks.txt` recording: one JSON payload per line. */
export function readChunks(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
