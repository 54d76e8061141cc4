import type { AgentLaunch, AgentLaunchInput } from './agent-catalog';

/*
 * OpenCode, checked against opencode-ai 1.18.x and opencode.ai/docs/config:
 * OPENCODE_CONFIG_CONTENT holds a whole config as JSON, merged over the
 * global, custom and project files ("runtime overrides", the highest a user
 * sets). A provider with npm `@ai-sdk/openai-compatible`, `options.baseURL`
 * and `options.apiKey`, its models listed, and `model: "<provider>/<model>"`
 * selects it. The key sits in that variable only, never in a file.
 */
const PROVIDER_ID = 'ai-switch';

export function buildOpenCodeLaunch(input: AgentLaunchInput & { models?: readonly string[] }): AgentLaunch {
  const models = [...new Set([...(input.model ? [input.model] : []), ...(input.models ?? [])])];
  const config = {
    provider: {
      [PROVIDER_ID]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'AI Switch',
        options: { baseURL: `${input.proxyUrl}/v1`, apiKey: input.routeKey },
        models: Object.fromEntries(models.map((model) => [model, { name: model }])),
      },
    },
    ...(models[0] ? { model: `${PROVIDER_ID}/${models[0]}` } : {}),
  };
  return {
    agent: 'opencode',
    executable: 'opencode',
    args: [...input.args],
    env: { OPENCODE_CONFIG_CONTENT: JSON.stringify(config) },
    unsetEnv: [],
    files: [],
    links: [],
  };
}
