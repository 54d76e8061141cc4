/**
 * `npm run bench`: the proxy benchmark on the built output.
 *
 * A mock provider (bench/serve-mock-upstream.js, its own process, precomputed
 * DeepSeek bodies) and a fresh `ais serve` per scenario (node started with the
 * heap flags of bin/ais.js's shebang, as the installed command is), recording
 * on as users run it (traces and usage for every request, bodies of failed
 * ones: the default `recording.capture: errors`). Every scenario is measured against the mock
 * directly and through the proxy in the same run; "added" is the difference
 * of the two p50s. Proxy CPU comes from /proc/<pid>/stat over the measured
 * window, peak RSS from VmHWM.
 *
 *   node bench/run.js [--seconds 5] [--only id,id] [--profile] [--ais path/to/bin/ais.js] [--bare]
 *
 * --ais runs another build (a copy of bin/ + out/ beside a node_modules),
 * to compare two versions in the same conditions.
 * --profile runs ais under `node --cpu-prof` and prints its top self-time
 * functions after each scenario (the timings are then inflated).
 * --bare runs the passthrough scenarios through a bare Node pipe instead of
 * ais (bench/serve-bare-pipe.js): the floor this machine gives any Node proxy.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClaudeCodeRequest } from './build-claude-code-request.js';
import { runStreams, runThroughput, throughputTool, UNIQUE_ID_MARKER } from './drive-load.js';
import {
  aisNodeFlags,
  listenOverflows,
  openFileLimit,
  readProcessStats,
  REPO_ROOT,
  startAis,
  startBarePipe,
  startMockUpstream,
} from './start-bench-processes.js';
import { formatCpuProfile, summariseCpuProfile } from './summarise-cpu-profile.js';

const options = parseArguments(process.argv.slice(2));
/** wrk where installed, else autocannon (BENCH_LOADGEN=autocannon|wrk picks). */
const LOAD_GENERATOR = throughputTool();
const SECONDS = options.seconds;
const WARMUP_SECONDS = 1;
const BURST = 1000;
/**
 * How long one paced stream lasts (20 events 10 ms apart, as the mock sends them). The
 * c = 32 loops start spread over it, so requests arrive as a steady load does; started
 * together they would stay in lockstep and arrive 32 at a time, every time, which
 * measures a burst's queue (the mock alone then shows ~1 ms "TTFB"), not the proxy.
 */
const PACED_STREAM_MS = 200;
const CLIENTS = path.join(REPO_ROOT, 'test', 'fixtures', 'clients');
const PROVIDER_KEY = 'sk-bench-provider-key-0000';

function parseArguments(argv) {
  const parsed = {
    seconds: Number(process.env.BENCH_SECONDS ?? 5),
    only: undefined,
    profile: false,
    ais: undefined,
    bare: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--seconds') parsed.seconds = Number(argv[(index += 1)]);
    else if (flag === '--only') parsed.only = new Set(String(argv[(index += 1)]).split(','));
    else if (flag === '--profile') parsed.profile = true;
    else if (flag === '--ais') parsed.ais = path.resolve(String(argv[(index += 1)]));
    else if (flag === '--bare') parsed.bare = true;
    else
      throw new Error(`unknown option ${flag}; use --seconds N, --only id,id, --profile, --ais path, --bare`);
  }
  if (!(parsed.seconds > 0 && parsed.seconds <= 60)) throw new Error('--seconds must be between 0 and 60');
  if (parsed.bare && (parsed.profile || parsed.ais))
    throw new Error('--bare runs no ais: drop --profile and --ais');
  return parsed;
}

/** A real client request from the fixtures: its path, body and headers (minus what the transport sets). */
function clientRequest(file) {
  const capture = JSON.parse(readFileSync(path.join(CLIENTS, `${file}.json`), 'utf8'));
  const headers = {};
  for (const [name, value] of Object.entries(capture.headers)) {
    if (!['host', 'content-length', 'connection', 'authorization', 'x-api-key'].includes(name))
      headers[name] = value;
  }
  return { path: capture.path, headers, body: JSON.stringify(capture.body) };
}

