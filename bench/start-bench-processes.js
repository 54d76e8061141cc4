/**
 * The two child processes of the benchmark (the mock provider and `ais serve`)
 * and what /proc says about them. Every start has a bounded wait; every stop
 * waits for the exit.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shebangNodeFlags } from './shebang-node-flags.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..');
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 20_000;

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every mainstream Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Spawns a child and resolves once `pattern` shows in its stdout; a child that fails to get there is stopped. */
async function startProcess(command, args, options, pattern, label) {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const collect = (chunk) => {
    // Keep only the tail: a long run must not grow this string without bound.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}) before listening:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  try {
    return { url: await ready, pid: child.pid, stop, output: () => output };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The node flags ais runs with: its bin's shebang flags, then BENCH_AIS_NODE_FLAGS. */
export function aisNodeFlags(bin) {
  return [...shebangNodeFlags(bin), ...(process.env.BENCH_AIS_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
}

/** The fake provider (bench/serve-mock-upstream.js) in its own process. */
export function startMockUpstream() {
  return startProcess(
    process.execPath,
    [path.join(here, 'serve-mock-upstream.js')],
    {},
    /MOCK (http:\/\/\S+)/,
    'mock upstream',
  );
}

/**
 * `ais serve --port 0` on the built output (node started with the bin's shebang flags), in a fresh AIS_HOME
 * holding `configText`; recording is what `configText` says (the default: capture errors).
 * `cpuProfileDir` runs it under `node --cpu-prof` (the profile is written on exit);
 * `bin` names another build's bin/ais.js.
 */
export async function startAis(configText, options = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-bench-'));
  writeFileSync(path.join(home, 'config.yaml'), configText);
  const bin = options.bin ?? path.join(REPO_ROOT, 'bin', 'ais.js');
  const nodeFlags = [
    ...aisNodeFlags(bin),
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
  ];
  const cleanUp = () => rmSync(home, { recursive: true, force: true });
  let started;
  try {
    started = await startProcess(
      process.execPath,
      [...nodeFlags, bin, 'serve', '--port', '0'],
      { env: { ...process.env, AIS_HOME: home } },
      /AI Switch (http:\/\/\S+)/,
      'ais serve',
    );
  } catch (error) {
    cleanUp();
    throw error;
  }
  return {
    ...started,
    home,
    async stop() {
      const code = await started.stop();
      cleanUp();
      return code;
    },
  };
}

/**
 * The floor to compare with (bench/serve-bare-pipe.js): a bare node:http pipe
 * to the mock, `routes` mapping each route key to an upstream path prefix.
 * Same shape as `startAis`'s result.
 */
export function startBarePipe(mockUrl, routes) {
  return startProcess(
    process.execPath,
    [
      path.join(here, 'serve-bare-pipe.js'),
      mockUrl,
      ...Object.entries(routes).map(([key, prefix]) => `${key}=${prefix}`),
    ],
    {},
    /AI Switch (http:\/\/\S+)/,
    'bare pipe',
  );
}

/** User + system CPU time (µs) in a /proc …/stat file. */
function cpuMicrosIn(statPath) {
  const stat = readFileSync(statPath, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/**
 * CPU time (µs) of a live process (all threads) and of its main thread alone, and its peak RSS (bytes).
 * A Node server's requests run on its main thread: when that one is busy all the time, its CPU per
 * request, not the process's, sets the throughput (GC helpers and worker threads run beside it).
 */
export function readProcessStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return {
    cpuMicros: cpuMicrosIn(`/proc/${pid}/stat`),
    mainThreadCpuMicros: cpuMicrosIn(`/proc/${pid}/task/${pid}/stat`),
    peakRssBytes: kilobytes('VmHWM'),
  };
}

/** The soft limit on open files of this process (children inherit it). */
export function openFileLimit() {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\S+)/m.exec(limits);
  return match?.[1] === 'unlimited' ? Infinity : Number(match?.[1] ?? 1024);
}

/** TcpExt ListenOverflows: connects refused because a listen queue was full (they retry after ~1 s). */
export function listenOverflows() {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf('ListenOverflows')] ?? 0);
  } catch {
    return 0;
  }
}
