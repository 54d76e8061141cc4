import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { AGENT_TITLES, type TrayActions, type TrayAgent, type TrayRoute, type TrayState } from './tray-state';

type Item = MenuItemConstructorOptions;

/**
 * The tray menu as a pure function of state: rebuilt whole from one listener
 * whenever the state changes, so nothing in it can go stale (a deleted
 * provider lingering, a route switched elsewhere still checked).
 */
export function buildTrayMenu(state: TrayState, actions: TrayActions): Item[] {
  return [
    ...statusItems(state),
    { type: 'separator' },
    toggleItem(state, actions),
    ...routeItems(state, actions),
    { type: 'separator' },
    ...state.agents.map((agent) => agentItem(state, agent, actions)),
    shellExportsItem(state, actions),
    { type: 'separator' },
    { label: 'Open Dashboard', click: () => actions.openDashboard() },
    { label: 'Open Config Folder', click: () => actions.openConfigFolder() },
    {
      label: 'Launch at Login',
      type: 'checkbox',
      checked: state.launchAtLogin,
      click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
    },
    ...cliKeyAccessItems(state, actions),
    updateItem(state, actions),
    { type: 'separator' },
    { label: 'Quit AI Switch', click: () => actions.quit() },
  ];
}

/** The status line(s): where the proxy listens or why it does not, and today's traffic. */
export function describeEngineStatus(state: TrayState): string {
  const { engine } = state;
  const suffix = engine.attached ? ' (ais serve)' : '';
  switch (engine.state) {
    case 'running':
      return `Running on ${engine.url ?? '…'}${suffix}`;
    case 'paused':
      return `Paused: clients get 503 (${engine.url ?? '…'})${suffix}`;
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return `Not running: ${engine.error ?? 'unknown error'}`;
    default: {
      const exhaustive: never = engine.state;
      return exhaustive;
    }
  }
}

function statusItems(state: TrayState): Item[] {
  const items: Item[] = [{ label: describeEngineStatus(state), enabled: false }];
  if (state.today) {
    const { requests, tokens, costUsd } = state.today;
    items.push({
      label: `Today: ${requests} request${requests === 1 ? '' : 's'} · ${formatCount(tokens)} tokens · $${costUsd.toFixed(2)}`,
      enabled: false,
    });
  }
  if (state.configError) items.push({ label: `Config: ${state.configError}`, enabled: false });
  return items;
}

function toggleItem(state: TrayState, actions: TrayActions): Item {
  const { engine } = state;
  if (engine.state === 'running') return { label: 'Pause Proxy', click: () => actions.pauseProxy() };
  return {
    label: engine.state === 'error' ? 'Try Starting Again' : 'Start Proxy',
    enabled: engine.state === 'paused' || engine.state === 'stopped' || engine.state === 'error',
    click: () => actions.startProxy(),
  };
}

/** One submenu per route: its providers (radio), and the current provider's models (radio). */
function routeItems(state: TrayState, actions: TrayActions): Item[] {
  if (state.providers.length === 0)
    return [{ label: 'No providers yet: add one in the dashboard', enabled: false }];
  if (state.routes.length === 0)
    return [{ label: 'No routes yet: add one in the dashboard', enabled: false }];
  return state.routes.map((route) => {
    const current = state.providers.find((provider) => provider.id === route.providerId);
    const submenu: Item[] = [
      { label: 'Provider', enabled: false },
      ...state.providers.map((provider): Item => ({
        label: provider.title,
        type: 'radio',
        checked: provider.id === route.providerId,
        click: () => {
          if (provider.id !== route.providerId)
            actions.switchRoute({ routeKey: route.key, providerId: provider.id });
        },
      })),
    ];
    if (current && current.models.length > 0) {
      submenu.push({ type: 'separator' }, { label: `Model (${current.title})`, enabled: false });
      for (const model of current.models) {
        submenu.push({
          label: model,
          type: 'radio',
          checked: model === route.model,
          click: () => {
            if (model !== route.model)
              actions.switchRoute({ routeKey: route.key, providerId: current.id, model });
          },
        });
      }
    }
    const model = route.model ? ` · ${route.model}` : '';
    return {
      label: `${route.title}: ${current?.title ?? route.providerId}${model}${route.disabled ? ' (disabled)' : ''}`,
      submenu,
    };
  });
}

