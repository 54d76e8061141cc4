import Anthropic from '@anthropic-ai/sdk';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT } from '../helpers/fixtures';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';
import { answerLikeChatProvider } from './chat-upstream';
import {
  CHROMIUM,
  launchChromium,
  openSignedIn,
  seriousViolations,
  type DashboardPage,
} from './dashboard-browser';

// Dashboard II end to end: requests sent with the official SDKs through `ais serve` appear live in
// Traces, a slow stream's waterfall grows, a failover draws two lanes, Raw / Inspect / Diff show the
// bodies, and Usage's totals equal a SQL sum over the same rows.

const SCREENSHOTS = path.join(REPO_ROOT, 'test/e2e/screenshots');
const MAIN_KEY = 'sk-ais-e2e-main-route-0001';
const FAILOVER_KEY = 'sk-ais-e2e-failover-route-01';
const SLOW_KEY = 'sk-ais-e2e-slow-route-00001';
const SLOW_FRAMES = 16;
const SLOW_DELAY_MS = 250;

const chunk = (delta: object, finish: string | null, usage?: object): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-slow', object: 'chat.completion.chunk', created: 1, model: 'slow-model', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage && { usage }) })}\n\n`;

/** Providers told apart by base-URL path: `ok` answers, `limited` is always rate limited, `slow` trickles. */
function reply(request: RecordedRequest): UpstreamReply {
  const [, provider] = request.url.split('/');
  if (provider === 'limited')
    return {
      kind: 'json',
      status: 429,
      body: { error: { message: 'Rate limit reached for requests', type: 'rate_limit_error' } },
    };
  if (provider === 'slow' && request.json.stream === true)
    return {
      kind: 'sse',
      delayMs: SLOW_DELAY_MS,
      frames: [
        chunk({ role: 'assistant', content: '' }, null),
        ...Array.from({ length: SLOW_FRAMES }, (_, index) => chunk({ content: `word${index} ` }, null)),
        chunk({}, 'stop', {
          prompt_tokens: 9,
          completion_tokens: SLOW_FRAMES,
          total_tokens: 9 + SLOW_FRAMES,
        }),
        'data: [DONE]\n\n',
      ],
    };
  return answerLikeChatProvider(request);
}

let upstream: ScriptedUpstream;
let ais: AisProcess;
let browser: Browser;
let session: DashboardPage;
let page: Page;
const traceIds: Record<string, string> = {};

async function adminFetch<Answer>(pathAndQuery: string): Promise<Answer> {
  const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${ais.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as Answer;
}

async function freshLoginUrl(): Promise<string> {
  const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${ais.url}/api/login-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { url: string }).url;
}

