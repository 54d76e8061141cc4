import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneLogs } from '../../main/core/logging/create-logger';

describe('pruneLogs', () => {
  it('deletes daily log files older than the retention period and nothing else', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-logs-'));
    const dir = path.join(home, 'logs');
    mkdirSync(dir);
    const now = Date.parse('2026-11-21T12:00:00Z');
    const write = (name: string, day: string): void => {
      const file = path.join(dir, name);
      writeFileSync(file, '{}\n');
      const time = new Date(`${day}T12:00:00Z`);
      utimesSync(file, time, time);
    };
    write('ais-2026-10-01.log', '2026-10-01');
    write('ais-2026-10-25.log', '2026-10-25');
    write('ais-2026-11-20.log', '2026-11-20');
    write('notes.txt', '2026-01-01');
    expect(pruneLogs(home, 30, now)).toEqual(['ais-2026-10-01.log']);
    expect(readdirSync(dir).sort()).toEqual(['ais-2026-10-25.log', 'ais-2026-11-20.log', 'notes.txt']);
  });

  it('does nothing when there is no logs folder yet', () => {
    expect(pruneLogs(mkdtempSync(path.join(tmpdir(), 'ais-nologs-')), 30)).toEqual([]);
  });
});
