import { ROUTE_KEY_VARIABLE, type AgentLaunch, type AgentLaunchInput } from './agent-catalog';

/*
 * Codex CLI, checked against @openai/codex 0.171.0 (`codex exec --help`, its
 * ModelProviderInfo fields, and docs/config.md in github.com/openai/codex):
 * `-c key=value` overrides a config.toml value for this run (the value is
 * TOML; root-level `-c` reaches every subcommand). A provider defined under
 * `model_providers.<id>` with `base_url`, `wire_api = "responses"` and
 * `env_key` (the variable holding the key) and selected by `model_provider`
 * needs no `codex login`: only OpenAI's own provider requires OpenAI auth.
 * `-m <model>` picks the model.
 */
const PROVIDER_ID = 'ai_switch';

export function buildCodexLaunch(input: AgentLaunchInput): AgentLaunch {
  const provider = `model_providers.${PROVIDER_ID}`;
  const overrides = [
    `model_provider=${tomlString(PROVIDER_ID)}`,
    `${provider}.name=${tomlString('AI Switch')}`,
    `${provider}.base_url=${tomlString(`${input.proxyUrl}/v1`)}`,
    `${provider}.wire_api=${tomlString('responses')}`,
    `${provider}.env_key=${tomlString(ROUTE_KEY_VARIABLE)}`,
  ];
  return {
    agent: 'codex',
    executable: 'codex',
    args: [
      ...overrides.flatMap((override) => ['-c', override]),
      ...(input.model ? ['-m', input.model] : []),
      ...input.args,
    ],
    env: { [ROUTE_KEY_VARIABLE]: input.routeKey },
    unsetEnv: [],
    files: [],
    links: [],
  };
}

/** A TOML basic string: JSON's escaping is a subset TOML accepts. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
