import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../../main/core/config/guardrails-schema';
import { contract } from '../../main/core/contract';
import { collectSchemaErrors } from '../../renderer/src/lib/collect-field-errors';
import { describeCacheFields } from '../../renderer/src/pages/guardrails/describe-cache-fields';
import {
  configToGuardrailsForm,
  emptyRule,
  guardrailsFormToInput,
} from '../../renderer/src/pages/guardrails/guardrails-form-state';
import { usedFor } from '../../renderer/src/pages/guardrails/guardrails-status-cards';

const GUARDRAILS = guardrailsSchema.parse({
  budgets: [
    { name: 'daily', route: 'ais-key', window: 'day', tokens: 2_000_000, cost_usd: 5, warn_at: 0.5 },
    { route: '*', window: 'once', top_up: true, cost_usd: 20, future_field: 'kept' },
  ],
  rate_limits: [
    { route: '*', rpm: 120, concurrent: 8 },
    { provider: 'deepseek', concurrent: 2, queue_s: 0 },
  ],
  intercept: [
    { match: 'command', pattern: ['rm -rf /', 'git push --force'], message: 'not here' },
    { target: 'user_message', match: 'contains', pattern: 'password', action: 'warn', ignore_case: true },
    { match: 'exact', pattern: 'ls', tools: ['Bash'] },
  ],
  starter_rules: true,
  cache: { mode: 'exact', ttl_h: 2, skip_routes: ['ais-key'] },
  lockout: { max_failures: 5 },
});

const parse = (input: unknown) => contract.calls.guardrailsUpdate.input.safeParse(input);

describe('the guardrails form', () => {
  it('round-trips the section through the form to the same config, fields it does not show included', () => {
    const input = guardrailsFormToInput(configToGuardrailsForm(GUARDRAILS));
    const parsed = parse(input);
    expect(parsed.success).toBe(true);
    expect(guardrailsSchema.parse({ ...GUARDRAILS, ...parsed.data })).toEqual(GUARDRAILS);
    expect(input.budgets?.[1]).toMatchObject({ future_field: 'kept' });
  });

  it('keeps a wrong number as typed so the schema refuses it at its field', () => {
    const form = configToGuardrailsForm(GUARDRAILS);
    form.budgets[0]!.limits.cost_usd = 'five';
    form.rate_limits[0]!.rpm = '-1';
    form.lockout.block_s = '';
    const errors = collectSchemaErrors(parse(guardrailsFormToInput(form)).error);
    // An emptied lockout field is left out (its default applies), so it is no error.
    expect(Object.keys(errors).sort()).toEqual(['budgets.0.cost_usd', 'rate_limits.0.rpm']);
  });

  it('reads patterns one a line, refuses a regex the linear-time engine cannot run at the rule', () => {
    const form = configToGuardrailsForm(guardrailsSchema.parse({}));
    form.intercept = [{ ...emptyRule(), match: 'regex', patterns: 'curl .*\\| *sh\n\n  (a)\\1  \n' }];
    const input = guardrailsFormToInput(form);
    expect(input.intercept?.[0]?.pattern).toEqual(['curl .*\\| *sh', '(a)\\1']);
    expect(Object.keys(collectSchemaErrors(parse(input).error))).toEqual(['intercept.0.pattern']);
    form.intercept = [{ ...emptyRule(), patterns: '  ' }];
    expect(Object.keys(collectSchemaErrors(parse(guardrailsFormToInput(form)).error))).toEqual([
      'intercept.0.pattern',
    ]);
  });

  it('turns lockout off with null, and a rule for the user message carries no tools', () => {
    const form = configToGuardrailsForm(GUARDRAILS);
    form.lockout.enabled = false;
    form.intercept[2]!.target = 'user_message';
    const input = guardrailsFormToInput(form);
    expect(input.lockout).toBeNull();
    expect(input.intercept?.[2]).not.toHaveProperty('tools');
  });

  it('offers one cache control per field of the cache schema, of the field kind', () => {
    const fields = describeCacheFields();
    expect(fields.map((field) => field.name)).toEqual(
      Object.keys(guardrailsSchema.unwrap().shape.cache.unwrap().shape),
    );
    expect(fields.find((field) => field.name === 'mode')).toMatchObject({ kind: 'enum' });
    expect(fields.find((field) => field.name === 'ttl_h')).toEqual({ name: 'ttl_h', kind: 'number' });
    expect(fields.find((field) => field.name === 'skip_routes')).toEqual({
      name: 'skip_routes',
      kind: 'list',
    });
  });

  it('fills a new semantic block with the schema defaults; picking semantic without provider or model is refused there', () => {
    const form = configToGuardrailsForm(GUARDRAILS);
    expect(form.semantic).toMatchObject({
      provider: '',
      model: '',
      threshold: '0.95',
      timeout_ms: '1500',
      routes: [],
      memory_mb: '64',
      max_false_hit_rate: '0',
    });
    // Not in semantic mode, no block is written (the file had none).
    expect(guardrailsFormToInput(form).cache).not.toHaveProperty('semantic');
    form.cache.mode = 'semantic';
    form.semantic.threshold = 'high';
    expect(Object.keys(collectSchemaErrors(parse(guardrailsFormToInput(form)).error)).sort()).toEqual([
      'cache.semantic.model',
      'cache.semantic.provider',
      'cache.semantic.threshold',
    ]);
    form.semantic = {
      ...form.semantic,
      provider: 'embed',
      model: 'mock-embed',
      threshold: '0.9',
      routes: ['ais-key'],
    };
    const input = guardrailsFormToInput(form);
    expect(parse(input).success).toBe(true);
    expect(input.cache?.semantic).toEqual({
      provider: 'embed',
      model: 'mock-embed',
      threshold: 0.9,
      timeout_ms: 1500,
      routes: ['ais-key'],
      memory_mb: 64,
      max_false_hit_rate: 0,
    });
  });

  it("keeps the file's semantic block, unknown fields included, and writes it back as it was outside semantic mode", () => {
    const withSemantic = guardrailsSchema.parse({
      ...GUARDRAILS,
      cache: { mode: 'semantic', semantic: { provider: 'embed', model: 'm', routes: ['ais-key'], later: 1 } },
    });
    const form = configToGuardrailsForm(withSemantic);
    expect(form.cache).not.toHaveProperty('semantic');
    const input = guardrailsFormToInput(form);
    expect(guardrailsSchema.parse({ ...withSemantic, ...parse(input).data })).toEqual(withSemantic);
    form.cache.mode = 'exact';
    form.semantic.threshold = 'broken';
    const exact = guardrailsFormToInput(form);
    expect(parse(exact).success).toBe(true);
    expect(exact.cache?.semantic).toEqual(withSemantic.cache.semantic);
  });

  it('counts a budget limit as the budget does: tokens are input plus output', () => {
    const used = {
      requests: 3,
      inputTokens: 100,
      outputTokens: 20,
      cacheReadTokens: 7,
      cacheWriteTokens: 1,
      costUsd: 0.5,
    };
    expect(usedFor('tokens', used)).toBe(120);
    expect(usedFor('cache_read_tokens', used)).toBe(7);
    expect(usedFor('cost_usd', used)).toBe(0.5);
    expect(usedFor('requests', used)).toBe(3);
  });
});
