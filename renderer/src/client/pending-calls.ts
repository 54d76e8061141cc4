import { z } from 'zod';

/*
 * Calls the engine is gaining (issue 17) that the contract does not declare
 * yet, at the method and path the lead announced. `calls.ts` lets the
 * contract's own declaration win, so each entry here retires itself the
 * moment the contract has it; delete an entry once main declares it.
 */

const presetSchema = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  displayNameZh: z.string().optional(),
  baseUrl: z.string(),
  format: z.enum(['chat', 'responses', 'anthropic', 'gemini']),
  models: z.array(z.string()),
  defaultModel: z.string().optional(),
  docsUrl: z.string().optional(),
  apiKeyUrl: z.string().optional(),
  keyEnv: z.string().optional(),
  local: z.boolean().optional(),
  thinkTag: z.string().optional(),
  path: z.string().optional(),
});

const explainSchema = z.looseObject({
  ok: z.boolean(),
  route: z.string().optional(),
  scene: z.string().optional(),
  sceneReason: z.string().optional(),
  rule: z.string().optional(),
  providerId: z.string().optional(),
  model: z.string().optional(),
  fallback: z.array(z.object({ providerId: z.string(), model: z.string() })).default([]),
  error: z.string().optional(),
});

export const pendingCalls = {
  providerPresets: {
    method: 'GET' as const,
    path: '/api/presets',
    input: z.object({}),
    output: z.object({ presets: z.array(presetSchema) }),
  },
  routeExplain: {
    method: 'POST' as const,
    path: '/api/explain',
    input: z.object({
      routeKey: z.string().optional(),
      protocol: z.enum(['anthropic', 'openai-chat', 'openai-responses', 'gemini']),
      model: z.string().optional(),
      thinking: z.boolean().optional(),
      tools: z.boolean().optional(),
      image: z.boolean().optional(),
      tokens: z.number().int().nonnegative().optional(),
      request: z.unknown().optional(),
    }),
    output: explainSchema,
  },
};
