import type { TrayLanguage } from './tray-text';
import type { LifecycleState } from '../../core/lifecycle';

/** The agents the tray can launch; the same names `ais agent <name>` takes. */
export const AGENT_IDS = ['claude', 'codex', 'gemini', 'opencode'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

export const AGENT_TITLES: Readonly<Record<AgentId, string>> = {
  claude: 'Claude Code',
  codex: 'Codex',
  gemini: 'Gemini CLI',
  opencode: 'OpenCode',
};

export interface TrayRoute {
  /** The route key (what a client sends as its API key). */
  key: string;
  /** What the tray shows: the route's label, else the masked key. */
  title: string;
  providerId: string;
  /** The model the route answers with by default (`scene_map.default`, else `default_model`). */
  model?: string;
  disabled: boolean;
}

export interface TrayProvider {
  id: string;
  title: string;
  models: string[];
}

export interface TrayAgent {
  id: AgentId;
  /** Why the agent cannot be launched (not installed, no launcher in this build); absent when it can. */
  unavailableReason?: string;
}

export interface TodayTotals {
  requests: number;
  tokens: number;
  costUsd: number;
}

export type UpdateState =
  /** A development run: updates come only to installed builds. */
  | { kind: 'unsupported' }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'error'; message: string };

/** Everything the tray shows; the menu, icon and tooltip are pure functions of it. */
export interface TrayState {
  engine: {
    state: LifecycleState;
    url?: string;
    error?: string;
    /** The app is a client of an `ais serve` already running on this home. */
    attached: boolean;
  };
  today?: TodayTotals;
  routes: TrayRoute[];
  providers: TrayProvider[];
  /** Set when the config could not be read (the engine is not reachable). */
  configError?: string;
  agents: TrayAgent[];
  recentFolders: string[];
  /** The route each agent was last launched with. */
  agentRoutes: Partial<Record<AgentId, string>>;
  launchAtLogin: boolean;
  /** Whether `ais serve` may read the encrypted keys (the key file); undefined: keys are not encrypted here. */
  cliKeyAccess?: boolean;
  update: UpdateState;
  platform: NodeJS.Platform;
  /** The menu's language (the system's); English when left out. */
  language?: TrayLanguage;
}

/** What the menu items do; the tray controller implements them. */
export interface TrayActions {
  startProxy(): void;
  pauseProxy(): void;
  switchRoute(target: { routeKey: string; providerId: string; model?: string }): void;
  /** Without a folder: ask for one first. */
  launchAgent(launch: { agent: AgentId; routeKey: string; folder?: string }): void;
  chooseAgentRoute(agent: AgentId, routeKey: string): void;
  copyShellExports(routeKey: string): void;
  openDashboard(): void;
  openConfigFolder(): void;
  setLaunchAtLogin(enabled: boolean): void;
  setCliKeyAccess(enabled: boolean): void;
  checkForUpdates(): void;
  restartToUpdate(): void;
  quit(): void;
}
