import type { TrayLanguage } from './tray-text';
import { configSchema, type AppConfig } from '../../core/config/schema';
import type { EventPayload } from '../../core/contract';
import { maskRouteKey } from '../../core/routing/describe-route';
import type { EngineClient } from '../engine/engine-client';
import { rememberRecentFolder, type Preferences } from '../preferences/preferences';
import { defaultModelOf, switchRouteTarget } from './switch-route-target';
import {
  AGENT_IDS,
  type AgentId,
  type TodayTotals,
  type TrayActions,
  type TrayRoute,
  type TrayState,
  type UpdateState,
} from './tray-state';

/** A menu rebuilt on every finished request would churn under load: at most once a second. */
const RENDER_COALESCE_MS = 1000;
/** One "rate limited" notice per provider per ten minutes. */
const RATE_LIMIT_NOTICE_MS = 10 * 60_000;

export interface Notice {
  title: string;
  body: string;
  /** A one-click fix offered with the notice. */
  action?: { label: string; run(): void };
}

export interface AgentLauncher {
  /** Why `agent` cannot be launched (not installed…), undefined when it can. */
  unavailableReason(agent: AgentId): Promise<string | undefined>;
  /** Opens a terminal in `folder` running `ais agent <agent>` with the route. */
  launch(launch: { agent: AgentId; routeKey: string; folder: string }): Promise<void>;
  /** The shell lines that point a terminal's clients at the route. */
  shellExports(input: { routeKey: string; url: string }): string;
}

export interface TrayControllerDeps {
  client: EngineClient;
  attached: boolean;
  agents: AgentLauncher;
  preferences: Preferences;
  platform: NodeJS.Platform;
  /** The menu's language (the system's locale); English when left out. */
  language?: TrayLanguage;
  /** Draws the state (menu, icon, tooltip). */
  render(state: TrayState): void;
  notify(notice: Notice): void;
  now?: () => number;
  /** The app's own doings the menu reaches. */
  shell: {
    /** Starts the engine (after an error, or when it was stopped); pausing and resuming go through the contract. */
    startEngine(): void;
    openDashboard(): void;
    openConfigFolder(): void;
    chooseFolder(): Promise<string | undefined>;
    copyText(text: string): void;
    launchAtLogin(): boolean;
    setLaunchAtLogin(enabled: boolean): void;
    /** Undefined when keys are not encrypted on this machine (no keychain). */
    cliKeyAccess(): boolean | undefined;
    setCliKeyAccess(enabled: boolean): void;
    checkForUpdates(): void;
    restartToUpdate(): void;
    quit(): void;
  };
}

export interface TrayController {
  readonly state: TrayState;
  readonly actions: TrayActions;
  /** Reads status, config and today's totals once; afterwards only events change the state. */
  refresh(): Promise<void>;
  setUpdate(update: UpdateState): void;
  /** Requests in flight, counted from the trace events (an update waits for none). */
  inflight(): number;
  /** Calls back once, when the last request in flight finishes. */
  whenIdle(callback: () => void): () => void;
  dispose(): void;
}

/**
 * The tray's state and what its items do, without Electron: one listener per
 * engine event updates the state, and every change goes through one render.
 * No polling: the numbers move when a request finishes.
 */
