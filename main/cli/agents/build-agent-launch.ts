import type { AgentLaunch, AgentLaunchInput, AgentName } from './agent-catalog';
import { buildClaudeLaunch, type ClaudeAuthStyle } from './build-claude-launch';
import { buildCodexLaunch } from './build-codex-launch';
import { buildGeminiLaunch, type GeminiHomePlan } from './build-gemini-launch';
import { buildOpenCodeLaunch } from './build-opencode-launch';

export interface AgentLaunchOptions extends AgentLaunchInput {
  agent: AgentName;
  claudeAuth?: ClaudeAuthStyle;
  gemini: GeminiHomePlan;
  /** Models the route knows by name (OpenCode lists them in its picker). */
  routeModels: readonly string[];
}

/** The per-process configuration for one agent. Pure: nothing is read or written here. */
export function buildAgentLaunch(options: AgentLaunchOptions): AgentLaunch {
  const input: AgentLaunchInput = {
    proxyUrl: options.proxyUrl.replace(/\/+$/, ''),
    routeKey: options.routeKey,
    args: options.args,
    ...(options.model ? { model: options.model } : {}),
  };
  switch (options.agent) {
    case 'claude':
      return buildClaudeLaunch({ ...input, ...(options.claudeAuth ? { auth: options.claudeAuth } : {}) });
    case 'codex':
      return buildCodexLaunch(input);
    case 'gemini':
      return buildGeminiLaunch({ ...input, home: options.gemini });
    case 'opencode':
      return buildOpenCodeLaunch({ ...input, models: options.routeModels });
    default: {
      const exhaustive: never = options.agent;
      throw new Error(`unknown agent ${String(exhaustive)}`);
    }
  }
}

/** The child's environment: ours over the inherited one, minus what would misdirect it. */
export function buildChildEnv(parent: NodeJS.ProcessEnv, launch: AgentLaunch): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of launch.unsetEnv) delete env[name];
  return { ...env, ...launch.env };
}
