import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../../main/core/config/guardrails-schema';
import { startEngine, type RunningEngine } from '../admin/admin-harness';

// A change made in the config file is audited as the file's, with a diff that
// names what changed and hides keys (a rotated key shows as a change of
// `<redacted>`) and route keys (shown by label).

const config = (key: string, budget: number) => `
providers:
  chat: { base_url: http://127.0.0.1:9, format: chat, api_key: ${key} }
routes:
  ais-very-secret-route: { provider: chat, default_model: m, label: team }
guardrails:
  budgets:
    - { route: ais-very-secret-route, window: day, cost_usd: ${budget} }
`;

describe('audit log of config file changes', () => {
  let ais: RunningEngine;
  beforeAll(async () => {
    ais = await startEngine(config('sk-first-key-0123456789', 5));
  });
  afterAll(async () => ais?.close());

  it('records who, what (redacted) and when', async () => {
    const before = Date.now();
    writeFileSync(path.join(ais.home, 'config.yaml'), config('sk-second-key-9876543210', 7));
    expect((await ais.engine.reload('file changed')).ok).toBe(true);
    const { items } = await ais.engine.api.invoke('auditList', {});
    const change = items.find((item) => item.action === 'config change')!;
    expect(change).toMatchObject({ actor: 'config file', ok: true });
    expect(change.at).toBeGreaterThanOrEqual(before);
    expect(change.detail.changes).toEqual([
      { path: 'providers.chat.api_key', before: '<redacted>', after: '<redacted>' },
      { path: 'guardrails.budgets', before: expect.any(Array), after: expect.any(Array) },
    ]);
    const text = JSON.stringify(items);
    expect(text).not.toContain('sk-first-key');
    expect(text).not.toContain('sk-second-key');
    expect(text).not.toContain('ais-very-secret-route');
    expect(text).toContain('<route team>');
  });

  it('an unchanged reload writes nothing', async () => {
    const { items: before } = await ais.engine.api.invoke('auditList', {});
    await ais.engine.reload('file changed');
    const { items: after } = await ais.engine.api.invoke('auditList', {});
    expect(after.length).toBe(before.length);
  });

  it('guardrails.audit_retention_days prunes the log on the traces’ schedule, as reloaded', async () => {
    const configFile = path.join(ais.home, 'config.yaml');
    writeFileSync(configFile, `${config('sk-second-key-9876543210', 7)}  audit_retention_days: 30\n`);
    expect((await ais.engine.reload('file changed')).ok).toBe(true);
    const now = Date.now();
    const audit = ais.engine.store().audit;
    audit.append({
      at: now - 31 * 86_400_000,
      actor: 'config file',
      action: 'old',
      summary: '',
      ok: true,
      detail: {},
    });
    audit.append({
      at: now - 29 * 86_400_000,
      actor: 'config file',
      action: 'recent',
      summary: '',
      ok: true,
      detail: {},
    });
    expect(ais.engine.store().prune(now).deletedAuditEntries).toBe(1);
    const actions = (await ais.engine.api.invoke('auditList', { limit: 200 })).items.map(
      (item) => item.action,
    );
    expect(actions).toContain('recent');
    expect(actions).not.toContain('old');
    // Without the field, a year.
    expect(guardrailsSchema.parse({}).audit_retention_days).toBe(365);
  });
});
