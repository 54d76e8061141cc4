import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a running engine says about itself in `<home>/run.json`. */
export interface RunInfo {
  pid: number;
  /** The proxy's listening URL; absent while the engine is still starting. */
  url?: string;
  startedAt: number;
  version: string;
}

export const RUN_FILE_NAME = 'run.json';

export function runFilePath(home: string): string {
  return path.join(home, RUN_FILE_NAME);
}

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type RunFileState =
  | { kind: 'none' }
  | { kind: 'running'; info: RunInfo }
  /** The file names a pid that is gone (a crash, kill -9), or cannot be read. */
  | { kind: 'stale'; info?: RunInfo };

/** Finds the engine already running on this home, if any. */
export function readRunFile(home: string): RunFileState {
  let text: string;
  try {
    text = readFileSync(runFilePath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const info = parseRunInfo(text);
  if (!info) return { kind: 'stale' };
  return isProcessAlive(info.pid) ? { kind: 'running', info } : { kind: 'stale', info };
}

function parseRunInfo(text: string): RunInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunInfo>;
    if (typeof value.pid !== 'number' || typeof value.startedAt !== 'number') return undefined;
    return {
      pid: value.pid,
      startedAt: value.startedAt,
      version: typeof value.version === 'string' ? value.version : 'unknown',
      ...(typeof value.url === 'string' ? { url: value.url } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Starting a second engine on a home that has a live one. */
export class AlreadyRunningError extends Error {
  constructor(
    readonly home: string,
    readonly running: RunInfo,
  ) {
    super(
      `AI Switch is already running on ${home} (pid ${running.pid}${running.url ? `, ${running.url}` : ', starting'}, version ${running.version}). ` +
        'Use that one (`ais status`), or stop it first (`ais stop`).',
    );
    this.name = 'AlreadyRunningError';
  }
}

/**
 * Claims the home for this process: creates run.json exclusively (0600), or
 * replaces a stale one. Throws AlreadyRunningError when a live engine holds it.
 */
export function claimRunFile(home: string, info: RunInfo): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = runFilePath(home);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeFileSync(fd, `${JSON.stringify(info)}\n`);
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readRunFile(home);
    if (existing.kind === 'running' && existing.info.pid !== process.pid)
      throw new AlreadyRunningError(home, existing.info);
    rmSync(file, { force: true });
  }
  throw new Error(`could not create ${file}: another process keeps creating it`);
}

/** Rewrites this process's run.json (e.g. with the URL once listening), atomically. */
export function updateRunFile(home: string, info: RunInfo): void {
  const file = runFilePath(home);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Removes run.json if it is this process's own (a clean exit). */
export function releaseRunFile(home: string, pid: number = process.pid): void {
  const state = readRunFile(home);
  if (state.kind !== 'none' && state.info?.pid === pid) rmSync(runFilePath(home), { force: true });
}
