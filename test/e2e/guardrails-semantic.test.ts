import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT } from '../helpers/fixtures';
import { mockEmbedding } from '../helpers/mock-embeddings';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
} from '../helpers/scripted-upstream';
import { answerLikeChatProvider } from './chat-upstream';
import {
  CHROMIUM,
  launchChromium,
  openSignedIn,
  seriousViolations,
  type DashboardPage,
} from './dashboard-browser';

// The semantic cache on the Guardrails page against `ais serve`: picking Semantic shows its block
// (schema defaults, provider by name, routes by label), a missing provider is refused at its field,
// the saved block lands in config.yaml, the layer says it is not evaluated, Evaluate against an
// unreachable embedder says why, and against a working one shows the scores and switches it on.

const SCREENSHOTS = path.join(REPO_ROOT, 'test/e2e/screenshots');
const MAIN_KEY = 'sk-ais-e2e-semantic-route-01';

let upstream: ScriptedUpstream;
let ais: AisProcess;
let browser: Browser;
let session: DashboardPage;
let page: Page;
/** The embeddings endpoint answers 500 while this is set. */
let embedderDown = false;

const configText = (): string => readFileSync(path.join(ais.home, 'config.yaml'), 'utf8');

function answer(request: RecordedRequest) {
  if (!request.url.startsWith('/embed/')) return answerLikeChatProvider(request);
  if (embedderDown)
    return { kind: 'json', status: 500, body: { error: { message: 'embedder down' } } } as const;
  const input = request.json.input as string[];
  return {
    kind: 'json',
    body: {
      object: 'list',
      model: request.json.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: mockEmbedding(text) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    },
  } as const;
}

async function freshLoginUrl(): Promise<string> {
  const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${ais.url}/api/login-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { url: string }).url;
}

