/**
 * Dashboard benchmark (not a timed test): fills a store with 100,000 and
 * 1,000,000 traces, starts `ais serve` on it and measures in Debian's
 * Chromium what a person waits for — the Traces page's first render, frame
 * times while scrolling through pages, a filter's result, and opening a trace
 * whose bodies are 1 MB each (Raw and Diff).
 *
 * Run with `npm run build && node bench/run-ts.mjs bench/traces-ui-bench.ts`.
 * BENCH_ROWS=100000 for one size; BENCH_KEEP=1 keeps the homes.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ProtocolName } from '../main/core/protocols/canonical/types';
import { createStore, type TraceRecord } from '../main/core/store';
import { startAis } from '../test/helpers/ais-process';
import { launchChromium, openSignedIn } from '../test/e2e/dashboard-browser';

const SIZES = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number);
const DAY = 86_400_000;
const NOW = Date.now();
const PROVIDERS: Record<string, string[]> = {
  anthropic: ['claude-sonnet-4-5', 'claude-opus-4-5', 'claude-haiku-4-5'],
  openai: ['gpt-5', 'gpt-5-mini', 'gpt-4.1'],
  google: ['gemini-2.5-pro', 'gemini-2.5-flash'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  zhipu: ['glm-4.6', 'glm-4.7'],
};
const PROVIDER_IDS = Object.keys(PROVIDERS);
const ROUTES = ['default', 'team-a', 'team-b', 'ci'];
const CLIENTS: [ProtocolName, string, string][] = [
  ['anthropic', '/v1/messages', 'claude-cli/2.1.197 (external, cli)'],
  ['openai-responses', '/v1/responses', 'codex_exec/0.169.0 (Debian 12.0.0; x86_64)'],
  ['openai-chat', '/v1/chat/completions', 'OpenAI/JS 6.49.0'],
];

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** 30 days of traffic ending now, oldest first, as the recorder would have written it. */
function makeTrace(index: number, rows: number): TraceRecord {
  const startedAt = NOW - 30 * DAY + Math.floor((index / rows) * 30 * DAY);
  const providerId = pick(PROVIDER_IDS);
  const model = pick(PROVIDERS[providerId] ?? []);
  const [inboundProtocol, requestPath, userAgent] = pick(CLIENTS);
  const failed = random() < 0.05;
  const input = 2_000 + Math.floor(random() * 80_000);
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
    status: failed ? 429 : 200,
    ...(failed && { error: 'rate_limit_error: too many requests' }),
    warnings: [],
    stream: true,
    timings: { receivedAt: startedAt, firstTokenAt: startedAt + 400, clientDoneAt: startedAt + 4_000 },
    attempts: [
      {
        providerId,
        keyIndex: 0,
        url: `https://api.${providerId}.example/v1`,
        status: failed ? 429 : 200,
        startedAt,
      },
    ],
    usage: {
      inputTokens: input,
      outputTokens: failed ? 0 : 800,
      cacheReadTokens: Math.floor(input / 2),
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    },
  };
}

/** A Claude Code-sized conversation of about `bytes`, and the same with the model and a few fields changed. */
function bigBodies(bytes: number): { client: string; upstream: string } {
  const messages: { role: string; content: string }[] = [];
  let size = 0;
  for (let turn = 0; size < bytes; turn += 1) {
    const content = `turn ${turn}: ${'lorem ipsum dolor sit amet '.repeat(20)}`;
    messages.push({ role: turn % 2 === 0 ? 'user' : 'assistant', content });
    size += content.length + 40;
  }
  const client = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 8192, stream: true, messages });
  const upstream = JSON.stringify({
    model: 'deepseek-chat',
    messages: messages.map((message, index) =>
      index === 7 ? { ...message, content: `${message.content} (edited)` } : message,
    ),
    max_tokens: 8192,
    stream: true,
    stream_options: { include_usage: true },
  });
  return { client, upstream };
}

function fill(dbPath: string, rows: number): { ms: number; bigId: string } {
  const store = createStore({
    dbPath,
    captureMode: 'all',
    bodyCapBytes: 4 * 1024 * 1024,
    retentionDays: 365,
    secrets: () => [],
  });
  const started = performance.now();
  for (let index = 0; index < rows; index += 1) {
    store.recorder.record(makeTrace(index, rows));
    if (index % 5_000 === 4_999) store.flush();
  }
  const bodies = bigBodies(1024 * 1024);
  const big = { ...makeTrace(rows, rows), id: 'bench-big-body', startedAt: NOW - 60_000 };
  store.recorder.record({
    ...big,
    bodies: {
      clientRequest: bodies.client,
      upstreamRequest: bodies.upstream,
      upstreamResponse: '{}',
      clientResponse: '{}',
    },
  });
  store.flush();
  store.close();
  return { ms: performance.now() - started, bigId: big.id };
}