const chatJson = clientRequest('sdk-openai-chat-json__sdk-openai__POST-v1-chat-completions__01');
const chatStream = clientRequest('sdk-openai-chat-stream__sdk-openai__POST-v1-chat-completions__01');
const anthropicJson = clientRequest('sdk-anthropic-json__sdk-anthropic__POST-v1-messages__01');
const anthropicStream = clientRequest('sdk-anthropic-stream__sdk-anthropic__POST-v1-messages__01');
const claudeCode = buildClaudeCodeRequest();

/** `request` with its last user message made unique per request (the load generator fills the marker). */
function withUniquePrompt(request) {
  const body = JSON.parse(request.body);
  const last = body.messages.at(-1);
  last.content = `${last.content} (request ${UNIQUE_ID_MARKER})`;
  return { ...request, body: JSON.stringify(body) };
}

/** The Chat JSON request, never the same twice: with the response cache on, every one is a miss (and a store). */
const chatJsonUnique = withUniquePrompt(chatJson);

const CHAT_TAIL = 'data: [DONE]';
const ANTHROPIC_TAIL = '"message_stop"}';

/** BENCH_CAPTURE=all|off measures what keeping every body (or none) costs; unset = the default config. */
const CAPTURE = process.env.BENCH_CAPTURE;

/*
 * Every guardrail that acts on an ordinary request, none of them in the way: budgets (a route's and a global
 * one, every limit) and rate limits (route, global, provider) far above the load, so each request reserves,
 * takes slots and settles; the starter rules plus rules on tool calls and the user message, so each answer
 * and prompt is inspected; lockout on; the cache on for requests without a temperature, so each request is
 * looked up, misses and is stored (the benchmark makes every prompt unique). The audit log is always on; it
 * records admin changes, not proxied requests.
 */
const GUARDRAILS = `
guardrails:
  starter_rules: true
  intercept:
    - { name: bench-root-delete, target: tool_call, match: command, pattern: ["rm -r /", "rm -r ~"], action: block }
    - { name: bench-curl, target: tool_call, match: regex, pattern: "curl [^|]*[|] *(ba)?sh", action: warn }
    - { name: bench-password, target: user_message, match: contains, pattern: "my password is", ignore_case: true }
  budgets:
    - { route: bench-json, window: day, requests: 1000000000, tokens: 1000000000000, input_tokens: 1000000000000, output_tokens: 1000000000000, cost_usd: 1000000000 }
    - { route: "*", window: month, cost_usd: 1000000000, tokens: 1000000000000 }
  rate_limits:
    - { route: bench-json, rpm: 100000000, concurrent: 10000 }
    - { route: "*", rpm: 100000000, concurrent: 10000 }
    - { provider: mock-json, concurrent: 10000 }
  lockout: { max_failures: 10, window_s: 60, block_s: 300 }
  cache: { mode: exact, memory_mb: 64, disk_mb: 512, ttl_h: 24, temperature: zero_or_unset }
`;

function aisConfig(mockUrl, { guardrails = false } = {}) {
  return `
${CAPTURE ? `recording: { capture: ${CAPTURE} }` : ''}${guardrails ? GUARDRAILS : ''}
providers:
  mock-json: { base_url: "${mockUrl}/json", api_key: ${PROVIDER_KEY}, format: chat }
  mock-sse: { base_url: "${mockUrl}/sse", api_key: ${PROVIDER_KEY}, format: chat }
  mock-paced: { base_url: "${mockUrl}/paced", api_key: ${PROVIDER_KEY}, format: chat }
routes:
  bench-json: { provider: mock-json, default_model: deepseek-chat }
  bench-sse: { provider: mock-sse, default_model: deepseek-chat }
  bench-paced: { provider: mock-paced, default_model: deepseek-chat }
  bench-long:
    provider: mock-sse
    default_model: deepseek-chat
    long_context_threshold: 60000
    scene_map: { longContext: "mock-sse|deepseek-long-context" }
`;
}

/** The bare pipe's routes: what `aisConfig` routes to, minus everything ais does on the way. */
const BARE_ROUTES = { 'bench-json': '/json', 'bench-sse': '/sse', 'bench-paced': '/paced' };

/*
 * passthrough: the client's protocol is the provider's (a bare pipe can run it too).
 * tool: 'throughput' (wrk or autocannon: req/s, whole-response latency), 'streams' (c loops,
 * time to first byte), 'burst' (c streams opened at once, one each).
 * direct: what a client would send to the provider itself.
 */
