import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Conf from 'conf';
import type { EventPayload } from '../../main/core/contract';
import { createEngine, type Engine } from '../../main/core/engine';
import type { EngineClient } from '../../main/electron/engine/engine-client';
import { createPreferences } from '../../main/electron/preferences/preferences';
import { buildTrayMenu } from '../../main/electron/tray/build-tray-menu';
import {
  createTrayController,
  type TrayControllerDeps,
} from '../../main/electron/tray/create-tray-controller';
import type { TrayState } from '../../main/electron/tray/tray-state';
import { useTemporaryHome } from '../config/temporary-home';
import { click, findItem, submenuOf } from './tray-state-fixtures';

const CONFIG = `# my providers
providers:
  deepseek:
    name: DeepSeek
    base_url: https://api.deepseek.com
    api_key: sk-deepseek-0123456789abcdef
    models: [deepseek-chat, deepseek-reasoner]
  kimi:
    name: Kimi
    base_url: https://api.moonshot.cn/v1
    api_key: sk-kimi-0123456789abcdef
    models: [kimi-k2]
routes:
  ais-claude-route:
    label: Claude Code
    provider: deepseek
    default_model: deepseek-chat # the everyday model
`;

const newHome = useTemporaryHome();
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ graceMs: 0 });
});

async function engineWith(configText: string): Promise<Engine> {
  const home = newHome();
  writeFileSync(path.join(home, 'config.yaml'), configText);
  const engine = await createEngine({ home, logToStdout: false, watchConfig: false, env: {} });
  engines.push(engine);
  return engine;
}

function controllerDeps(client: EngineClient, home: string) {
  const renders: TrayState[] = [];
  const notices: { title: string; body: string }[] = [];
  const shell = {
    startEngine: vi.fn(),
    openDashboard: vi.fn(),
    openConfigFolder: vi.fn(),
    chooseFolder: vi.fn(async () => '/home/ada/chosen'),
    copyText: vi.fn(),
    launchAtLogin: vi.fn(() => false),
    setLaunchAtLogin: vi.fn(),
    cliKeyAccess: vi.fn(() => undefined),
    setCliKeyAccess: vi.fn(),
    checkForUpdates: vi.fn(),
    restartToUpdate: vi.fn(),
    quit: vi.fn(),
  };
  const agents = {
    unavailableReason: vi.fn(async (agent: string) =>
      agent === 'codex' ? 'not installed: npm i -g @openai/codex' : undefined,
    ),
    launch: vi.fn(async () => undefined),
    shellExports: vi.fn(
      ({ routeKey, url }: { routeKey: string; url: string }) => `export KEY=${routeKey} URL=${url}\n`,
    ),
  };
  const deps: TrayControllerDeps = {
    client,
    attached: false,
    agents,
    preferences: createPreferences(new Conf({ cwd: home, configName: 'preferences' })),
    platform: 'linux',
    render: (state) => renders.push(structuredClone(state)),
    notify: (notice) => notices.push(notice),
    shell,
  };
  return { deps, renders, notices, shell, agents };
}

function engineClient(engine: Engine): EngineClient {
  return {
    invoke: (name, input) => engine.api.invoke(name, input),
    on: (name, listener) => engine.events.on(name, listener),
  };
}

