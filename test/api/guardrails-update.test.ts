import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import {
  httpTransport,
  invokeTransport,
  type CallAnswer,
  type ContractTransport,
} from './contract-transports';

const CONFIG = `# my proxy
providers:
  local:
    base_url: http://127.0.0.1:9
    api_key: sk-guardrails-update-key-0011223344
    models: [m1]
routes:
  ais-guard-secret-key:
    provider: local
    default_model: m1
default_route: ais-guard-secret-key
guardrails:
  # keep me: the user's own comment
  budgets:
    - { route: "*", window: month, cost_usd: 100 }
  lockout: { max_failures: 5 }
`;

/**
 * guardrailsUpdate through api.invoke and HTTP: saved through the one config
 * save path (the user's comments survive), refused at the field with the
 * config's own schema, audited like every admin change.
 */
describe.each(['api.invoke', 'HTTP'])('guardrailsUpdate through %s', (transportName) => {
  let running: RunningEngine;
  let transport: ContractTransport;
  const configText = (): string => readFileSync(path.join(running.home, 'config.yaml'), 'utf8');
  const call = (name: Parameters<ContractTransport['call']>[0], input?: Record<string, unknown>) =>
    transport.call(name, input);
  const refusedFields = (answer: CallAnswer) => {
    expect(answer.ok).toBe(false);
    if (answer.ok) return [];
    expect(answer.status).toBe(400);
    return answer.fields;
  };

  beforeAll(async () => {
    running = await startEngine(CONFIG);
    transport =
      transportName === 'HTTP' ? httpTransport(running.url, running.token) : invokeTransport(running.engine);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('saves the parts given, keeps the rest and the comments, and the engine runs on it', async () => {
    const answer = await call('guardrailsUpdate', {
      budgets: [{ route: 'ais-guard-secret-key', window: 'day', tokens: 2_000_000, warn_at: 0.5 }],
      intercept: [{ match: 'command', pattern: ['rm -rf /', 'git push --force'], message: 'no' }],
      starter_rules: true,
    });
    expect(answer.ok).toBe(true);
    const guardrails = running.engine.config().guardrails;
    expect(guardrails.budgets).toEqual([
      expect.objectContaining({
        route: 'ais-guard-secret-key',
        window: 'day',
        tokens: 2_000_000,
        warn_at: 0.5,
      }),
    ]);
    expect(guardrails.intercept[0]).toMatchObject({ target: 'tool_call', action: 'block', message: 'no' });
    expect(guardrails.starter_rules).toBe(true);
    expect(guardrails.lockout?.max_failures).toBe(5);
    const text = configText();
    expect(text).toContain("# keep me: the user's own comment");
    expect(text).toContain('# my proxy');
    const status = await call('guardrailsStatus');
    expect(status.ok && (status.value as { budgets: { window: string }[] }).budgets[0]?.window).toBe('day');
  });

  it('refuses a regex the linear-time engine cannot run at its field, and saves nothing', async () => {
    const before = configText();
    const fields = refusedFields(
      await call('guardrailsUpdate', {
        intercept: [
          { match: 'contains', pattern: 'curl' },
          { match: 'regex', pattern: '(a)\\1' },
        ],
      }),
    );
    expect(fields).toEqual([
      { path: 'intercept.1.pattern', message: expect.stringContaining('linear-time engine') as string },
    ]);
    expect(configText()).toBe(before);
  });

  it('refuses a command pattern that is a list, not one command, at its field', async () => {
    const fields = refusedFields(
      await call('guardrailsUpdate', { intercept: [{ match: 'command', pattern: 'rm -rf / && ls' }] }),
    );
    expect(fields).toEqual([
      { path: 'intercept.0.pattern', message: expect.stringContaining('one command') as string },
    ]);
  });

  it('refuses a budget without a limit and a bad cache mode, each at its path', async () => {
    const fields = refusedFields(
      await call('guardrailsUpdate', {
        budgets: [{ route: '*', window: 'day' }],
        cache: { mode: 'sometimes' },
      }),
    );
    expect(fields.map((field) => field.path).sort()).toEqual(['budgets.0', 'cache.mode']);
  });

  it('turns lockout off with null and the cache on; the audit log has the call and the change', async () => {
    expect((await call('guardrailsUpdate', { lockout: null, cache: { mode: 'exact', ttl_h: 2 } })).ok).toBe(
      true,
    );
    expect(running.engine.config().guardrails.lockout).toBeUndefined();
    expect(running.engine.config().guardrails.cache).toMatchObject({
      mode: 'exact',
      ttl_h: 2,
      memory_mb: 64,
    });
    expect(configText()).not.toContain('max_failures');
    const audit = await call('auditList', { limit: 50 });
    if (!audit.ok) throw new Error(audit.message);
    const items = (audit.value as { items: { action: string; ok: boolean; detail: unknown }[] }).items;
    const calls = items.filter((item) => item.action === 'guardrailsUpdate');
    expect(calls.filter((item) => item.ok)).toHaveLength(2);
    expect(calls.filter((item) => !item.ok)).toHaveLength(3);
    const change = items.find((item) => item.action === 'config change');
    expect(JSON.stringify(change?.detail)).toContain('guardrails.cache.mode');
    // The route key a budget names is a secret the audit log never holds.
    expect(JSON.stringify(items)).not.toContain('ais-guard-secret-key');
  });
});