const SCENARIOS = [
  ...[1, 32, 256].map((c) => ({
    id: `chat-json-${c}`,
    passthrough: true,
    label: 'Chat passthrough JSON',
    c,
    tool: 'throughput',
    request: chatJson,
    route: 'bench-json',
    direct: { path: '/json/chat/completions', request: chatJson },
  })),
  {
    // The guardrails row's baseline: the same unique prompts (the load generator's per-request work
    // included), every guardrail off. Not `passthrough`, like the row it is the baseline of.
    id: 'chat-json-32-unique',
    label: 'Chat passthrough JSON, unique prompts, guardrails off',
    c: 32,
    tool: 'throughput',
    request: chatJsonUnique,
    route: 'bench-json',
    direct: { path: '/json/chat/completions', request: chatJson },
  },
  {
    // Not `passthrough`: the bare pipe has no guardrails to turn on.
    id: 'chat-json-32-guardrails',
    label: 'Chat passthrough JSON, every guardrail on (cache missing)',
    c: 32,
    tool: 'throughput',
    guardrails: true,
    request: chatJsonUnique,
    route: 'bench-json',
    direct: { path: '/json/chat/completions', request: chatJson },
  },
  {
    id: 'anthropic-json-32',
    label: 'Anthropic → Chat JSON',
    c: 32,
    tool: 'throughput',
    request: anthropicJson,
    route: 'bench-json',
    direct: { path: '/json/chat/completions', request: chatJson },
  },
  {
    id: 'anthropic-sse-32',
    label: 'Anthropic → Chat stream (20 events)',
    c: 32,
    tool: 'throughput',
    request: anthropicStream,
    route: 'bench-sse',
    direct: { path: '/sse/chat/completions', request: chatStream },
  },
  {
    id: 'chat-paced-32',
    passthrough: true,
    label: 'Chat passthrough paced stream, TTFB',
    c: 32,
    tool: 'streams',
    request: chatStream,
    route: 'bench-paced',
    tail: CHAT_TAIL,
    direct: { path: '/paced/chat/completions', request: chatStream, tail: CHAT_TAIL },
  },
  {
    id: 'anthropic-paced-32',
    label: 'Anthropic → Chat paced stream, TTFB',
    c: 32,
    tool: 'streams',
    request: anthropicStream,
    route: 'bench-paced',
    tail: ANTHROPIC_TAIL,
    direct: { path: '/paced/chat/completions', request: chatStream, tail: CHAT_TAIL },
  },
  {
    id: 'chat-paced-1000',
    passthrough: true,
    label: `${BURST} concurrent paced streams, passthrough, TTFB`,
    c: BURST,
    tool: 'burst',
    request: chatStream,
    route: 'bench-paced',
    tail: CHAT_TAIL,
    direct: { path: '/paced/chat/completions', request: chatStream, tail: CHAT_TAIL },
  },
  {
    id: 'anthropic-paced-1000',
    label: `${BURST} concurrent paced streams, Anthropic → Chat, TTFB`,
    c: BURST,
    tool: 'burst',
    request: anthropicStream,
    route: 'bench-paced',
    tail: ANTHROPIC_TAIL,
    direct: { path: '/paced/chat/completions', request: chatStream, tail: CHAT_TAIL },
  },
  {
    id: 'claude-code-300kb',
    label: `Claude Code ${Math.round(Buffer.byteLength(claudeCode.body) / 1024)} KB → Chat stream, long_context_threshold`,
    c: 1,
    tool: 'throughput',
    request: claudeCode,
    route: 'bench-long',
    direct: { path: '/sse/chat/completions', request: claudeCode },
  },
];

/** Runs one load shape against `baseUrl + path`, authenticating with `key`. */
function drive(tool, { baseUrl, path: requestPath, request, key, connections, seconds, tail }) {
  const headers = { ...request.headers, authorization: `Bearer ${key}` };
  const url = `${baseUrl}${requestPath}`;
  switch (tool) {
    case 'throughput':
      return runThroughput(LOAD_GENERATOR, {
        url,
        connections,
        durationSeconds: seconds,
        headers,
        body: request.body,
      });
    case 'streams':
      return runStreams({
        url,
        concurrency: connections,
        durationMs: seconds * 1000,
        headers,
        body: request.body,
        expectTail: tail,
        spreadMs: PACED_STREAM_MS,
      });
    case 'burst':
      return runStreams({
        url,
        concurrency: connections,
        requestsPerLoop: 1,
        headers,
        body: request.body,
        expectTail: tail,
      });
    default:
      throw new Error(`unknown tool ${tool}`);
  }
}