describe('tray controller', () => {
  it('quick switch saves the route through the contract: the file changes, comments survive, the menu follows', async () => {
    const engine = await engineWith(CONFIG);
    const { deps, renders } = controllerDeps(engineClient(engine), engine.home);
    const controller = createTrayController(deps);
    await controller.refresh();
    expect(controller.state.routes).toEqual([
      {
        key: 'ais-claude-route',
        title: 'Claude Code',
        providerId: 'deepseek',
        model: 'deepseek-chat',
        disabled: false,
      },
    ]);
    expect(controller.state.agents.find((agent) => agent.id === 'codex')?.unavailableReason).toContain(
      'not installed',
    );

    const menu = buildTrayMenu(controller.state, controller.actions);
    const rendersBefore = renders.length;
    click(submenuOf(findItem(menu, 'Claude Code: DeepSeek')).find((item) => item.label === 'Kimi'));
    await vi.waitFor(() => expect(controller.state.routes[0]?.providerId).toBe('kimi'));

    const saved = readFileSync(engine.configPath, 'utf8');
    expect(saved).toContain('# my providers');
    expect(saved).toMatch(/provider: kimi\n\s+default_model: kimi-k2 # the everyday model/);
    expect(engine.config().routes['ais-claude-route']?.provider).toBe('kimi');
    expect(renders.length).toBeGreaterThan(rendersBefore);
    expect(renders.at(-1)?.routes[0]).toMatchObject({ providerId: 'kimi', model: 'kimi-k2' });

    // A model of the current provider.
    const next = buildTrayMenu(controller.state, controller.actions);
    expect(findItem(next, 'Claude Code: Kimi · kimi-k2')).toBeDefined();
    controller.dispose();
  });

  it('pauses and resumes through the contract and redraws on serverStatus, with no polling', async () => {
    const engine = await engineWith(CONFIG);
    const home = engine.home;
    writeFileSync(engine.configPath, CONFIG.replace('routes:', 'server:\n  port: 0\nroutes:'));
    await engine.reload('test');
    const { deps, renders, shell } = controllerDeps(engineClient(engine), home);
    const controller = createTrayController(deps);
    await controller.refresh();
    expect(controller.state.engine.state).toBe('stopped');
    controller.actions.startProxy();
    expect(shell.startEngine).toHaveBeenCalledOnce();
    await engine.start();
    expect(renders.at(-1)?.engine).toMatchObject({ state: 'running', url: expect.stringMatching(/^http:/) });
    controller.actions.pauseProxy();
    await vi.waitFor(() => expect(renders.at(-1)?.engine.state).toBe('paused'));
    controller.actions.startProxy();
    await vi.waitFor(() => expect(renders.at(-1)?.engine.state).toBe('running'));
    controller.dispose();
  });

  it("counts today's requests from traceFinished, and tells when a provider's keys are all rate limited", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const listeners = new Map<string, (payload: unknown) => void>();
      const client: EngineClient = {
        invoke: vi.fn(async (name: string) => {
          if (name === 'status') return { state: 'running', url: 'http://127.0.0.1:1' };
          if (name === 'configRead') return { config: { providers: {}, routes: {} }, path: '/c' };
          if (name === 'usageStats')
            return { rows: [{ requests: 3, inputTokens: 100, outputTokens: 20, costUsd: 0.25 }] };
          throw new Error(name);
        }) as never,
        on: (name, listener) => {
          listeners.set(name, listener as (payload: unknown) => void);
          return () => listeners.delete(name);
        },
      };
      const { deps, renders, notices } = controllerDeps(client, newHome());
      const controller = createTrayController({ ...deps, now: () => new Date(2026, 11, 7, 15).getTime() });
      await controller.refresh();
      expect(controller.state.today).toEqual({ requests: 3, tokens: 120, costUsd: 0.25 });
      const trace = (id: string, status: number) =>
        ({
          id,
          status,
          providerId: 'deepseek',
          usage: {
            inputTokens: 10,
            outputTokens: 5,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            reasoningTokens: 0,
          },
          costUsd: 0.01,
        }) as EventPayload<'traceFinished'>;
      listeners.get('traceStarted')?.({ id: 'a' });
      listeners.get('traceStarted')?.({ id: 'b' });
      expect(controller.inflight()).toBe(2);
      const idle = vi.fn();
      controller.whenIdle(idle);
      const rendersBefore = renders.length;
      listeners.get('traceFinished')?.(trace('a', 200));
      listeners.get('traceFinished')?.(trace('b', 429));
      expect(idle).toHaveBeenCalledOnce();
      // Redraws are coalesced: none until the second is up, then one.
      expect(renders.length).toBe(rendersBefore);
      vi.advanceTimersByTime(1000);
      expect(renders.length).toBe(rendersBefore + 1);
      expect(renders.at(-1)?.today).toEqual({ requests: 5, tokens: 150, costUsd: 0.27 });
      expect(notices).toEqual([expect.objectContaining({ title: 'deepseek is rate limited' })]);
      listeners.get('traceFinished')?.(trace('c', 429));
      expect(notices).toHaveLength(1);
      controller.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when a config change was refused, with the first problem', async () => {
    const engine = await engineWith(CONFIG);
    const { deps, notices } = controllerDeps(engineClient(engine), engine.home);
    const controller = createTrayController(deps);
    await controller.refresh();
    writeFileSync(engine.configPath, `${CONFIG}\n  ais-broken:\n    provider: nobody\n`);
    await engine.reload('file changed');
    expect(notices.at(-1)?.title).toBe('Config change not applied');
    expect(notices.at(-1)?.body).toMatch(
      /^routes\.ais-broken\.provider: .*nobody.*keeps running on the previous config\.$/,
    );
    controller.dispose();
  });

  it('launches an agent in a chosen folder and remembers the folder and the route', async () => {
    const engine = await engineWith(CONFIG);
    const { deps, agents, shell } = controllerDeps(engineClient(engine), engine.home);
    const controller = createTrayController(deps);
    await controller.refresh();
    controller.actions.launchAgent({ agent: 'claude', routeKey: 'ais-claude-route' });
    await vi.waitFor(() => expect(agents.launch).toHaveBeenCalledOnce());
    expect(shell.chooseFolder).toHaveBeenCalledOnce();
    expect(agents.launch).toHaveBeenCalledWith({
      agent: 'claude',
      routeKey: 'ais-claude-route',
      folder: '/home/ada/chosen',
    });
    await vi.waitFor(() => expect(deps.preferences.get('recentFolders')).toEqual(['/home/ada/chosen']));
    expect(deps.preferences.get('agentRoutes')).toEqual({ claude: 'ais-claude-route' });
    controller.dispose();
  });
});