/** The newest stored trace of a route label, once the recorder wrote it. */
async function newestTraceOf(route: string): Promise<string> {
  for (let tries = 0; tries < 50; tries += 1) {
    const answer = await adminFetch<{ items: { id: string; state: string }[] }>(
      `/api/traces?route=${encodeURIComponent(route)}&limit=1`,
    );
    const first = answer.items[0];
    if (first && first.state === 'done') return first.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no trace recorded for route ${route}`);
}

const anthropic = (routeKey: string) => new Anthropic({ baseURL: ais.url, apiKey: routeKey, maxRetries: 0 });
const openai = (routeKey: string) =>
  new OpenAI({ baseURL: `${ais.url}/v1`, apiKey: routeKey, maxRetries: 0 });

describe.skipIf(!existsSync(CHROMIUM))('Dashboard II in Chromium against ais serve', () => {
  beforeAll(async () => {
    upstream = await startScriptedUpstream(reply);
    ais = await startAis(`
providers:
  ok:
    base_url: ${upstream.url}/ok
    api_key: sk-e2e-provider-ok
  limited:
    base_url: ${upstream.url}/limited
    api_key: sk-e2e-provider-limited
  slow:
    base_url: ${upstream.url}/slow
    api_key: sk-e2e-provider-slow
routes:
  ${MAIN_KEY}:
    label: Main
    provider: ok
    default_model: deepseek-v4-pro
  ${FAILOVER_KEY}:
    label: Failover
    provider: limited
    default_model: limited-model
    fallback: [ok|deepseek-v4-flash]
  ${SLOW_KEY}:
    label: Slow
    provider: slow
    default_model: slow-model
recording:
  capture: all
guardrails:
  cache: { mode: exact }
# Dear on purpose: the cost and what the cache saved read as more than $0.00.
prices:
  deepseek-v4-pro: { input: 1000, output: 2000 }
`);
    browser = await launchChromium();
    const login = /Dashboard login \(one-time link\): (\S+)/.exec(ais.output())?.[1];
    if (!login) throw new Error(`no login link:\n${ais.output()}`);
    session = await openSignedIn(browser, login);
    page = session.page;
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('shows SDK requests (stream and JSON, a failover, a conversion that warns) appear live, without reloading', async () => {
    await page.goto(`${ais.url}/#/traces`);
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    const rows = page.locator('tr[data-trace-id]');
    await expect(rows.count()).resolves.toBe(0);

    const streamed = await anthropic(MAIN_KEY).messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: 'Say ok in a stream' }],
    });
    let text = '';
    for await (const event of streamed)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe('ok');
    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(1);

    const json = await openai(MAIN_KEY).chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Say ok as JSON' }],
    });
    expect(json.choices[0]?.message.content).toBe('ok');
    const failover = await openai(FAILOVER_KEY).chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Fail over' }],
    });
    expect(failover.choices[0]?.message.content).toBe('ok');
    const warned = await anthropic(MAIN_KEY).messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'Keep this',
              cache_control: { type: 'forever' } as unknown as Anthropic.CacheControlEphemeral,
            },
          ],
        },
      ],
    });
    expect(warned.content[0]).toMatchObject({ type: 'text', text: 'ok' });

    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(4);
    await expect(page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).resolves.toBe(
      42,
    );
    const routes = await rows.locator('td:nth-child(3)').allTextContents();
    expect(routes).toEqual(['Main', 'Failover', 'Main', 'Main']);
    await expect(rows.first().locator('td:nth-child(11)').textContent()).resolves.not.toBe('');
    traceIds.failover = await newestTraceOf('Failover');
    const mainPage = await adminFetch<{ items: { id: string; stream: boolean; warningCount: number }[] }>(
      '/api/traces?route=Main',
    );
    traceIds.streamed = mainPage.items.find((item) => item.stream)?.id ?? '';
    traceIds.warned = mainPage.items.find((item) => item.warningCount > 0)?.id ?? '';
    expect(traceIds.streamed).not.toBe('');
    expect(traceIds.warned).not.toBe('');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('filters by the URL and narrows to one session', async () => {
    await page.goto(`${ais.url}/#/traces?route=Failover`);
    await expect.poll(() => page.locator('tr[data-trace-id]').count()).toBe(1);
    await expect(page.getByLabel('Route').inputValue()).resolves.toBe('Failover');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('tr[data-trace-id]').count()).toBe(4);
    expect(new URL(page.url()).hash).toBe('#/traces');
  });

  it('grows the waterfall of a running slow stream, then shows it finished', async () => {
    await page.goto(`${ais.url}/#/traces`);
    await page.locator('tr[data-trace-id]').first().waitFor();
    const stream = openai(SLOW_KEY).chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      messages: [{ role: 'user', content: 'Take your time' }],
    });
    const collected = stream.then(async (chunks) => {
      let text = '';
      for await (const part of chunks) text += part.choices[0]?.delta?.content ?? '';
      return text;
    });
    const running = page.locator('tr[data-state="running"]');
    await running.first().waitFor({ timeout: 5000 });
    await running.first().locator('a').click();
    await page.getByRole('tab', { name: 'Waterfall' }).click();
    const waterfall = page.getByTestId('waterfall');
    await page.getByTestId('lane-attempt-0').waitFor({ timeout: 5000 });
    const first = Number(await waterfall.getAttribute('data-total-ms'));
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'trace-waterfall-running-en-light-1280x800.png'),
      fullPage: true,
    });
    await page.waitForTimeout(900);
    const later = Number(await waterfall.getAttribute('data-total-ms'));
    expect(later).toBeGreaterThan(first + 500);
    await expect(collected).resolves.toBe(
      Array.from({ length: SLOW_FRAMES }, (_, index) => `word${index} `).join(''),
    );
    await expect.poll(() => page.locator('h1 + span').textContent(), { timeout: 10_000 }).toBe('200');
    await expect
      .poll(async () => Number(await waterfall.getAttribute('data-total-ms')))
      .toBeGreaterThanOrEqual(SLOW_FRAMES * SLOW_DELAY_MS * 0.8);
    await expect
      .poll(() => page.locator('[data-testid="lane-attempt-0"] [data-kind="streaming"]').count())
      .toBe(1);
  }, 30_000);

  it('draws the failover as two lanes, the first failed with 429, and says so in the summary', async () => {
    await page.goto(`${ais.url}/#/traces/${traceIds.failover}?tab=waterfall`);
    await page.getByTestId('lane-attempt-1').waitFor();
    await expect(page.getByTestId('lane-attempt-0').first().textContent()).resolves.toContain('429');
    await expect(
      page.locator('[data-testid="lane-attempt-0"] [data-kind="failed"]').count(),
    ).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-testid="lane-attempt-1"] [data-kind="failed"]').count()).resolves.toBe(
      0,
    );
    await page.getByRole('tab', { name: 'Summary' }).click();
    const decision = (await page.getByTestId('decision').textContent()) ?? '';
    expect(decision).toContain('route Failover');
    expect(decision).toMatch(
      /attempt 1 on limited-model · limited failed \(429.*\), so the next target was tried/,
    );
    expect(decision).toContain('attempt 2 on deepseek-v4-flash · ok answered 200');
  });

  it('shows the bodies in Raw, the stream read back in Inspect, and the conversion in Diff', async () => {
    await page.goto(`${ais.url}/#/traces/${traceIds.streamed}?tab=raw`);
    for (const kind of ['clientRequest', 'upstreamRequest', 'upstreamResponse', 'clientResponse'])
      await page.getByTestId(`body-${kind}`).waitFor();
    await expect(page.getByTestId('body-clientRequest').textContent()).resolves.toContain(
      'Say ok in a stream',
    );
    await expect(page.getByTestId('body-upstreamRequest').textContent()).resolves.toContain(
      '"model": "deepseek-v4-pro"',
    );
    await expect(page.getByTestId('body-clientResponse').textContent()).resolves.toContain('message_start');
    await page.getByRole('button', { name: 'Copy as curl' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`x-api-key: ${MAIN_KEY}`);
    expect(curl).not.toContain('sk-e2e-provider');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'trace-raw-en-light-1280x800.png'),
      fullPage: true,
    });

    await page.getByRole('tab', { name: 'Inspect' }).click();
    await expect(page.getByTestId('assembled-text').textContent()).resolves.toBe('ok');
    await expect(page.getByTestId('stop-reason').textContent()).resolves.toContain('end_turn');
    await page.getByTestId('event-timeline').waitFor();

    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByTestId('diff-lines').waitFor();
    await expect(page.getByTestId('diff-lines').textContent()).resolves.toContain('deepseek-v4-pro');
    await expect(page.getByTestId('diff-stats').textContent()).resolves.toMatch(/structural/);

    await page.goto(`${ais.url}/#/traces/${traceIds.warned}`);
    await expect(page.getByTestId('warnings').textContent()).resolves.toContain('cache-control-dropped');
  });

  it('totals Usage to what a SQL sum over the same rows says, and shows what the response cache saved', async () => {
    // A deterministic request asked twice: the provider answers once, the cache the second time.
    const question = {
      model: 'gpt-4.1',
      temperature: 0,
      messages: [{ role: 'user' as const, content: 'Say ok, deterministically' }],
    };
    await openai(MAIN_KEY).chat.completions.create(question);
    const { response } = await openai(MAIN_KEY).chat.completions.create(question).withResponse();
    expect(response.headers.get('x-ais-cache')).toBe('hit');
    // Both written (the recorder batches) before the page reads the usage.
    const dayStart = new Date().setHours(0, 0, 0, 0);
    await expect
      .poll(async () => {
        const usage = await adminFetch<{ rows: { requests: number }[] }>(
          `/api/usage?from=${dayStart}&to=${Date.now()}&groupBy=day`,
        );
        return usage.rows.reduce((total, row) => total + row.requests, 0);
      })
      .toBe(7);
    await page.goto(`${ais.url}/#/usage?range=today`);
    await page.getByTestId('chart-stacked-tokens').waitFor();
    const db = new Database(path.join(ais.home, 'ais.db'), { readonly: true });
    const sums = db
      .prepare(
        "SELECT COUNT(*) AS requests, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost_usd) AS cost FROM traces WHERE state = 'done' AND started_at >= ?",
      )
      .get(new Date().setHours(0, 0, 0, 0)) as {
      requests: number;
      input: number;
      output: number;
      cost: number | null;
    };
    // The hit's own row spent nothing; the request before it (the miss) is what it saved.
    const hit = db
      .prepare(
        "SELECT seq, input_tokens, output_tokens, cost_usd FROM traces WHERE warnings LIKE '%cache-hit%'",
      )
      .all() as { seq: number; input_tokens: number; output_tokens: number; cost_usd: number }[];
    const miss = db
      .prepare('SELECT input_tokens, output_tokens, cost_usd FROM traces WHERE seq = ?')
      .get(hit[0]!.seq - 1) as { input_tokens: number; output_tokens: number; cost_usd: number };
    db.close();
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({ input_tokens: 0, output_tokens: 0, cost_usd: 0 });
    expect(sums.requests).toBe(7);
    await expect(page.getByTestId('usage-total-requests').locator('p').last().textContent()).resolves.toBe(
      String(sums.requests),
    );
    await expect(page.getByTestId('usage-total-tokens').getAttribute('title')).resolves.toBe(
      new Intl.NumberFormat('en').format(sums.input + sums.output),
    );
    await expect(page.getByTestId('usage-total-cost').locator('p').last().textContent()).resolves.toBe(
      new Intl.NumberFormat('en', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: (sums.cost ?? 0) < 1 ? 4 : 2,
      }).format(sums.cost ?? 0),
    );
    const saved = page.getByTestId('usage-total-saved');
    await expect(saved.locator('p').nth(1).textContent()).resolves.toBe(
      new Intl.NumberFormat('en', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: miss.cost_usd < 1 ? 4 : 2,
      }).format(miss.cost_usd),
    );
    await expect(saved.locator('p').nth(2).textContent()).resolves.toBe(
      `1 answered from the cache · ${miss.input_tokens + miss.output_tokens} tokens not sent`,
    );
    await page.getByTestId('usage-total-saved').screenshot({
      path: path.join(SCREENSHOTS, 'usage-saved-by-cache-en-light.png'),
    });
    // The numbers under the charts: what was saved next to the cost, hits next to the requests.
    for (const card of ['chart-cost', 'chart-requests']) {
      await page.getByTestId(card).locator('summary').click();
      await expect(page.getByTestId(card).locator('thead th').last().textContent()).resolves.toBe(
        card === 'chart-cost' ? 'Saved by the cache' : 'From the cache',
      );
      await page.getByTestId(card).screenshot({
        path: path.join(SCREENSHOTS, `usage-${card}-table-en-light.png`),
      });
    }
    await expect(page.getByTestId('chart-cost').locator('tfoot td').last().textContent()).resolves.toBe(
      await saved.locator('p').nth(1).textContent(),
    );
    await expect(page.getByTestId('chart-requests').locator('tfoot td').last().textContent()).resolves.toBe(
      '1',
    );
  });

  it('has no serious accessibility violation on these views in either language or theme, and screenshots each', async () => {
    const views = [
      ['traces', '/traces', 'main table'],
      ['trace-summary', `/traces/${traceIds.failover}?tab=summary`, '[data-testid="decision"]'],
      ['trace-waterfall', `/traces/${traceIds.failover}?tab=waterfall`, '[data-testid="lane-attempt-1"]'],
      ['trace-raw', `/traces/${traceIds.streamed}?tab=raw`, '[data-testid="body-clientResponse"]'],
      ['trace-inspect', `/traces/${traceIds.streamed}?tab=inspect`, '[data-testid="event-timeline"]'],
      ['trace-diff', `/traces/${traceIds.streamed}?tab=diff`, '[data-testid="diff-lines"]'],
      ['usage', '/usage?range=today', '[data-testid="chart-latency"] svg'],
      ['overview', '/', '[data-testid="overview-chart-24h"] svg'],
    ] as const;
    const findings: string[] = [];
    const signedIn = await openSignedIn(browser, await freshLoginUrl());
    for (const language of ['en', 'zh-CN']) {
      for (const theme of ['light', 'dark']) {
        await signedIn.page.evaluate(
          ([savedLanguage, savedTheme]) => {
            localStorage.setItem('ais.language', savedLanguage ?? 'en');
            localStorage.setItem('ais.theme', savedTheme ?? 'light');
          },
          [language, theme],
        );
        for (const [name, hash, ready] of views) {
          await signedIn.page.goto(`${ais.url}/#${hash}`);
          await signedIn.page.reload();
          await signedIn.page.waitForSelector(ready);
          await signedIn.page.waitForTimeout(300);
          for (const violation of await seriousViolations(signedIn.page))
            findings.push(
              `${name} ${language} ${theme}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`,
            );
          await signedIn.page.screenshot({
            path: path.join(SCREENSHOTS, `d2-${name}-${language}-${theme}-1280x800.png`),
            fullPage: true,
          });
        }
      }
    }
    expect(signedIn.problems).toEqual([]);
    await signedIn.context.close();
    expect(findings).toEqual([]);
  }, 240_000);
});