function requireFileDescriptors(count) {
  const limit = openFileLimit();
  // The ais child holds two sockets per stream (client side and upstream side), plus its own files.
  const needed = 2 * count + 200;
  if (limit < needed) {
    throw new Error(
      `${count} concurrent streams need an open-file limit of at least ${needed} (now ${limit}); run \`ulimit -n ${needed * 2}\` in this shell first`,
    );
  }
}

async function measureDirect(mockUrl, scenario, cache) {
  const key = `${scenario.tool}|${scenario.c}|${scenario.direct.path}|${scenario.direct.request.body.length}`;
  if (!cache.has(key)) {
    const load = {
      baseUrl: mockUrl,
      path: scenario.direct.path,
      request: scenario.direct.request,
      key: PROVIDER_KEY,
      connections: scenario.c,
      tail: scenario.direct.tail,
    };
    if (scenario.tool !== 'burst') await drive(scenario.tool, { ...load, seconds: WARMUP_SECONDS });
    cache.set(key, await drive(scenario.tool, { ...load, seconds: SECONDS }));
  }
  return cache.get(key);
}

async function measureProxy(mockUrl, scenario) {
  const profileDir = options.profile ? mkdtempSync(path.join(os.tmpdir(), 'ais-bench-prof-')) : undefined;
  const ais = options.bare
    ? await startBarePipe(mockUrl, BARE_ROUTES)
    : await startAis(aisConfig(mockUrl, { guardrails: scenario.guardrails }), {
        ...(profileDir ? { cpuProfileDir: profileDir } : {}),
        ...(options.ais ? { bin: options.ais } : {}),
      });
  const through = { baseUrl: ais.url, path: scenario.request.path, key: scenario.route, tail: scenario.tail };
  let cold;
  const measuredWindow = {};
  try {
    if (scenario.id === 'claude-code-300kb') {
      // A short request on the same route warms the JIT without showing the transcript to the token counter.
      await drive('throughput', {
        ...through,
        path: anthropicStream.path,
        request: anthropicStream,
        connections: 1,
        seconds: WARMUP_SECONDS,
      });
      const first = await drive('burst', {
        ...through,
        request: scenario.request,
        connections: 1,
        tail: ANTHROPIC_TAIL,
      });
      cold = first.p50;
    }
    if (scenario.tool === 'burst') {
      await drive('streams', {
        ...through,
        request: scenario.request,
        connections: 32,
        seconds: WARMUP_SECONDS,
      });
    } else {
      await drive(scenario.tool, {
        ...through,
        request: scenario.request,
        connections: scenario.c,
        seconds: WARMUP_SECONDS,
      });
    }
    const before = readProcessStats(ais.pid);
    const overflowsBefore = listenOverflows();
    measuredWindow.fromMicros = Number(process.hrtime.bigint() / 1000n);
    const result = await drive(scenario.tool, {
      ...through,
      request: scenario.request,
      connections: scenario.c,
      seconds: SECONDS,
    });
    const after = readProcessStats(ais.pid);
    measuredWindow.toMicros = Number(process.hrtime.bigint() / 1000n);
    if (scenario.guardrails) await reportGuardrailCounters(ais, scenario);
    return {
      ...result,
      cold,
      listenOverflows: listenOverflows() - overflowsBefore,
      cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests),
      mainThreadCpuMicrosPerRequest:
        (after.mainThreadCpuMicros - before.mainThreadCpuMicros) / Math.max(1, result.requests),
      peakRssBytes: after.peakRssBytes,
    };
  } finally {
    await ais.stop();
    if (profileDir) {
      const profiles = readdirSync(profileDir).filter((file) => file.endsWith('.cpuprofile'));
      for (const file of profiles) {
        console.log(`\n### CPU profile of ais: ${scenario.id} (measured window only)\n`);
        console.log(formatCpuProfile(summariseCpuProfile(path.join(profileDir, file), measuredWindow)));
        console.log(`\n(the whole profile, start-up included: ${path.join(profileDir, file)})`);
      }
    }
  }
}

