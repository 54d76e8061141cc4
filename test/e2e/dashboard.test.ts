import Anthropic from '@anthropic-ai/sdk';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT } from '../helpers/fixtures';
import type { ScriptedUpstream } from '../helpers/scripted-upstream';
import { startChatUpstream } from './chat-upstream';
import {
  choose,
  CHROMIUM,
  launchChromium,
  openSignedIn,
  seriousViolations,
  type DashboardPage,
} from './dashboard-browser';

const SCREENSHOTS = path.join(REPO_ROOT, 'test/e2e/screenshots');
const PROVIDER_KEY = 'sk-e2e-provider-key-0001';
/** The same key, as a user keeping it out of the file would: in the environment of `ais serve`. */
const KEY_VARIABLE = 'E2E_DEEPSEEK_KEY';

let upstream: ScriptedUpstream;
let ais: AisProcess;
let browser: Browser;
let session: DashboardPage;
let page: Page;
/** Filled by the first run: what the Claude Code snippet said. */
let routeKey = '';
let traceId = '';

/** `ais serve` prints a one-time link per start; the first browser uses it. */
function loginUrlOf(output: string): string {
  const url = /Dashboard login \(one-time link\): (\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`ais serve printed no login link:\n${output}`);
  return url;
}

async function freshLoginUrl(): Promise<string> {
  const response = await fetch(`${ais.url}/api/login-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await adminToken()}` },
  });
  return ((await response.json()) as { url: string }).url;
}

async function adminToken(): Promise<string> {
  return readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
}

