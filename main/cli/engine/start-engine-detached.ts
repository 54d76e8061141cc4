import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findRunningEngine, type EngineState } from './find-running-engine';

const START_TIMEOUT_MS = 20_000;

export interface DetachedStart {
  url: string;
  pid: number;
  /** Where the background process's stderr goes (its logs are in <home>/logs/ais-<date>.log). */
  stderrLog: string;
}

/** Where `ais serve -d` writes the background process's stderr (start-up failures, crashes). */
export function detachedStderrPath(home: string): string {
  return path.join(home, 'logs', 'serve-stderr.log');
}

/**
 * `ais serve -d`: runs `ais serve` as a detached process (its own session, no
 * terminal) and waits until run.json names its URL and /health answers.
 * `entry` is the script that runs the CLI (bin/ais.js), started with this
 * node's flags (the heap limits of its shebang).
 */
export async function startEngineDetached(options: {
  home: string;
  entry: string;
  serveArgs: readonly string[];
  env?: NodeJS.ProcessEnv;
}): Promise<DetachedStart> {
  const stderrLog = detachedStderrPath(options.home);
  mkdirSync(path.dirname(stderrLog), { recursive: true, mode: 0o700 });
  const stderrFd = openSync(stderrLog, 'w', 0o600);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let child;
  try {
    child = spawn(process.execPath, [...process.execArgv, options.entry, 'serve', ...options.serveArgs], {
      detached: true,
      // stdout repeats the log file's JSON lines: not kept twice.
      stdio: ['ignore', 'ignore', stderrFd],
      env: { ...(options.env ?? process.env), AIS_HOME: options.home },
      windowsHide: true,
    });
  } finally {
    closeSync(stderrFd);
  }
  child.once('exit', (code, signal) => (exit = { code, signal }));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  let state: EngineState = { kind: 'down', reason: 'not started' };
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, delay(150).then(() => undefined)]);
    if (failed) throw new Error(`could not start ${process.execPath}: ${failed.message}`);
    state = await findRunningEngine(options.home);
    if (state.kind === 'up' && state.info.pid === child.pid)
      return { url: state.url, pid: state.info.pid, stderrLog };
    if (state.kind === 'up')
      throw new Error(`another AI Switch (pid ${state.info.pid}) is running on ${state.url}`);
    if (exit)
      throw new Error(`ais serve exited (${exit.code ?? exit.signal}) while starting: ${tail(stderrLog)}`);
  }
  throw new Error(
    `ais serve did not start within ${START_TIMEOUT_MS / 1000} s (${state.kind === 'down' ? state.reason : ''}); see ${stderrLog}`,
  );
}

function tail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' / ') || `nothing in ${file}`;
  } catch {
    return `see ${file}`;
  }
}