function agentItem(state: TrayState, agent: TrayAgent, actions: TrayActions): Item {
  const title = `Launch ${AGENT_TITLES[agent.id]}`;
  const reason = agent.unavailableReason ?? launchBlocker(state);
  if (reason !== undefined) return { label: `${title} (${reason})`, enabled: false };
  const enabledRoutes = state.routes.filter((route) => !route.disabled);
  const chosen =
    enabledRoutes.find((route) => route.key === state.agentRoutes[agent.id]) ??
    (enabledRoutes[0] as TrayRoute);
  const launch = (folder?: string) => () =>
    actions.launchAgent({ agent: agent.id, routeKey: chosen.key, ...(folder !== undefined && { folder }) });
  const submenu: Item[] = [
    ...state.recentFolders.map((folder): Item => ({
      label: shortFolder(folder),
      toolTip: folder,
      click: launch(folder),
    })),
    { label: 'Choose Folder…', click: launch() },
  ];
  if (enabledRoutes.length > 1) {
    submenu.push({ type: 'separator' }, { label: 'Route', enabled: false });
    for (const route of enabledRoutes) {
      submenu.push({
        label: route.title,
        type: 'radio',
        checked: route.key === chosen.key,
        click: () => actions.chooseAgentRoute(agent.id, route.key),
      });
    }
  }
  return { label: title, submenu };
}

/** Why no agent can be launched right now, whatever the agent. */
function launchBlocker(state: TrayState): string | undefined {
  if (state.engine.state !== 'running' && state.engine.state !== 'paused') return 'the proxy is not running';
  if (!state.routes.some((route) => !route.disabled)) return 'no route to use';
  return undefined;
}

function shellExportsItem(state: TrayState, actions: TrayActions): Item {
  if (state.routes.length === 0 || state.engine.url === undefined)
    return { label: 'Copy Shell Exports', enabled: false };
  return {
    label: 'Copy Shell Exports',
    submenu: state.routes.map((route) => ({
      label: route.title,
      click: () => actions.copyShellExports(route.key),
    })),
  };
}

function cliKeyAccessItems(state: TrayState, actions: TrayActions): Item[] {
  if (state.cliKeyAccess === undefined) return [];
  const enabled = state.cliKeyAccess;
  return [
    {
      label: 'Also Use Keys from the Command Line',
      type: 'checkbox',
      checked: enabled,
      toolTip: 'Writes a key file (readable by you only) so `ais serve` can read the keys the app encrypted',
      click: () => actions.setCliKeyAccess(!enabled),
    },
  ];
}

function updateItem(state: TrayState, actions: TrayActions): Item {
  const { update } = state;
  switch (update.kind) {
    case 'unsupported':
      return { label: 'Updates Come with Installed Builds', enabled: false };
    case 'ready':
      return { label: `Restart to Update (${update.version})`, click: () => actions.restartToUpdate() };
    case 'checking':
      return { label: 'Checking for Updates…', enabled: false };
    case 'downloading':
      return { label: `Downloading ${update.version}…`, enabled: false };
    case 'error':
    case 'idle':
      return { label: 'Check for Updates…', click: () => actions.checkForUpdates() };
    default: {
      const exhaustive: never = update;
      return exhaustive;
    }
  }
}

/** `my-project — code`: the folder and its parent, short enough for a menu (the tooltip has it whole). */
function shortFolder(folder: string): string {
  const base = path.basename(folder);
  const parent = path.basename(path.dirname(folder));
  return parent ? `${base} — ${parent}` : base || folder;
}

/** 950 → "950", 12_300 → "12.3K", 4_560_000 → "4.56M". */
export function formatCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${trim(count / 1000)}K`;
  return `${trim(count / 1_000_000)}M`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
