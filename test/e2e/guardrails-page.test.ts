import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { REPO_ROOT } from '../helpers/fixtures';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';
import { answerLikeChatProvider } from './chat-upstream';
import {
  CHROMIUM,
  launchChromium,
  openSignedIn,
  seriousViolations,
  type DashboardPage,
} from './dashboard-browser';

// The Guardrails page end to end against `ais serve`: a budget fills as requests go through, an
// intercept rule added in the form is saved to config.yaml (comments kept), a regex the linear-time
// engine refuses is shown at its field with the input kept, and the audit log lists the change.

const SCREENSHOTS = path.join(REPO_ROOT, 'test/e2e/screenshots');
const MAIN_KEY = 'sk-ais-e2e-guardrails-route-01';
/** The scripted provider answers 12 input + 3 output tokens a request. */
const TOKENS_PER_REQUEST = 15;

let upstream: ScriptedUpstream;
let ais: AisProcess;
let browser: Browser;
let session: DashboardPage;
let page: Page;

const configText = (): string => readFileSync(path.join(ais.home, 'config.yaml'), 'utf8');

async function freshLoginUrl(): Promise<string> {
  const token = readFileSync(path.join(ais.home, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${ais.url}/api/login-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { url: string }).url;
}

/** Opens a rule's select (by its label, inside the rule) and picks an option. */
async function chooseInRule(rule: number, label: string, option: string): Promise<void> {
  await page.getByTestId(`rule-${rule}`).getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!existsSync(CHROMIUM))('the Guardrails page in Chromium against ais serve', () => {
  beforeAll(async () => {
    upstream = await startScriptedUpstream(answerLikeChatProvider);
    ais = await startAis(`# guardrails e2e
providers:
  ok:
    base_url: ${upstream.url}/ok
    api_key: sk-e2e-guardrails-provider
routes:
  ${MAIN_KEY}:
    label: Main
    provider: ok
    default_model: deepseek-v4-pro
guardrails:
  # the team's daily allowance
  budgets:
    - { name: Main daily, route: ${MAIN_KEY}, window: day, tokens: 100, requests: 10, warn_at: 0.5 }
  rate_limits:
    - { route: "*", rpm: 100, concurrent: 4 }
  lockout: { max_failures: 5 }
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

  it("shows a budget's usage after requests, live", async () => {
    await page.goto(`${ais.url}/#/guardrails`);
    const budget = page.getByTestId('budget-status');
    await expect(
      budget.getByTestId('limit-tokens').getByTestId('limit-used').textContent(),
    ).resolves.toContain('0 of 100');
    const openai = new OpenAI({ baseURL: `${ais.url}/v1`, apiKey: MAIN_KEY, maxRetries: 0 });
    for (let index = 0; index < 4; index += 1)
      await openai.chat.completions.create({
        model: 'deepseek-v4-pro',
        messages: [{ role: 'user', content: `hello ${index}` }],
      });
    // No reload: the finished traces' events refresh the status.
    await page
      .getByTestId('limit-tokens')
      .getByText(`${4 * TOKENS_PER_REQUEST} of 100`)
      .waitFor({ timeout: 10_000 });
    await expect(
      page.getByTestId('limit-requests').getByTestId('limit-used').textContent(),
    ).resolves.toContain('4 of 10');
    // 60 of 100 is past the warning share (0.5); 4 of 10 is not.
    await expect(page.getByTestId('limit-tokens').getAttribute('data-state')).resolves.toBe('warn');
    await expect(page.getByTestId('limit-requests').getAttribute('data-state')).resolves.toBe('ok');
    await expect(page.getByTestId('budget-status').textContent()).resolves.toContain('Main daily');
    await expect(page.getByTestId('lockout-status').textContent()).resolves.toContain('0');
  });

  it('adds an intercept rule and saves it into config.yaml, keeping the comments', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByTestId('unsaved').isVisible()).resolves.toBe(true);
    await page.getByTestId('rule-0').getByLabel('Name').fill('no force push');
    await page.getByTestId('rule-0').getByLabel('Patterns (one per line)').fill('git push --force');
    await chooseInRule(0, 'Action', 'Warn');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Guardrails saved').waitFor();
    const text = configText();
    expect(text).toContain('git push --force');
    expect(text).toContain("# the team's daily allowance");
    expect(text).toContain('# guardrails e2e');
    await page.getByTestId('intercept-status').getByText('1', { exact: true }).waitFor();
    await expect(page.getByTestId('rule-0').getByLabel('Name').inputValue()).resolves.toBe('no force push');
  });

  it('shows a regex the linear-time engine refuses at its field, keeps the input, saves nothing', async () => {
    const before = configText();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await chooseInRule(1, 'Match', 'Regular expression');
    const patterns = page.getByTestId('rule-1').getByLabel('Patterns (one per line)');
    await patterns.fill('(a)\\1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = page.getByTestId('rule-1').getByRole('alert');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('linear-time engine');
    await expect(patterns.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(patterns.inputValue()).resolves.toBe('(a)\\1');
    expect(configText()).toBe(before);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'guardrails-bad-regex-en-light-1280x800.png'),
      fullPage: true,
    });
    // Fixed in place, it saves.
    await patterns.fill('curl .*\\| *sh');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Guardrails saved').last().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="unsaved"]'));
    expect(configText()).toContain('curl .*\\| *sh');
  });

  it('asks before a link leaves unsaved changes behind, and Discard puts the form back', async () => {
    await page.getByRole('button', { name: 'Add budget' }).click();
    await page.getByTestId('budget-1').getByLabel('Cost (USD)').fill('3');
    await page.getByRole('navigation').getByRole('link', { name: 'Usage' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(new URL(page.url()).hash).toBe('#/guardrails');
    await expect(page.getByTestId('budget-1').getByLabel('Cost (USD)').inputValue()).resolves.toBe('3');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(page.getByTestId('budget-1').count()).resolves.toBe(0);
    // Nothing unsaved: the link just goes.
    await page.getByRole('navigation').getByRole('link', { name: 'Usage' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/usage'));
    await page.goto(`${ais.url}/#/guardrails`);
    await page.getByTestId('audit-log').waitFor();
  });

  it('lists the change in the audit log with its redacted diff', async () => {
    const audit = page.getByTestId('audit-log');
    await audit.locator('[data-action="guardrailsUpdate"]').first().waitFor();
    const change = audit.locator('[data-action="config change"]').first();
    await change.locator('summary').click();
    await expect(change.getByTestId('audit-diff').textContent()).resolves.toContain('guardrails.intercept');
    // The route key a budget names is a secret: it is never shown in the log.
    await expect(audit.textContent()).resolves.not.toContain(MAIN_KEY);
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
        await signedIn.page.getByTestId('budget-status').waitFor();
        await signedIn.page.getByTestId('audit-row').first().waitFor();
        await signedIn.page.locator('[data-action="config change"] summary').first().click();
        await signedIn.page.waitForTimeout(300);
        for (const violation of await seriousViolations(signedIn.page))
          findings.push(
            `${language} ${theme}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.join(', ')}`,
          );
        await signedIn.page.screenshot({
          path: path.join(SCREENSHOTS, `guardrails-${language}-${theme}-1280x800.png`),
          fullPage: true,
        });
        // What the page opens on (live state, the first editors): the README's picture.
        await signedIn.page.evaluate(() => window.scrollTo(0, 0));
        await signedIn.page.screenshot({
          path: path.join(SCREENSHOTS, `guardrails-top-${language}-${theme}-1280x800.png`),
        });
      }
    }
    expect(signedIn.problems).toEqual([]);
    expect(session.problems).toEqual([]);
    await signedIn.context.close();
    expect(findings).toEqual([]);
  }, 120_000);
});
