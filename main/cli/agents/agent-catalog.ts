export const AGENT_NAMES = ['claude', 'codex', 'gemini', 'opencode'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export interface AgentInfo {
  /** What people call it. */
  title: string;
  /** The executable looked up on PATH. */
  executable: string;
  /** The exact command that installs it, printed when it is missing. */
  installCommand: string;
}

export const AGENTS: Readonly<Record<AgentName, AgentInfo>> = {
  claude: {
    title: 'Claude Code',
    executable: 'claude',
    installCommand: 'npm i -g @anthropic-ai/claude-code',
  },
  codex: { title: 'Codex CLI', executable: 'codex', installCommand: 'npm i -g @openai/codex' },
  gemini: { title: 'Gemini CLI', executable: 'gemini', installCommand: 'npm i -g @google/gemini-cli' },
  opencode: { title: 'OpenCode', executable: 'opencode', installCommand: 'npm i -g opencode-ai' },
};

export function isAgentName(word: string): word is AgentName {
  return (AGENT_NAMES as readonly string[]).includes(word);
}

/** The environment variable that carries the route key to Codex and OpenCode (named in their config). */
export const ROUTE_KEY_VARIABLE = 'AI_SWITCH_ROUTE_KEY';

/** What an agent needs to reach AI Switch, for one process: no file of the agent's is written. */
export interface AgentLaunch {
  agent: AgentName;
  executable: string;
  /** Our arguments first, then the user's, untouched. */
  args: string[];
  /** Set in the child's environment. */
  env: Record<string, string>;
  /** Removed from the child's environment (they would send it elsewhere, or with another key). */
  unsetEnv: string[];
  /** Files of ours (under the AI Switch home) the launch refers to; written before it starts. */
  files: { path: string; content: string }[];
  /** Links of ours to the user's own files (under the AI Switch home), made before it starts. */
  links: { path: string; target: string }[];
}

export interface AgentLaunchInput {
  /** AI Switch's URL, e.g. http://127.0.0.1:12345 (no trailing slash). */
  proxyUrl: string;
  routeKey: string;
  /** A model to ask for; absent: the agent's own choice (the route maps it). */
  model?: string;
  /** The user's arguments for the agent. */
  args: readonly string[];
}
