import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