async function goTo(hash: string): Promise<void> {
  await page.goto(`${ais.url}/#${hash}`);
  await page.waitForSelector('main h1');
}

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in Chromium against ais serve', () => {
  beforeAll(async () => {
    upstream = await startChatUpstream();
    ais = await startAis('', { env: { [KEY_VARIABLE]: PROVIDER_KEY } });
    browser = await launchChromium();
    session = await openSignedIn(browser, loginUrlOf(ais.output()));
    page = session.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('lands signed in from the login link on the first-run guide', async () => {
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('heading', { name: 'Set up AI Switch' }).isVisible()).resolves.toBe(true);
  });

  it("takes a new user from a preset to Claude Code's command, and the Anthropic SDK works through that route", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'guide-presets-en-light-1280x800.png'),
      fullPage: true,
    });
    await page.getByTestId('preset-deepseek').click();
    // The scripted upstream stands in for api.deepseek.com.
    await page.getByLabel('Base URL').fill(upstream.url);
    await page.getByLabel('API key for DeepSeek').fill(PROVIDER_KEY);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'guide-key-en-light-1280x800.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Save and test' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/Works.*Streaming works.*Tool calls work/s);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create the route' }).click();
    const snippet = page.getByTestId('snippet-claudeCode');
    await snippet.waitFor();
    const command = (await snippet.textContent()) ?? '';
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'guide-done-en-light-1280x800.png'),
      fullPage: true,
    });
    expect(command).toMatch(
      /^ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+ ANTHROPIC_AUTH_TOKEN=sk-ais-[0-9a-f]+ claude$/,
    );
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(command);

    const baseURL = /ANTHROPIC_BASE_URL=(\S+)/.exec(command)?.[1] ?? '';
    routeKey = /ANTHROPIC_AUTH_TOKEN=(\S+)/.exec(command)?.[1] ?? '';
    expect(baseURL).toBe(ais.url);
    const client = new Anthropic({ baseURL, authToken: routeKey, apiKey: null, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Say ok' }],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'ok' })]);
    const sent = upstream.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent?.json.model).toBe('deepseek-v4-pro');

    await page.getByRole('button', { name: 'Go to the overview' }).click();
    await page.getByTestId('listen-url').waitFor();
    expect(session.problems).toEqual([]);
  }, 90_000);

  it('shows the new "Try it" answer after a scene map edit', async () => {
    await goTo(`/routes/${routeKey}`);
    await page.getByRole('switch', { name: 'Thinking' }).click();
    const target = page.getByTestId('try-it-target');
    // The same target answers both scenes before the edit: wait for the thinking answer by its scene.
    await expect.poll(() => page.getByTestId('try-it-scene').textContent()).toMatch(/^Thinking/);
    await expect(target.textContent()).resolves.toBe('deepseek · deepseek-v4-pro');
    await page.getByLabel('Thinking', { exact: true }).first().fill('deepseek-v4-flash');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => target.textContent(), { timeout: 10_000 }).toBe('deepseek · deepseek-v4-flash');
  }, 60_000);

  it("shows a bad base URL at the field, and the server's own field error for a taken id", async () => {
    await goTo('/providers/deepseek');
    const baseUrl = page.getByLabel('Base URL');
    await baseUrl.fill('api.deepseek.com');
    await page.getByText('must be a URL such as https://api.deepseek.com').waitFor();
    await expect(baseUrl.getAttribute('aria-invalid')).resolves.toBe('true');

    await goTo('/providers/new');
    await page.getByLabel('ID', { exact: true }).fill('deepseek');
    await page.getByLabel('Base URL').fill('https://api.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('already exists', { exact: true }).waitFor();
    await expect(page.getByLabel('ID', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
  }, 60_000);

  it('refuses to delete a provider a route uses, naming the route, before anything is sent', async () => {
    await goTo('/providers');
    await page.getByRole('button', { name: 'Delete deepseek' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain('while these routes use it: Claude Code');
    await expect(dialog.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('provider-row-deepseek').textContent()).resolves.toContain('Works');
  });

  it('shows a key the file takes from the environment as its ${VAR} reference, and a save keeps it', async () => {
    const configPath = path.join(ais.home, 'config.yaml');
    const written = readFileSync(configPath, 'utf8');
    expect(written).toContain(PROVIDER_KEY);
    writeFileSync(configPath, written.replace(PROVIDER_KEY, `\${${KEY_VARIABLE}}`));
    await fetch(`${ais.url}/api/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    // A fresh page load: an open editor keeps the form it started with when the file changes.
    await goTo('/providers/deepseek');
    await page.reload();
    const apiKey = page.getByLabel('API key', { exact: true });
    await expect(apiKey.inputValue()).resolves.toBe(`\${${KEY_VARIABLE}}`);
    await page.getByText(`Read from the environment variable ${KEY_VARIABLE}`).waitFor();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.getByRole('button', { name: 'Reveal' }).waitFor({ state: 'detached' });
    await expect(apiKey.inputValue()).resolves.toBe(`\${${KEY_VARIABLE}}`);

    await page.getByLabel('Display name').fill('DeepSeek (env key)');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => readFileSync(configPath, 'utf8'), { timeout: 10_000 })
      .toContain('DeepSeek (env key)');
    const saved = readFileSync(configPath, 'utf8');
    expect(saved).toContain(`api_key: \${${KEY_VARIABLE}}`);
    expect(saved).not.toContain(PROVIDER_KEY);

    // Tested from the list with the key from the environment; the result outlives a reload.
    await goTo('/providers');
    await page.reload();
    await page.getByRole('button', { name: 'Test deepseek' }).click();
    const row = page.getByTestId('provider-row-deepseek');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Works');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    await page.reload();
    await expect.poll(() => row.textContent()).toContain('Works');
  });

  it('sets an outbound proxy in Settings and removes it again', async () => {
    const configPath = path.join(ais.home, 'config.yaml');
    await goTo('/settings');
    const proxyUrl = page.getByLabel('Outbound proxy');
    await proxyUrl.fill('http://127.0.0.1:3128');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => readFileSync(configPath, 'utf8'), { timeout: 10_000 })
      .toContain('proxy_url: http://127.0.0.1:3128');
    await page.reload();
    // The form fills in once the settings have loaded.
    await expect.poll(() => proxyUrl.inputValue(), { timeout: 10_000 }).toBe('http://127.0.0.1:3128');
    await proxyUrl.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => readFileSync(configPath, 'utf8'), { timeout: 10_000 }).not.toContain('proxy_url');
    await page.reload();
    await expect(proxyUrl.inputValue()).resolves.toBe('');
  });

  it('switches to 中文 and back', async () => {
    await goTo('/');
    await choose(page, 'Language', '中文');
    await page.getByRole('link', { name: '概览' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    await choose(page, '语言', 'English');
    await page.getByRole('link', { name: 'Overview' }).waitFor();
  });

  it('turns dark and stays dark after a reload', async () => {
    await choose(page, 'Theme', 'Dark');
    await expect(page.evaluate(() => document.documentElement.classList.contains('dark'))).resolves.toBe(
      true,
    );
    await page.reload();
    await page.waitForSelector('main h1');
    await expect(page.evaluate(() => document.documentElement.classList.contains('dark'))).resolves.toBe(
      true,
    );
    await choose(page, 'Theme', 'Light');
  });

  it('lets the trace of the SDK request be opened by its deep link', async () => {
    await goTo('/traces');
    const link = page.locator('table a[href^="#/traces/"]').first();
    traceId = ((await link.getAttribute('href')) ?? '').replace('#/traces/', '');
    expect(traceId).not.toBe('');
    await page.goto(`${ais.url}/#/traces/${traceId}`);
    await page.getByRole('heading', { name: 'Routing decision' }).waitFor();
  });

  it('has no serious or critical accessibility violation on any page, in either language or theme, and screenshots each', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const pages = [
      ['overview', '/'],
      ['providers', '/providers'],
      ['provider-editor', '/providers/deepseek'],
      ['routes', '/routes'],
      ['route-editor', `/routes/${routeKey}`],
      ['traces', '/traces'],
      ['trace-detail', `/traces/${traceId}`],
      ['usage', '/usage'],
      ['guardrails', '/guardrails'],
      ['settings', '/settings'],
    ] as const;
    const findings: string[] = [];
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 900, height: 700 },
    ]) {
      const signedIn = await openSignedIn(browser, await freshLoginUrl(), viewport);
      for (const language of ['en', 'zh-CN']) {
        for (const theme of ['light', 'dark']) {
          await signedIn.page.evaluate(
            ([savedLanguage, savedTheme]) => {
              localStorage.setItem('ais.language', savedLanguage ?? 'en');
              localStorage.setItem('ais.theme', savedTheme ?? 'light');
            },
            [language, theme],
          );
          for (const [name, hash] of pages) {
            await signedIn.page.goto(`${ais.url}/#${hash}`);
            await signedIn.page.reload();
            await signedIn.page.waitForSelector('main h1');
            await signedIn.page.waitForLoadState('networkidle');
            if (viewport.width === 1280)
              for (const violation of await seriousViolations(signedIn.page))
                findings.push(
                  `${name} ${language} ${theme}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`,
                );
            await signedIn.page.screenshot({
              path: path.join(
                SCREENSHOTS,
                `${name}-${language}-${theme}-${viewport.width}x${viewport.height}.png`,
              ),
              fullPage: true,
            });
          }
        }
      }
      expect(signedIn.problems).toEqual([]);
      await signedIn.context.close();
    }
    expect(findings).toEqual([]);
  }, 300_000);
});
