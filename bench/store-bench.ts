/**
 * Store benchmark: fills a temp ais.db with 1,000,000 traces through the real
 * recorder (bodies off), then times the dashboard queries (median of several runs).
 *
 * Run with `npm run bench:store` (or `node bench/run-ts.mjs bench/store-bench.ts`).
 * BENCH_ROWS=200000 for a quicker run; BENCH_KEEP=1 keeps the database file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../main/core/store';
import type { ListTracesQuery, Store, TraceRecord, UsageStatsQuery } from '../main/core/store';
import type { ProtocolName } from '../main/core/protocols/canonical/types';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = 9;
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 11, 1);

const PROVIDERS: Record<string, string[]> = {
  anthropic: [
    'claude-sonnet-4-5-20250929',
    'claude-opus-4-5-20251101',
    'claude-haiku-4-5-20251001',
    'claude-opus-4-1',
  ],
  openai: ['gpt-5', 'gpt-5-mini', 'gpt-4.1', 'o4-mini'],
  google: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  zhipu: ['glm-4.6', 'glm-4.5-air', 'glm-4.7'],
  moonshot: ['kimi-k2-0905-preview', 'kimi-k2-thinking', 'kimi-k2-turbo-preview', 'qwen3-coder-plus'],
};
const PROVIDER_IDS = Object.keys(PROVIDERS);
const ROUTES = ['default', 'team-a', 'team-b', 'ci', 'personal'];
const CLIENTS: [ProtocolName, string, string][] = [
  ['anthropic', '/v1/messages', 'claude-cli/2.1.197 (external, cli)'],
  [
    'openai-responses',
    '/v1/responses',
    'codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)',
  ],
  [
    'gemini',
    '/v1beta/models/gemini-2.5-pro:streamGenerateContent',
    'GeminiCLI-tui/0.61.0/gemini-2.5-pro (linux; x64; terminal)',
  ],
  ['openai-chat', '/v1/chat/completions', 'OpenAI/JS 6.49.0'],
  ['anthropic', '/v1/messages', 'Anthropic/JS 1.11.0'],
];
const ERRORS: [number, string][] = [
  [429, 'rate_limit_error: Number of request tokens has exceeded your per-minute rate limit'],
  [529, 'overloaded_error: Overloaded'],
  [500, 'api_error: Internal server error'],
  [400, 'invalid_request_error: prompt is too long: 210000 tokens > 200000 maximum'],
  [502, 'upstream closed the stream before message_stop'],
];

/** Deterministic so runs compare: a tiny LCG. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function makeTrace(index: number): TraceRecord {
  // Spread over 90 days in time order, as a live recorder would write them.
  const startedAt = NOW - 90 * DAY + Math.floor((index / ROWS) * 90 * DAY);
  const providerId = pick(PROVIDER_IDS);
  const model = pick(PROVIDERS[providerId] ?? []);
  const [inboundProtocol, requestPath, userAgent] = pick(CLIENTS);
  const failure = random() < 0.05 ? pick(ERRORS) : undefined;
  const input = 2_000 + Math.floor(random() * 80_000);
  const cacheRead = Math.floor(input * random() * 0.9);
  return {
    id: `bench-${index.toString(36).padStart(8, '0')}`,
    startedAt,
    routeKeyLabel: pick(ROUTES),
    inboundProtocol,
    path: requestPath,
    userAgent,
    sessionId: `session-${Math.floor(index / 40)}`,
    requestedModel: model,
    providerId,
    upstreamModel: model,
    status: failure ? failure[0] : 200,
    ...(failure && { error: failure[1] }),
    warnings: [],
    stream: true,
    timings: { receivedAt: startedAt, firstTokenAt: startedAt + 400, clientDoneAt: startedAt + 4_000 },
    attempts: [
      {
        providerId,
        keyIndex: 0,
        url: `https://api.${providerId}.example/v1`,
        status: failure ? failure[0] : 200,
        startedAt,
      },
    ],
    usage: {
      inputTokens: input,
      outputTokens: failure ? 0 : 50 + Math.floor(random() * 3_000),
      cacheReadTokens: cacheRead,
      cacheWriteTokens: Math.floor((input - cacheRead) * 0.1),
      reasoningTokens: 0,
    },
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(run: () => number): { ms: number; rows: number } {
  let rows = 0;
  const samples: number[] = [];
  for (let attempt = 0; attempt < RUNS; attempt += 1) {
    const started = performance.now();
    rows = run();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), rows };
}

function fill(store: Store): number {
  const started = performance.now();
  for (let index = 0; index < ROWS; index += 1) {
    store.recorder.record(makeTrace(index));
    // Drain well below the back-pressure bound; the flush is the recorder's own batch writer.
    if (index % 5_000 === 4_999) store.flush();
  }
  store.flush();
  return performance.now() - started;
}

const dir = mkdtempSync(path.join(tmpdir(), 'ais-bench-'));
const dbPath = path.join(dir, 'ais.db');
let store = createStore({ dbPath, captureMode: 'off', retentionDays: 365, secrets: () => [] });
const fillMs = fill(store);
// Re-open, as the app would after a restart: this also refreshes planner statistics.
store.close();
store = createStore({ dbPath, captureMode: 'off', retentionDays: 365, secrets: () => [] });

const middle = store.queries.listTraces({ to: NOW - 45 * DAY, limit: 1 }).nextCursor;
const list = (query: ListTracesQuery) => () => store.queries.listTraces(query).items.length;
const usage = (query: UsageStatsQuery) => () => store.queries.usageStats(query).length;
const cases: [string, () => number][] = [
  ['list: first page, unfiltered', list({ limit: 50 })],
  ['list: provider + status=error', list({ providerId: 'deepseek', status: 'error', limit: 50 })],
  [
    'list: provider + model + route',
    list({ providerId: 'openai', model: 'gpt-5-mini', route: 'ci', limit: 50 }),
  ],
  ['list: status=429', list({ status: 429, limit: 50 })],
  ['list: session', list({ sessionId: 'session-12345', limit: 50 })],
  ['list: last 24h, status=ok', list({ from: NOW - DAY, status: 'ok', limit: 50 })],
  ['list: text "glm-4.7" (common)', list({ text: 'glm-4.7', limit: 50 })],
  ['list: text "prompt is too long" (rare)', list({ text: 'prompt is too long', limit: 50 })],
  ['list: text, last 7 days, no match', list({ text: 'no-such-thing', from: NOW - 7 * DAY, limit: 50 })],
  ['list: text, all time, no match (worst)', list({ text: 'no-such-thing', limit: 50 })],
  ['list: deep cursor page (45 days back)', list({ cursor: middle ?? '', limit: 50 })],
  ['list: deep cursor + provider filter', list({ cursor: middle ?? '', providerId: 'google', limit: 50 })],
  ['usage: 90 days by day', usage({ from: NOW - 90 * DAY, to: NOW, groupBy: 'day' })],
  ['usage: 90 days by provider', usage({ from: NOW - 90 * DAY, to: NOW, groupBy: 'provider' })],
  ['usage: 90 days by model', usage({ from: NOW - 90 * DAY, to: NOW, groupBy: 'model' })],
  ['usage: 90 days by route', usage({ from: NOW - 90 * DAY, to: NOW, groupBy: 'route' })],
];

const lines = [
  `store bench: ${ROWS.toLocaleString('en')} traces, filled in ${(fillMs / 1000).toFixed(1)} s ` +
    `(${Math.round(ROWS / (fillMs / 1000)).toLocaleString('en')} traces/s), db ${(statSync(dbPath).size / 1048576).toFixed(0)} MiB`,
  `${'query'.padEnd(44)} ${'median ms'.padStart(10)} ${'rows'.padStart(6)}`,
];
for (const [name, run] of cases) {
  const { ms, rows } = time(run);
  lines.push(`${name.padEnd(44)} ${ms.toFixed(2).padStart(10)} ${String(rows).padStart(6)}`);
}
console.log(lines.join('\n'));
store.close();
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dbPath}`);
