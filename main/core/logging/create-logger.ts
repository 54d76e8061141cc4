import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

const LOG_FILE = /^ais-(\d{4}-\d{2}-\d{2})\.log$/;

export interface LoggerHandle {
  logger: Logger;
  /** Flush buffered file output (call before exit). */
  flush(): void;
}

/**
 * Structured JSON logs to stdout and to `<home>/logs/ais-<date>.log`. One file
 * a day (the date of the process start), pruned after the retention period.
 */
export function createLogger(options: {
  home?: string;
  level?: string;
  stdout?: boolean;
  /**
   * Applied to every line before it is written: provider keys quoted by an
   * upstream's error (or anywhere else) never reach a log.
   */
  maskText?: (text: string) => string;
}): LoggerHandle {
  const level = options.level ?? process.env.AIS_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [];
  const masked = (target: pino.DestinationStream): pino.DestinationStream => {
    const mask = options.maskText;
    return mask ? { write: (line: string) => target.write(mask(line)) } : target;
  };
  if (options.stdout !== false) streams.push({ level: level as pino.Level, stream: masked(process.stdout) });
  let file: pino.DestinationStream | undefined;
  if (options.home) {
    const dir = path.join(options.home, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const day = new Date().toISOString().slice(0, 10);
    const logPath = path.join(dir, `ais-${day}.log`);
    // Logs name providers, routes and clients: owner-only, whatever the umask (and an earlier file tightened).
    closeSync(openSync(logPath, 'a', 0o600));
    try {
      chmodSync(logPath, 0o600);
    } catch {
      // Another owner's file: it is still written to.
    }
    const destination = pino.destination({ dest: logPath, sync: false, mkdir: true, mode: 0o600 });
    file = destination;
    streams.push({ level: level as pino.Level, stream: masked(destination) });
  }
  const logger = pino({ level, base: { app: 'ai-switch' } }, pino.multistream(streams));
  return {
    logger,
    flush() {
      const destination = file as (pino.DestinationStream & { flushSync?: () => void }) | undefined;
      try {
        destination?.flushSync?.();
      } catch {
        // Nothing written yet (the stream is not ready): nothing to flush.
      }
    },
  };
}

/** Delete log files older than `retentionDays`; returns the names removed. */
export function pruneLogs(home: string, retentionDays: number, now = Date.now()): string[] {
  const dir = path.join(home, 'logs');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const cutoff = now - retentionDays * 86_400_000;
  const removed: string[] = [];
  for (const name of names) {
    const match = LOG_FILE.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const dated = Date.parse(`${match[1]}T00:00:00Z`);
    const modified = statSync(file).mtimeMs;
    if (Math.max(dated, modified) < cutoff) {
      unlinkSync(file);
      removed.push(name);
    }
  }
  return removed;
}
