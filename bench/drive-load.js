/**
 * Load generators: for throughput and latency, wrk when it is installed
 * (`apt-get install wrk`; written in C, run with one thread) and autocannon
 * otherwise (JavaScript, in the bench's own process, on the same two cores
 * as the proxy), both with microsecond latency (autocannon's own histogram
 * rounds to whole milliseconds, too coarse for a 0.3 ms budget, so every
 * response time is kept from its `response` event); and a small node:http
 * client for streams, which times the first body byte of every request.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

function summarise(values) {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** `wrk` when it is on PATH and BENCH_LOADGEN does not ask for autocannon. */
export function throughputTool() {
  if (process.env.BENCH_LOADGEN === 'autocannon') return 'autocannon';
  if (spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error) {
    if (process.env.BENCH_LOADGEN === 'wrk') throw new Error('BENCH_LOADGEN=wrk but wrk is not installed');
    return 'autocannon';
  }
  return 'wrk';
}

/** One throughput run with the tool `throughputTool()` picked. */
export function runThroughput(tool, options) {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options);
}

/*
 * The request comes from files (body as is, headers one per line) so no byte
 * of it passes through Lua string escaping; `done` prints the counts and the
 * latency percentiles (microseconds, from wrk's own histogram).
 */
const WRK_SCRIPT = `
local dir = os.getenv("AIS_WRK_DIR")
local body = io.open(dir .. "/body", "rb")
wrk.method = "POST"
wrk.body = body:read("*a")
body:close()
for line in io.lines(dir .. "/headers") do
  local name, value = line:match("^([^:]+): (.*)$")
  if name then wrk.headers[name] = value end
end
if os.getenv("AIS_WRK_SEED") then
  -- Every request unique (a response cache must miss): the body's [<id>] becomes seed-counter.
  local seed = os.getenv("AIS_WRK_SEED")
  local prefix, suffix = wrk.body:match("^(.-)%[<id>%](.*)$")
  local counter = 0
  request = function()
    counter = counter + 1
    return wrk.format(nil, nil, nil, prefix .. seed .. "-" .. counter .. suffix)
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("AIS_WRK %d %d %d %d %f %f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
`;

/** `[<id>]` in a body: each request gets a different id there (autocannon's own marker). */
export const UNIQUE_ID_MARKER = '[<id>]';

/**
 * One wrk run (one thread, `connections` keep-alive connections). Only 2xx
 * answers count as requests; anything else, and every socket error or
 * timeout, counts as an error. A body holding `UNIQUE_ID_MARKER` is made
 * unique per request (a run-wide seed and a counter).
 */
export function runWrk({ url, connections, durationSeconds, headers, body }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ais-wrk-'));
  writeFileSync(path.join(dir, 'body'), body);
  writeFileSync(
    path.join(dir, 'headers'),
    Object.entries({ 'content-type': 'application/json', ...headers })
      .map(([name, value]) => `${name}: ${value}\n`)
      .join(''),
  );
  writeFileSync(path.join(dir, 'script.lua'), WRK_SCRIPT);
  const args = ['-t', '1', '-c', String(connections), '-d', `${durationSeconds}s`, '--timeout', '30s'];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [...args, '-s', path.join(dir, 'script.lua'), url], {
      env: {
        ...process.env,
        AIS_WRK_DIR: dir,
        ...(body.includes(UNIQUE_ID_MARKER)
          ? { AIS_WRK_SEED: `${process.pid}.${Date.now()}.${Math.floor(Math.random() * 1e9)}` }
          : {}),
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = output.split('\n').find((text) => text.startsWith('AIS_WRK '));
      if (code !== 0 || line === undefined) return reject(new Error(`wrk failed (exit ${code}): ${output}`));
      const [requests, micros, socketErrors, statusErrors, p50, p99] = line.split(' ').slice(1).map(Number);
      const answered = requests - statusErrors;
      resolve({
        requests: answered,
        requestsPerSecond: answered / (micros / 1e6),
        p50: p50 / 1000,
        p99: p99 / 1000,
        errors: socketErrors + statusErrors,
      });
    });
  });
}

/**
 * One autocannon run. Only 2xx answers count as requests; anything else, and
 * every socket error or timeout, counts as an error. `UNIQUE_ID_MARKER` in the
 * body gets a fresh id per request.
 */
export function runAutocannon({ url, connections, durationSeconds, headers, body }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let errors = 0;
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: durationSeconds,
        headers,
        body,
        idReplacement: body.includes(UNIQUE_ID_MARKER),
        timeout: 30,
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (result.finish - result.start) / 1000 || durationSeconds;
        const latency = summarise(latencies);
        resolve({
          requests: latency.count,
          requestsPerSecond: latency.count / seconds,
          p50: latency.p50,
          p99: latency.p99,
          errors: errors + result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else errors += 1;
    });
  });
}

/**
 * Streams with a per-request clock: `concurrency` loops, each sending requests
 * back to back until `durationMs` has passed (or `requestsPerLoop` are done).
 * `spreadMs` starts the loops evenly over that many milliseconds instead of all at once.
 * A request counts as an error unless it answered 200 and its body ends with
 * `expectTail` (the protocol's closing event).
 */
export async function runStreams({
  url,
  concurrency,
  durationMs = Infinity,
  requestsPerLoop = Infinity,
  headers,
  body,
  expectTail,
  spreadMs = 0,
}) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const payload = Buffer.from(body);
  const requestHeaders = { ...headers, 'content-length': String(payload.length) };
  const firstByte = [];
  const total = [];
  let errors = 0;
  const firstErrors = new Map();
  const started = performance.now();
  const deadline = started + durationMs;

  const once = () =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      let firstAt = 0;
      let tail = '';
      const fail = (reason) => {
        errors += 1;
        firstErrors.set(reason, (firstErrors.get(reason) ?? 0) + 1);
        resolve();
      };
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          headers: requestHeaders,
          agent,
        },
        (response) => {
          response.on('data', (chunk) => {
            if (firstAt === 0) firstAt = performance.now();
            tail = (tail + chunk.toString('latin1')).slice(-256);
          });
          response.on('end', () => {
            if (response.statusCode !== 200) return fail(`status ${response.statusCode}`);
            if (!tail.trimEnd().endsWith(expectTail))
              return fail('stream did not end with its closing event');
            firstByte.push(firstAt - sentAt);
            total.push(performance.now() - sentAt);
            resolve();
          });
          response.on('error', (error) => fail(error.code ?? error.message));
        },
      );
      request.on('error', (error) => fail(error.code ?? error.message));
      request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
      request.end(payload);
    });

  const loop = async (_, index) => {
    if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (index * spreadMs) / concurrency));
    for (let done = 0; done < requestsPerLoop && performance.now() < deadline; done += 1) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const ttfb = summarise(firstByte);
  const whole = summarise(total);
  return {
    requests: ttfb.count,
    requestsPerSecond: ttfb.count / seconds,
    ttfbP50: ttfb.p50,
    ttfbP99: ttfb.p99,
    p50: whole.p50,
    p99: whole.p99,
    errors,
    errorKinds: Object.fromEntries(firstErrors),
  };
}
