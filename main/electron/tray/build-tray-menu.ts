import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { AGENT_TITLES, type TrayActions, type TrayAgent, type TrayRoute, type TrayState } from './tray-state';
import { trayText, type TrayText } from './tray-text';

type Item = MenuItemConstructorOptions;

/**
 * The tray menu as a pure function of state: rebuilt whole from one listener
 * whenever the state changes, so nothing in it can go stale (a deleted
 * provider lingering, a route switched elsewhere still checked).
 */
export function buildTrayMenu(state: TrayState, actions: TrayActions): Item[] {
  const t = trayText(state.language);
  return [
    ...statusItems(state, t),
    { type: 'separator' },
    toggleItem(state, actions, t),
    ...routeItems(state, actions, t),
    { type: 'separator' },
    ...state.agents.map((agent) => agentItem(state, agent, actions, t)),
    shellExportsItem(state, actions, t),
    { type: 'separator' },
    { label: t('openDashboard'), click: () => actions.openDashboard() },
    { label: t('openConfigFolder'), click: () => actions.openConfigFolder() },
    {
      label: t('launchAtLogin'),
      type: 'checkbox',
      checked: state.launchAtLogin,
      click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
    },
    ...cliKeyAccessItems(state, actions, t),
    updateItem(state, actions, t),
    { type: 'separator' },
    { label: t('quit'), click: () => actions.quit() },
  ];
}

/** The status line(s): where the proxy listens or why it does not, and today's traffic. */
export function describeEngineStatus(state: TrayState, t: TrayText = trayText(state.language)): string {
  const { engine } = state;
  const suffix = engine.attached ? t('attachedSuffix') : '';
  switch (engine.state) {
    case 'running':
      return t('running', { url: engine.url ?? '…', suffix });
    case 'paused':
      return t('paused', { url: engine.url ?? '…', suffix });
    case 'starting':
      return t('starting');
    case 'stopping':
      return t('stopping');
    case 'stopped':
      return t('stopped');
    case 'error':
      return t('error', { error: engine.error ?? t('unknownError') });
    default: {
      const exhaustive: never = engine.state;
      return exhaustive;
    }
  }
}

function statusItems(state: TrayState, t: TrayText): Item[] {
  const items: Item[] = [{ label: describeEngineStatus(state, t), enabled: false }];
  if (state.today) {
    const { requests, tokens, costUsd } = state.today;
    items.push({
      label: t(requests === 1 ? 'todayOne' : 'today', {
        requests,
        tokens: formatCount(tokens),
        cost: costUsd.toFixed(2),
      }),
      enabled: false,
    });
  }
  if (state.configError)
    items.push({ label: t('configError', { error: state.configError }), enabled: false });
  return items;
}

function toggleItem(state: TrayState, actions: TrayActions, t: TrayText): Item {
  const { engine } = state;
  if (engine.state === 'running') return { label: t('pause'), click: () => actions.pauseProxy() };
  return {
    label: engine.state === 'error' ? t('tryAgain') : t('start'),
    enabled: engine.state === 'paused' || engine.state === 'stopped' || engine.state === 'error',
    click: () => actions.startProxy(),
  };
}

/** One submenu per route: its providers (radio), and the current provider's models (radio). */
function routeItems(state: TrayState, actions: TrayActions, t: TrayText): Item[] {
  if (state.providers.length === 0) return [{ label: t('noProviders'), enabled: false }];
  if (state.routes.length === 0) return [{ label: t('noRoutes'), enabled: false }];
  return state.routes.map((route) => {
    const current = state.providers.find((provider) => provider.id === route.providerId);
    const submenu: Item[] = [
      { label: t('provider'), enabled: false },
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
      submenu.push({ type: 'separator' }, { label: t('model', { provider: current.title }), enabled: false });
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
      label: `${route.title}: ${current?.title ?? route.providerId}${model}${route.disabled ? t('disabled') : ''}`,
      submenu,
    };
  });
}

function agentItem(state: TrayState, agent: TrayAgent, actions: TrayActions, t: TrayText): Item {
  const title = t('launch', { agent: AGENT_TITLES[agent.id] });
  const reason = agent.unavailableReason ?? launchBlocker(state, t);
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
    { label: t('chooseFolder'), click: launch() },
  ];
  if (enabledRoutes.length > 1) {
    submenu.push({ type: 'separator' }, { label: t('route'), enabled: false });
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
function launchBlocker(state: TrayState, t: TrayText): string | undefined {
  if (state.engine.state !== 'running' && state.engine.state !== 'paused') return t('proxyNotRunning');
  if (!state.routes.some((route) => !route.disabled)) return t('noRoute');
  return undefined;
}

function shellExportsItem(state: TrayState, actions: TrayActions, t: TrayText): Item {
  if (state.routes.length === 0 || state.engine.url === undefined)
    return { label: t('copyExports'), enabled: false };
  return {
    label: t('copyExports'),
    submenu: state.routes.map((route) => ({
      label: route.title,
      click: () => actions.copyShellExports(route.key),
    })),
  };
}

function cliKeyAccessItems(state: TrayState, actions: TrayActions, t: TrayText): Item[] {
  if (state.cliKeyAccess === undefined) return [];
  const enabled = state.cliKeyAccess;
  return [
    {
      label: t('cliKeys'),
      type: 'checkbox',
      checked: enabled,
      toolTip: t('cliKeysHint'),
      click: () => actions.setCliKeyAccess(!enabled),
    },
  ];
}

function updateItem(state: TrayState, actions: TrayActions, t: TrayText): Item {
  const { update } = state;
  switch (update.kind) {
    case 'unsupported':
      return { label: t('updatesInstalledOnly'), enabled: false };
    case 'ready':
      return {
        label: t('restartToUpdate', { version: update.version }),
        click: () => actions.restartToUpdate(),
      };
    case 'checking':
      return { label: t('checkingUpdates'), enabled: false };
    case 'downloading':
      return { label: t('downloading', { version: update.version }), enabled: false };
    case 'error':
    case 'idle':
      return { label: t('checkUpdates'), click: () => actions.checkForUpdates() };
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
