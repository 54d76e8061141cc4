import type { AgentId } from '../tray/tray-state';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized?: boolean;
}

/** The desktop app's own choices: never part of the config file, never seen by core. */
export interface PreferenceValues {
  windowBounds?: WindowBounds;
  /** Most recent first; the folders agents were launched in. */
  recentFolders: string[];
  /** The route each agent was last launched with. */
  agentRoutes: Partial<Record<AgentId, string>>;
  /** "Also use from the command line": `ais serve` may read the key file to decrypt keys. */
  cliKeyAccess: boolean;
  /** A terminal id for agent launches (see the agents launcher); absent: the platform's first. */
  preferredTerminal?: string;
  /** Dashboard UI choices (theme, language, column widths…), opaque here. */
  ui: Record<string, unknown>;
}

export const DEFAULT_PREFERENCES: PreferenceValues = {
  recentFolders: [],
  agentRoutes: {},
  cliKeyAccess: false,
  ui: {},
};

export interface Preferences {
  get<Key extends keyof PreferenceValues>(key: Key): PreferenceValues[Key];
  set<Key extends keyof PreferenceValues>(key: Key, value: PreferenceValues[Key]): void;
}

/** What electron-store and `conf` (its Node-only base) both offer. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * Preferences over electron-store in the app and `conf` in tests (the same
 * API). A value of the wrong shape (a hand-edited file) reads as the default.
 */
export function createPreferences(store: KeyValueStore): Preferences {
  return {
    get(key) {
      const value = store.get(key);
      const fallback = DEFAULT_PREFERENCES[key];
      if (value === undefined) return fallback;
      if (fallback !== undefined && typeof value !== typeof fallback) return fallback;
      if (Array.isArray(fallback) !== Array.isArray(value)) return fallback;
      return value as PreferenceValues[typeof key];
    },
    set(key, value) {
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
  };
}

const RECENT_FOLDER_COUNT = 8;

/** The recent folders with `folder` first, once, at most eight. */
export function rememberRecentFolder(recent: readonly string[], folder: string): string[] {
  return [folder, ...recent.filter((existing) => existing !== folder)].slice(0, RECENT_FOLDER_COUNT);
}