/** Milliseconds from a hash change until `ready()` holds in the page (polled every animation frame). */
async function timeHashChange(page: Page, hash: string, ready: string): Promise<number> {
  return page.evaluate(
    ([target, readyScript]) =>
      new Promise<number>((resolve, reject) => {
        const check = new Function(`return (${readyScript})`) as () => boolean;
        const started = performance.now();
        location.hash = target ?? '';
        const poll = (): void => {
          if (check()) resolve(performance.now() - started);
          else if (performance.now() - started > 30_000) reject(new Error(`not ready: ${readyScript}`));
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
    [hash, ready],
  );
}

/** Scrolls the list `frames` frames by `step` px each; returns each frame's duration. */
async function scrollFrames(page: Page, frames: number, step: number): Promise<number[]> {
  return page.evaluate(
    ([count, pixels]) =>
      new Promise<number[]>((resolve) => {
        const scroller = document.querySelector('[data-testid="traces-scroll"]') as HTMLElement;
        const durations: number[] = [];
        let last = performance.now();
        let left = count ?? 0;
        const frame = (now: number): void => {
          durations.push(now - last);
          last = now;
          scroller.scrollTop += pixels ?? 0;
          if (--left > 0) requestAnimationFrame(frame);
          else resolve(durations.slice(1));
        };
        requestAnimationFrame(frame);
      }),
    [frames, step],
  );
}

const percentile = (values: number[], share: number): number =>
  [...values].sort((left, right) => left - right)[
    Math.min(values.length - 1, Math.floor(values.length * share))
  ] ?? Number.NaN;
const median = (values: number[]): number => percentile(values, 0.5);

const rowsReady = `document.querySelectorAll('tr[data-trace-id]').length > 10`;
const lines: string[] = [];
const browser = await launchChromium();
try {
  for (const rows of SIZES) {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-ui-bench-'));
    const dbPath = path.join(home, 'ais.db');
    const filled = fill(dbPath, rows);
    writeFileSync(
      path.join(home, 'config.yaml'),
      'log_retention_days: 365\nrecording:\n  capture: all\n  body_cap_kb: 4096\n',
    );
    const ais = await startAis(readFileSync(path.join(home, 'config.yaml'), 'utf8'), {
      env: { AIS_HOME: home },
    });
    try {
      const token = readFileSync(path.join(home, 'admin-token'), 'utf8').trim();
      const linked = await fetch(`${ais.url}/api/login-link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const login = ((await linked.json()) as { url: string }).url;
      const { page, context } = await openSignedIn(browser, login);
      await page.waitForSelector('main h1');
      const firstRender: number[] = [];
      const filter: number[] = [];
      const detail: number[] = [];
      const diff: number[] = [];
      let frames: number[] = [];
      for (let run = 0; run < 5; run += 1) {
        await timeHashChange(page, '#/settings', `!!document.querySelector('main h1')`);
        firstRender.push(await timeHashChange(page, '#/traces', rowsReady));
        if (run === 0) frames = await scrollFrames(page, 400, 400);
        filter.push(
          await timeHashChange(
            page,
            `#/traces?provider=deepseek&status=error`,
            `(() => { const rows = [...document.querySelectorAll('tr[data-trace-id]')]; return rows.length > 10 && rows.every((row) => row.children[4]?.textContent === 'deepseek' && row.textContent.includes('429')); })()`,
          ),
        );
        detail.push(
          await timeHashChange(
            page,
            `#/traces/${filled.bigId}?tab=raw`,
            `(document.querySelector('[data-testid="body-clientRequest"] pre')?.textContent ?? '').length > 1000`,
          ),
        );
        diff.push(
          await timeHashChange(
            page,
            `#/traces/${filled.bigId}?tab=diff`,
            `!!document.querySelector('[data-testid="diff-lines"] [data-kind="added"]')`,
          ),
        );
      }
      await context.close();
      const slow = frames.filter((duration) => duration > 50).length;
      lines.push(
        `${rows.toLocaleString('en')} traces (filled in ${(filled.ms / 1000).toFixed(0)} s, db ${(statSync(dbPath).size / 1048576).toFixed(0)} MiB), median of 5:`,
        `  first render of Traces (navigation → rows drawn): ${median(firstRender).toFixed(0)} ms (max ${Math.max(...firstRender).toFixed(0)})`,
        `  scrolling 400 frames × 400 px through cursor pages: p50 ${median(frames).toFixed(1)} ms, p95 ${percentile(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, frames over 50 ms: ${slow}`,
        `  filter → result (provider + status=error): ${median(filter).toFixed(0)} ms (max ${Math.max(...filter).toFixed(0)})`,
        `  open a trace with 1 MB bodies, Raw drawn: ${median(detail).toFixed(0)} ms; Diff drawn (worker): ${median(diff).toFixed(0)} ms`,
      );
      console.log(lines.slice(-5).join('\n'));
    } finally {
      await ais.stop();
      if (!process.env.BENCH_KEEP) rmSync(home, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
console.log(`\n${lines.join('\n')}`);