async function choose(scope: Page | ReturnType<Page['getByTestId']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function save(): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

describe.skipIf(!existsSync(CHROMIUM))('the semantic cache on the Guardrails page', () => {
  beforeAll(async () => {
    upstream = await startScriptedUpstream(answer);
    ais = await startAis(`# semantic e2e
providers:
  ok:
    base_url: ${upstream.url}/ok
    api_key: sk-e2e-semantic-provider
  embed:
    name: Mock embedder
    base_url: ${upstream.url}/embed/v1
    format: chat
    api_key: sk-e2e-embed
routes:
  ${MAIN_KEY}:
    label: Main
    provider: ok
    default_model: deepseek-v4-pro
guardrails:
  cache: { mode: exact }
`);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    session = await openSignedIn(browser, await freshLoginUrl());
    page = session.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('shows the block with the schema defaults, refuses a missing provider at its field, saves it', async () => {
    await page.goto(`${ais.url}/#/guardrails`);
    const cache = page.getByTestId('cache-editor');
    await expect(page.getByTestId('semantic-editor').count()).resolves.toBe(0);
    await choose(cache, 'Mode', 'Semantic');
    const block = page.getByTestId('semantic-editor');
    await block.waitFor();
    await expect(block.getByLabel('Similarity threshold').inputValue()).resolves.toBe('0.95');
    await expect(block.getByLabel('Embedding time limit (ms)').inputValue()).resolves.toBe('1500');
    await expect(block.getByLabel('Allowed false-hit rate').inputValue()).resolves.toBe('0');
    await block.getByLabel('Embedding model').fill('mock-embed');
    await block.getByLabel('Similarity threshold').fill('1.5');
    const before = configText();
    await save();
    // Both refused where they are typed; the input is kept, nothing is written.
    const threshold = block.getByLabel('Similarity threshold');
    await expect(threshold.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(threshold.inputValue()).resolves.toBe('1.5');
    await expect(
      block.getByRole('combobox', { name: 'Embedding provider' }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    expect(configText()).toBe(before);

    await choose(block, 'Embedding provider', 'Mock embedder');
    await threshold.fill('0.95');
    // Routes by label: the key is a secret and never shown.
    await block.getByRole('switch', { name: 'Main' }).click();
    await expect(cache.textContent()).resolves.not.toContain(MAIN_KEY);
    // The routes never cached are picked the same way, and stay off here.
    await expect(
      cache
        .getByRole('group', { name: 'Routes never cached' })
        .getByRole('switch', { name: 'Main' })
        .isChecked(),
    ).resolves.toBe(false);
    await save();
    await page.getByText('Guardrails saved').waitFor();
    const saved = parseYaml(configText()) as { guardrails: { cache: Record<string, unknown> } };
    expect(saved.guardrails.cache).toMatchObject({
      mode: 'semantic',
      semantic: { provider: 'embed', model: 'mock-embed', routes: [MAIN_KEY] },
    });
    expect(configText()).toContain('# semantic e2e');
  });

  it('shows the layer not evaluated, and why an evaluation against an unreachable embedder did not run', async () => {
    const status = page.getByTestId('semantic-status');
    await status.waitFor();
    await expect(status.getByTestId('semantic-state').getAttribute('data-state')).resolves.toBe(
      'not_evaluated',
    );
    await expect(status.getByTestId('semantic-state').textContent()).resolves.toBe('Not evaluated');
    await expect(status.getByTestId('semantic-message').textContent()).resolves.toMatch(/evaluat/);
    embedderDown = true;
    await status.getByRole('button', { name: 'Evaluate' }).click();
    const error = status.getByRole('alert');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('The evaluation did not run');
    await expect(error.textContent()).resolves.toContain('embedder down');
    await expect(status.getByTestId('semantic-state').getAttribute('data-state')).resolves.toBe(
      'not_evaluated',
    );
  });

  it('evaluates against the embedder: precision, recall, false-hit rate, and the layer switches on', async () => {
    embedderDown = false;
    const embedCalls = upstream.requests.filter((request) => request.url.startsWith('/embed/')).length;
    const status = page.getByTestId('semantic-status');
    await status.getByRole('button', { name: 'Evaluate' }).click();
    const result = status.getByTestId('semantic-evaluation');
    await result.waitFor();
    expect(upstream.requests.filter((request) => request.url.startsWith('/embed/')).length).toBeGreaterThan(
      embedCalls,
    );
    await expect(status.getByRole('alert').count()).resolves.toBe(0);
    await expect(result.textContent()).resolves.toContain('Passed');
    await expect(result.textContent()).resolves.toContain('at threshold 0.95');
    await expect(result.getByTestId('semantic-falseHitRate').textContent()).resolves.toContain('0%');
    await expect(result.getByTestId('semantic-precision').textContent()).resolves.toMatch(/Precision\d/);
    await expect(result.getByTestId('semantic-recall').textContent()).resolves.toMatch(/Recall\d/);
    // The status is read again after the evaluation.
    await status.locator('[data-testid="semantic-state"][data-state="active"]').waitFor();
    await expect(status.getByTestId('semantic-state').textContent()).resolves.toBe('Active');
  });

  it('at a loose threshold lists the near misses that would have been served, and holds the layer off', async () => {
    const block = page.getByTestId('semantic-editor');
    await block.getByLabel('Similarity threshold').fill('0.5');
    await save();
    await page.getByText('Guardrails saved').last().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="unsaved"]'));
    const status = page.getByTestId('semantic-status');
    await status.getByRole('button', { name: 'Evaluate' }).click();
    const result = status.getByTestId('semantic-evaluation');
    await result.getByText('Not passed').waitFor();
    await expect(result.textContent()).resolves.toContain('at threshold 0.50');
    const nearMisses = result.getByTestId('semantic-near-misses').locator('tbody tr');
    expect(await nearMisses.count()).toBeGreaterThan(0);
    await expect(result.getByTestId('semantic-suggested').textContent()).resolves.toMatch(/0\.\d\d/);
    await status.locator('[data-testid="semantic-state"][data-state="failed_evaluation"]').waitFor();
    await expect(status.getByTestId('semantic-message').textContent()).resolves.not.toBe('');
    expect(session.problems.filter((problem) => !/status of 502/.test(problem))).toEqual([]);
  });

  it('has no serious accessibility violation in either language or theme, and screenshots each', async () => {
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
        await signedIn.page.goto(`${ais.url}/#/guardrails`);
        await signedIn.page.reload();
        const status = signedIn.page.getByTestId('semantic-status');
        await status.waitFor();
        await status.getByRole('button').click();
        await status.getByTestId('semantic-evaluation').waitFor();
        await signedIn.page.getByTestId('semantic-editor').waitFor();
        await signedIn.page.waitForTimeout(300);
        for (const violation of await seriousViolations(signedIn.page))
          findings.push(
            `${language} ${theme}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`,
          );
        // Clipped from the whole page at the top, so the sticky bars do not cover the cards.
        await signedIn.page.evaluate(() => window.scrollTo(0, 0));
        for (const [testId, name] of [
          ['semantic-status', 'status'],
          ['cache-editor', 'editor'],
        ] as const) {
          const box = await signedIn.page.getByTestId(testId).boundingBox();
          if (!box) throw new Error(`${testId} is not on the page`);
          await signedIn.page.screenshot({
            path: path.join(SCREENSHOTS, `guardrails-semantic-${name}-${language}-${theme}.png`),
            fullPage: true,
            clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 },
          });
        }
      }
    }
    expect(signedIn.problems).toEqual([]);
    await signedIn.context.close();
    expect(findings).toEqual([]);
  }, 120_000);
});
