import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../main/core/store';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.mjs');

/** Run the child until it has written a few batches, keep it writing a little longer, then SIGKILL it. */
function recordThenKill(dbPath: string, extraMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? resolve(signal) : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe('crash safety', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a process killed with SIGKILL mid-load leaves an intact database whose rollups match its traces', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ais-crash-'));
    const dbPath = path.join(dir, 'ais.db');
    expect(await recordThenKill(dbPath, 37)).toBe('SIGKILL');

    const db = new Database(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const traces = db
      .prepare(
        'SELECT COUNT(*) AS requests, SUM(input_tokens) AS input, SUM(cache_read_tokens) AS cacheRead, SUM(is_error) AS errors FROM traces',
      )
      .get() as { requests: number; input: number; cacheRead: number; errors: number };
    const rollups = db
      .prepare(
        'SELECT SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(cache_read_tokens) AS cacheRead, SUM(errors) AS errors FROM usage_hourly',
      )
      .get();
    db.close();
    expect(traces.requests).toBeGreaterThanOrEqual(2000);
    // Trace rows and rollups commit in the same transaction: a kill can lose a batch, never half of one.
    expect(rollups).toEqual(traces);

    // And the store opens it again and keeps going.
    const store = createStore({ dbPath, captureMode: 'all', retentionDays: 30, secrets: () => [] });
    expect(store.queries.listTraces({ limit: 5 }).items).toHaveLength(5);
    store.close();
  }, 60_000);
});