export function createTrayController(deps: TrayControllerDeps): TrayController {
  const now = deps.now ?? Date.now;
  const { client, preferences } = deps;
  let config: AppConfig | undefined;
  let todayStart = startOfDay(now());
  let inflight = new Set<string>();
  let renderTimer: NodeJS.Timeout | undefined;
  // Nothing is drawn before the first full read: a half-known state would flash ("Stopped", "No providers").
  let refreshed = false;
  const rateLimitNoticeAt = new Map<string, number>();
  const idleWaiters = new Set<() => void>();
  const state: TrayState = {
    engine: { state: 'starting', attached: deps.attached },
    routes: [],
    providers: [],
    agents: AGENT_IDS.map((id) => ({ id })),
    recentFolders: preferences.get('recentFolders'),
    agentRoutes: preferences.get('agentRoutes'),
    launchAtLogin: deps.shell.launchAtLogin(),
    ...withCliKeyAccess(deps.shell.cliKeyAccess()),
    update: { kind: 'idle' },
    platform: deps.platform,
    ...(deps.language ? { language: deps.language } : {}),
  };

  const render = (): void => {
    if (renderTimer) {
      clearTimeout(renderTimer);
      renderTimer = undefined;
    }
    if (refreshed) deps.render(state);
  };
  const renderSoon = (): void => {
    renderTimer ??= setTimeout(render, RENDER_COALESCE_MS);
  };

  const failed = (what: string) => (error: unknown) =>
    deps.notify({ title: `AI Switch could not ${what}`, body: (error as Error).message });

  const readConfig = async (): Promise<void> => {
    try {
      // The contract carries the config as plain JSON (keys masked); the schema gives it its types back.
      config = configSchema.parse((await client.invoke('configRead')).config);
      delete state.configError;
    } catch (error) {
      state.configError = (error as Error).message;
    }
    Object.assign(state, describeConfig(config));
  };

  const readToday = async (): Promise<void> => {
    todayStart = startOfDay(now());
    try {
      const { rows } = await client.invoke('usageStats', { from: todayStart, to: now(), groupBy: 'day' });
      state.today = rows.reduce<TodayTotals>(
        (totals, row) => ({
          requests: totals.requests + row.requests,
          tokens: totals.tokens + row.inputTokens + row.outputTokens,
          costUsd: totals.costUsd + row.costUsd,
        }),
        { requests: 0, tokens: 0, costUsd: 0 },
      );
    } catch {
      delete state.today;
    }
  };

  const readAgents = async (): Promise<void> => {
    state.agents = await Promise.all(
      AGENT_IDS.map(async (id) => {
        const reason = await deps.agents.unavailableReason(id).catch((error: Error) => error.message);
        return reason === undefined ? { id } : { id, unavailableReason: reason };
      }),
    );
  };

  const onTraceFinished = (trace: EventPayload<'traceFinished'>): void => {
    inflight.delete(trace.id);
    if (inflight.size === 0) {
      const waiters = [...idleWaiters];
      idleWaiters.clear();
      for (const waiter of waiters) waiter();
    }
    if (startOfDay(now()) !== todayStart) {
      void readToday().then(render);
    } else if (state.today) {
      state.today = {
        requests: state.today.requests + 1,
        tokens: state.today.tokens + trace.usage.inputTokens + trace.usage.outputTokens,
        costUsd: state.today.costUsd + (trace.costUsd ?? 0),
      };
      renderSoon();
    }
    if (trace.status === 429 && trace.providerId !== undefined) noticeRateLimit(trace.providerId);
  };

  // A request that ends in 429 went through every key (and fallback) the route had.
  const noticeRateLimit = (providerId: string): void => {
    const last = rateLimitNoticeAt.get(providerId);
    if (last !== undefined && now() - last < RATE_LIMIT_NOTICE_MS) return;
    rateLimitNoticeAt.set(providerId, now());
    const provider = state.providers.find((candidate) => candidate.id === providerId);
    deps.notify({
      title: `${provider?.title ?? providerId} is rate limited`,
      body: `Every key of ${provider?.title ?? providerId} answered 429 (too many requests). Add a key or a fallback provider, or switch the route from the tray.`,
    });
  };

  const unsubscribers = [
    client.on('serverStatus', (status) => {
      state.engine = { ...status, attached: deps.attached };
      render();
    }),
    client.on('configChanged', (change) => {
      if (!change.ok) {
        const first = change.problems.find((problem) => problem.severity === 'error') ?? change.problems[0];
        deps.notify({
          title: 'Config change not applied',
          body: `${first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'the file has errors'}. AI Switch keeps running on the previous config.`,
        });
      }
      void readConfig().then(render);
    }),
    client.on('traceStarted', (trace) => void inflight.add(trace.id)),
    client.on('traceFinished', onTraceFinished),
  ];

  const actions: TrayActions = {
    startProxy: () => {
      if (state.engine.state === 'paused') void client.invoke('proxyStart').catch(failed('resume the proxy'));
      else deps.shell.startEngine();
    },
    pauseProxy: () => void client.invoke('proxyStop').catch(failed('pause the proxy')),
    switchRoute: ({ routeKey, providerId, model }) => {
      const route = config?.routes[routeKey];
      if (!route) return;
      const providerModels = config?.providers[providerId]?.models ?? [];
      const next = switchRouteTarget(route, {
        providerId,
        providerModels,
        ...(model !== undefined && { model }),
      });
      // The saved config comes back as configChanged, which redraws the menu.
      void client.invoke('routeUpdate', { id: routeKey, route: next }).catch(failed('switch the route'));
    },
    launchAgent: ({ agent, routeKey, folder }) => {
      const launch = async (): Promise<void> => {
        const chosen = folder ?? (await deps.shell.chooseFolder());
        if (chosen === undefined) return;
        await deps.agents.launch({ agent, routeKey, folder: chosen });
        state.recentFolders = rememberRecentFolder(state.recentFolders, chosen);
        preferences.set('recentFolders', state.recentFolders);
        actions.chooseAgentRoute(agent, routeKey);
      };
      void launch().catch(failed(`launch ${agent}`));
    },
    chooseAgentRoute: (agent, routeKey) => {
      state.agentRoutes = { ...state.agentRoutes, [agent]: routeKey };
      preferences.set('agentRoutes', state.agentRoutes);
      render();
    },
    copyShellExports: (routeKey) => {
      if (state.engine.url === undefined) return;
      deps.shell.copyText(deps.agents.shellExports({ routeKey, url: state.engine.url }));
    },
    openDashboard: () => deps.shell.openDashboard(),
    openConfigFolder: () => deps.shell.openConfigFolder(),
    setLaunchAtLogin: (enabled) => {
      deps.shell.setLaunchAtLogin(enabled);
      state.launchAtLogin = deps.shell.launchAtLogin();
      render();
    },
    setCliKeyAccess: (enabled) => {
      deps.shell.setCliKeyAccess(enabled);
      Object.assign(state, withCliKeyAccess(deps.shell.cliKeyAccess()));
      render();
    },
    checkForUpdates: () => deps.shell.checkForUpdates(),
    restartToUpdate: () => deps.shell.restartToUpdate(),
    quit: () => deps.shell.quit(),
  };

  return {
    state,
    actions,
    async refresh() {
      try {
        const status = await client.invoke('status');
        state.engine = {
          state: status.state,
          attached: deps.attached,
          ...(status.url !== undefined && { url: status.url }),
          ...(status.error !== undefined && { error: status.error }),
        };
      } catch (error) {
        state.engine = { state: 'error', error: (error as Error).message, attached: deps.attached };
      }
      await Promise.all([readConfig(), readToday(), readAgents()]);
      refreshed = true;
      render();
    },
    setUpdate(update) {
      state.update = update;
      render();
    },
    inflight: () => inflight.size,
    whenIdle(callback) {
      idleWaiters.add(callback);
      return () => void idleWaiters.delete(callback);
    },
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (renderTimer) clearTimeout(renderTimer);
      inflight = new Set();
    },
  };
}

/** The routes and providers as the menu lists them. */
function describeConfig(config: AppConfig | undefined): Pick<TrayState, 'routes' | 'providers'> {
  if (!config) return { routes: [], providers: [] };
  const providers = Object.entries(config.providers).map(([id, provider]) => ({
    id,
    title: provider.name?.trim() || id,
    models: [...provider.models],
  }));
  const routes = Object.entries(config.routes).map(([key, route]): TrayRoute => {
    const model = defaultModelOf(route);
    // `provider|model` naming the route's own provider is the same model, shown bare.
    const bare = model?.startsWith(`${route.provider}|`) ? model.slice(route.provider.length + 1) : model;
    return {
      key,
      title: route.label?.trim() || maskRouteKey(key),
      providerId: route.provider,
      ...(bare !== undefined && { model: bare }),
      disabled: route.disabled,
    };
  });
  return { routes, providers };
}

function withCliKeyAccess(value: boolean | undefined): Pick<TrayState, 'cliKeyAccess'> {
  return value === undefined ? {} : { cliKeyAccess: value };
}

function startOfDay(epochMs: number): number {
  const day = new Date(epochMs);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}
