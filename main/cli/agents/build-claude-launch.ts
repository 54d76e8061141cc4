import type { AgentLaunch, AgentLaunchInput } from './agent-catalog';

/*
 * Claude Code, checked against @anthropic-ai/claude-code 2.1.337 (its binary's
 * `--help` and code, and its CHANGELOG in github.com/anthropics/claude-code):
 * - ANTHROPIC_API_KEY is a "custom API key": an interactive session asks "Do you
 *   want to use this API key?" until the key's suffix is listed in
 *   ~/.claude.json `customApiKeyResponses.approved` (a file we must not write).
 *   ANTHROPIC_AUTH_TOKEN (sent as `Authorization: Bearer`, the LLM-gateway
 *   setting) is not asked about and skips the login screen, so it is the default.
 *   `--auth api-key` is kept for gateways and scripts (`-p`) that want x-api-key.
 * - Settings files are merged user < project < local < `--settings` < managed,
 *   and their `env` blocks are applied over the process environment. A user's
 *   `env: { ANTHROPIC_BASE_URL: … }` would redirect us, so the same variables go
 *   in a `--settings <json>` (the flag takes a file or a JSON string), which
 *   outranks every settings file the user edits.
 * - `--model <model>` picks the model for the session.
 */
export type ClaudeAuthStyle = 'token' | 'api-key';

export function buildClaudeLaunch(input: AgentLaunchInput & { auth?: ClaudeAuthStyle }): AgentLaunch {
  const auth = input.auth ?? 'token';
  const env: Record<string, string> = { ANTHROPIC_BASE_URL: input.proxyUrl };
  // The other credential is blanked, not left to a settings file: Claude Code
  // would send both, and AI Switch reads x-api-key first.
  if (auth === 'token') Object.assign(env, { ANTHROPIC_AUTH_TOKEN: input.routeKey, ANTHROPIC_API_KEY: '' });
  else Object.assign(env, { ANTHROPIC_API_KEY: input.routeKey, ANTHROPIC_AUTH_TOKEN: '' });
  // Bedrock / Vertex / Foundry switches ignore ANTHROPIC_BASE_URL.
  const providerSwitches = {
    CLAUDE_CODE_USE_BEDROCK: '',
    CLAUDE_CODE_USE_VERTEX: '',
    CLAUDE_CODE_USE_FOUNDRY: '',
  };
  const settings = { env: { ...env, ...providerSwitches } };
  const unsetEnv = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];
  unsetEnv.push(auth === 'token' ? 'ANTHROPIC_API_KEY' : 'ANTHROPIC_AUTH_TOKEN');
  const childEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return {
    agent: 'claude',
    executable: 'claude',
    args: [
      '--settings',
      JSON.stringify(settings),
      ...(input.model ? ['--model', input.model] : []),
      ...input.args,
    ],
    env: childEnv,
    unsetEnv,
    files: [],
    links: [],
  };
}
