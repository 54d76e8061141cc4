import { describe, expect, it } from 'vitest';
import { configSchema } from '../../main/core/config/schema';
import { resolveTarget } from '../../main/core/routing';
import type { CanonicalRequest } from '../../main/core/protocols/canonical';

// Files written by the original ai-switch use `provider:model`; model ids such as qwen2.5:7b contain colons too.
describe('resolveTarget with the original ai-switch provider:model syntax', () => {
  const config = configSchema.parse({
    providers: {
      ollama: { base_url: 'http://127.0.0.1:11434/v1' },
      zhipu: { base_url: 'https://open.bigmodel.cn/api/paas/v4' },
    },
    routes: { r: { provider: 'ollama', default_model: 'qwen2.5:7b', scene_map: { think: 'zhipu:glm-4.6' } } },
  });
  const request = (thinking: boolean): CanonicalRequest => ({
    model: 'claude-x',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [],
    stream: false,
    ...(thinking ? { reasoning: { enabled: true, budgetTokens: 1000 } } : {}),
  });

  it('reads provider:model when the prefix is a defined provider', () => {
    const target = resolveTarget({ config, routeKey: 'r', route: config.routes.r!, request: request(true) });
    expect(target).toMatchObject({ ok: true, providerId: 'zhipu', model: 'glm-4.6' });
  });

  it('keeps a colon that is part of the model id', () => {
    const target = resolveTarget({ config, routeKey: 'r', route: config.routes.r!, request: request(false) });
    expect(target).toMatchObject({ ok: true, providerId: 'ollama', model: 'qwen2.5:7b' });
  });
});