/**
 * The guardrails' own metrics after a run: proof they were on and the cache missed every time (a hit would
 * skip the upstream and flatter the row, so one fails the run).
 */
async function reportGuardrailCounters(ais, scenario) {
  const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${ais.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const total = (name) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  const counters = {
    cacheHits: total('ais_cache_hits_total'),
    cacheMisses: total('ais_cache_misses_total'),
    cacheStores: total('ais_cache_stores_total'),
    budgetChargedUsd: Number(total('ais_budget_charged_usd_total').toFixed(4)),
    budgetRefusals: total('ais_budget_refusals_total'),
    rateLimitRefusals: total('ais_ratelimit_refusals_total'),
  };
  console.error(`bench: ${scenario.id} guardrail counters (warm-up included): ${JSON.stringify(counters)}`);
  if (counters.cacheHits > 0 || counters.cacheMisses === 0)
    throw new Error(
      `${scenario.id}: the response cache must miss every request, saw ${JSON.stringify(counters)}`,
    );
  if (counters.budgetRefusals > 0 || counters.rateLimitRefusals > 0)
    throw new Error(`${scenario.id}: a guardrail refused requests, saw ${JSON.stringify(counters)}`);
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(2) : '–');

function tableRow(scenario, direct, proxy) {
  const streamed = scenario.tool !== 'throughput';
  const p50 = streamed ? proxy.ttfbP50 : proxy.p50;
  const p99 = streamed ? proxy.ttfbP99 : proxy.p99;
  const directP50 = streamed ? direct.ttfbP50 : direct.p50;
  const requestsPerSecond =
    scenario.tool === 'burst' ? '–' : Math.round(proxy.requestsPerSecond).toLocaleString('en-US');
  const overflowNote = proxy.listenOverflows > 0 ? ` (${proxy.listenOverflows} listen-queue overflows)` : '';
  const errors = `${proxy.errors === 0 ? '0' : `${proxy.errors} ${JSON.stringify(proxy.errorKinds ?? {})}`}${overflowNote}`;
  return `| ${scenario.label} | ${scenario.c} | ${requestsPerSecond} | ${ms(p50)} | ${ms(p99)} | ${ms(directP50)} | ${ms(p50 - directP50)} | ${Math.round(proxy.cpuMicrosPerRequest)} | ${Math.round(proxy.mainThreadCpuMicrosPerRequest)} | ${(proxy.peakRssBytes / 2 ** 20).toFixed(0)} | ${errors} |`;
}

/** A scenario's proxy p50 (or TTFB p50) minus the mock's, in the same run. */
const added = (field) => (result) => result.proxy[field] - result.direct[field];
const inMs = (value) => `${ms(value)} ms`;
const perSecond = (result) => result.proxy.requestsPerSecond;
const inRps = (value) => `${Math.round(value)} req/s`;

/**
 * The issue's targets, each read from one scenario of the run, or from one against its `baseline` in the same
 * run (skipped when they did not run).
 */
const TARGETS = [
  {
    label: 'added p50 at c = 1 ≤ 0.4 ms',
    id: 'chat-json-1',
    measure: added('p50'),
    show: inMs,
    pass: (v) => v <= 0.4,
  },
  {
    label: 'passthrough ≥ 3,000 req/s at c = 32',
    id: 'chat-json-32',
    measure: perSecond,
    show: inRps,
    pass: (v) => v >= 3000,
  },
  {
    label: 'conversion ≥ 2,000 req/s at c = 32',
    id: 'anthropic-json-32',
    measure: perSecond,
    show: inRps,
    pass: (v) => v >= 2000,
  },
  {
    label: 'guardrails on ≥ 85 % of off (req/s, same run)',
    id: 'chat-json-32-guardrails',
    baseline: 'chat-json-32-unique',
    measure: (result, baseline) => result.proxy.requestsPerSecond / baseline.proxy.requestsPerSecond,
    show: (v) => `${(v * 100).toFixed(0)} %`,
    pass: (v) => v >= 0.85,
  },
  {
    label: 'added TTFB p50 ≤ 0.5 ms (passthrough)',
    id: 'chat-paced-32',
    measure: added('ttfbP50'),
    show: inMs,
    pass: (v) => v <= 0.5,
  },
  {
    label: 'added TTFB p50 ≤ 0.5 ms (conversion)',
    id: 'anthropic-paced-32',
    measure: added('ttfbP50'),
    show: inMs,
    pass: (v) => v <= 0.5,
  },
  {
    label: 'peak RSS ≤ 150 MB at c = 256',
    id: 'chat-json-256',
    measure: (result) => result.proxy.peakRssBytes / 2 ** 20,
    show: (v) => `${v.toFixed(0)} MB`,
    pass: (v) => v <= 150,
  },
  {
    label: `${BURST} concurrent streams without errors`,
    id: 'chat-paced-1000',
    measure: (result) => result.proxy.errors,
    show: (v) => `${v} errors`,
    pass: (v) => v === 0,
  },
  {
    label: '300 KB Claude Code request adds < 5 ms',
    id: 'claude-code-300kb',
    measure: added('p50'),
    show: inMs,
    pass: (v) => v < 5,
  },
];

function targetLines(results) {
  return TARGETS.filter(
    (target) => results.has(target.id) && (target.baseline === undefined || results.has(target.baseline)),
  ).map((target) => {
    const value = target.measure(results.get(target.id), results.get(target.baseline));
    return `| ${target.label} | ${target.show(value)} | ${target.pass(value) ? 'met' : 'MISSED'} |`;
  });
}

async function main() {
  const selected = SCENARIOS.filter(
    (scenario) =>
      (options.only === undefined || options.only.has(scenario.id)) &&
      (!options.bare || scenario.passthrough),
  );
  if (selected.length === 0)
    throw new Error(
      `--only matched nothing; scenario ids: ${SCENARIOS.map((scenario) => scenario.id).join(', ')}`,
    );
  if (selected.some((scenario) => scenario.tool === 'burst')) requireFileDescriptors(BURST);
  const cpu = os.cpus();
  const aisBin = options.ais ?? path.join(REPO_ROOT, 'bin', 'ais.js');
  const aisCommand = `ais = node ${aisNodeFlags(aisBin).join(' ')} ${options.ais ?? 'bin/ais.js'}`;
  console.log(
    `AI Switch proxy benchmark — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${SECONDS} s per run (+${WARMUP_SECONDS} s warm-up), load from ${LOAD_GENERATOR}, ${options.bare ? 'BARE NODE PIPE instead of ais' : `recording capture ${CAPTURE ?? 'errors (default)'}, ${aisCommand}`}${options.profile ? ', PROFILED (timings inflated)' : ''}`,
  );
  const mock = await startMockUpstream();
  const directCache = new Map();
  const results = new Map();
  const rows = [];
  try {
    for (const scenario of selected) {
      process.stderr.write(`bench: ${scenario.id}…\n`);
      const direct = await measureDirect(mock.url, scenario, directCache);
      const proxy = await measureProxy(mock.url, scenario);
      results.set(scenario.id, { direct, proxy });
      rows.push(tableRow(scenario, direct, proxy));
    }
  } finally {
    await mock.stop();
  }
  console.log(
    '\n| scenario | c | req/s | p50 ms | p99 ms | direct p50 ms | added p50 ms | proxy CPU µs/req | main thread µs/req | peak RSS MB | errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
  console.log(
    '\nTTFB rows: p50/p99 are time to the first body byte (the c = 32 loops start spread over one stream); other rows: whole response. "added" = proxy p50 − direct p50 in this run.',
  );
  const cold = results.get('claude-code-300kb')?.proxy.cold;
  if (cold !== undefined)
    console.log(
      `Claude Code 300 KB, first request of the session (tokenizer runs, nothing memoised): ${ms(cold)} ms through the proxy; direct p50 ${ms(results.get('claude-code-300kb').direct.p50)} ms.`,
    );
  const targets = targetLines(results);
  if (targets.length > 0) {
    console.log('\n| target | measured | |\n|---|---:|---|');
    for (const line of targets) console.log(line);
  }
}

await main();
