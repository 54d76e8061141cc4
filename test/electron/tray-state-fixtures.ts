import { vi, type Mock } from 'vitest';
import type { TrayActions, TrayState } from '../../main/electron/tray/tray-state';
import type { MenuItemConstructorOptions } from 'electron';

export function trayActions(): { [Name in keyof TrayActions]: Mock<TrayActions[Name]> } {
  return {
    startProxy: vi.fn<TrayActions['startProxy']>(),
    pauseProxy: vi.fn<TrayActions['pauseProxy']>(),
    switchRoute: vi.fn<TrayActions['switchRoute']>(),
    launchAgent: vi.fn<TrayActions['launchAgent']>(),
    chooseAgentRoute: vi.fn<TrayActions['chooseAgentRoute']>(),
    copyShellExports: vi.fn<TrayActions['copyShellExports']>(),
    openDashboard: vi.fn<TrayActions['openDashboard']>(),
    openConfigFolder: vi.fn<TrayActions['openConfigFolder']>(),
    setLaunchAtLogin: vi.fn<TrayActions['setLaunchAtLogin']>(),
    setCliKeyAccess: vi.fn<TrayActions['setCliKeyAccess']>(),
    checkForUpdates: vi.fn<TrayActions['checkForUpdates']>(),
    restartToUpdate: vi.fn<TrayActions['restartToUpdate']>(),
    quit: vi.fn<TrayActions['quit']>(),
  };
}

/** A running app with two providers, two routes and every agent installed. */
export function runningState(overrides: Partial<TrayState> = {}): TrayState {
  return {
    engine: { state: 'running', url: 'http://127.0.0.1:12345', attached: false },
    today: { requests: 42, tokens: 1_234_567, costUsd: 0.5312 },
    providers: [
      { id: 'deepseek', title: 'DeepSeek', models: ['deepseek-chat', 'deepseek-reasoner'] },
      { id: 'kimi', title: 'Kimi', models: ['kimi-k2'] },
    ],
    routes: [
      {
        key: 'ais-claude-route',
        title: 'Claude Code',
        providerId: 'deepseek',
        model: 'deepseek-chat',
        disabled: false,
      },
      { key: 'ais-codex-route', title: 'Codex', providerId: 'kimi', model: 'kimi-k2', disabled: false },
    ],
    agents: [{ id: 'claude' }, { id: 'codex' }, { id: 'gemini' }, { id: 'opencode' }],
    recentFolders: ['/home/ada/code/compiler', '/home/ada/notes'],
    agentRoutes: {},
    launchAtLogin: false,
    cliKeyAccess: false,
    update: { kind: 'idle' },
    platform: 'linux',
    ...overrides,
  };
}

type Item = MenuItemConstructorOptions;

/** The item whose label starts with `prefix`, looked for in submenus too. */
export function findItem(items: readonly Item[], prefix: string): Item | undefined {
  for (const item of items) {
    if (item.label?.startsWith(prefix)) return item;
    if (Array.isArray(item.submenu)) {
      const found = findItem(item.submenu, prefix);
      if (found) return found;
    }
  }
  return undefined;
}

export function submenuOf(item: Item | undefined): Item[] {
  if (!item || !Array.isArray(item.submenu)) throw new Error(`${item?.label ?? 'the item'} has no submenu`);
  return item.submenu;
}

export function click(item: Item | undefined): void {
  if (!item?.click) throw new Error(`${item?.label ?? 'the item'} cannot be clicked`);
  (item.click as () => void)();
}

export function labels(items: readonly Item[]): (string | undefined)[] {
  return items.map((item) => (item.type === 'separator' ? '---' : item.label));
}
