import { describe, expect, it } from 'vitest';
import { buildTrayMenu, formatCount } from '../../main/electron/tray/build-tray-menu';
import { trayIconFile, trayIconKind, trayTooltip } from '../../main/electron/tray/pick-tray-icon';
import { trayLanguageOf } from '../../main/electron/tray/tray-text';
import { click, findItem, labels, runningState, submenuOf, trayActions } from './tray-state-fixtures';

describe('buildTrayMenu', () => {
  it('running: the URL and today in the status lines, Pause, a submenu per route, every launcher', () => {
    const actions = trayActions();
    const menu = buildTrayMenu(runningState(), actions);
    expect(labels(menu)).toEqual([
      'Running on http://127.0.0.1:12345',
      'Today: 42 requests · 1.23M tokens · $0.53',
      '---',
      'Pause Proxy',
      'Claude Code: DeepSeek · deepseek-chat',
      'Codex: Kimi · kimi-k2',
      '---',
      'Launch Claude Code',
      'Launch Codex',
      'Launch Gemini CLI',
      'Launch OpenCode',
      'Copy Shell Exports',
      '---',
      'Open Dashboard',
      'Open Config Folder',
      'Launch at Login',
      'Also Use Keys from the Command Line',
      'Check for Updates…',
      '---',
      'Quit AI Switch',
    ]);
    expect(menu[0]?.enabled).toBe(false);
    click(findItem(menu, 'Pause Proxy'));
    expect(actions.pauseProxy).toHaveBeenCalledOnce();
    expect(actions.startProxy).not.toHaveBeenCalled();
  });

  it('paused: Start resumes, the status says clients are refused', () => {
    const actions = trayActions();
    const state = runningState({
      engine: { state: 'paused', url: 'http://127.0.0.1:12345', attached: false },
    });
    const menu = buildTrayMenu(state, actions);
    expect(menu[0]?.label).toBe('Paused: clients get 503 (http://127.0.0.1:12345)');
    expect(findItem(menu, 'Pause Proxy')).toBeUndefined();
    const start = findItem(menu, 'Start Proxy');
    expect(start?.enabled).toBe(true);
    click(start);
    expect(actions.startProxy).toHaveBeenCalledOnce();
    expect(trayIconKind(state.engine)).toBe('paused');
  });

  it('error: the reason in words, Try Starting Again, launchers disabled with the reason', () => {
    const state = runningState({
      engine: { state: 'error', error: 'port 12345 is already in use on 127.0.0.1', attached: false },
      today: undefined,
    });
    const menu = buildTrayMenu(state, trayActions());
    expect(menu[0]?.label).toBe('Not running: port 12345 is already in use on 127.0.0.1');
    expect(findItem(menu, 'Today')).toBeUndefined();
    expect(findItem(menu, 'Try Starting Again')?.enabled).toBe(true);
    const launch = findItem(menu, 'Launch Claude Code');
    expect(launch?.label).toBe('Launch Claude Code (the proxy is not running)');
    expect(launch?.enabled).toBe(false);
    expect(trayIconKind(state.engine)).toBe('error');
    expect(trayTooltip(state)).toBe('AI Switch — not running: port 12345 is already in use on 127.0.0.1');
  });

  it('no providers: says where to add one, and nothing can be launched or exported', () => {
    const menu = buildTrayMenu(runningState({ providers: [], routes: [] }), trayActions());
    expect(findItem(menu, 'No providers yet')?.enabled).toBe(false);
    expect(findItem(menu, 'Launch Codex')?.label).toBe('Launch Codex (no route to use)');
    expect(findItem(menu, 'Copy Shell Exports')?.enabled).toBe(false);
  });

  it('an agent that is missing is disabled with the reason; the others still launch', () => {
    const actions = trayActions();
    const state = runningState({
      agents: [
        { id: 'claude' },
        { id: 'codex', unavailableReason: 'not installed: npm i -g @openai/codex' },
        { id: 'gemini' },
        { id: 'opencode' },
      ],
    });
    const menu = buildTrayMenu(state, actions);
    const codex = findItem(menu, 'Launch Codex');
    expect(codex).toMatchObject({
      label: 'Launch Codex (not installed: npm i -g @openai/codex)',
      enabled: false,
    });
    expect(codex?.submenu).toBeUndefined();
    const claude = submenuOf(findItem(menu, 'Launch Claude Code'));
    expect(labels(claude)).toEqual([
      'compiler — code',
      'notes — ada',
      'Choose Folder…',
      '---',
      'Route',
      'Claude Code',
      'Codex',
    ]);
    click(claude[0]);
    expect(actions.launchAgent).toHaveBeenCalledWith({
      agent: 'claude',
      routeKey: 'ais-claude-route',
      folder: '/home/ada/code/compiler',
    });
    click(findItem(claude, 'Choose Folder'));
    expect(actions.launchAgent).toHaveBeenLastCalledWith({ agent: 'claude', routeKey: 'ais-claude-route' });
  });

  it('launches with the route last used for that agent, shown checked', () => {
    const actions = trayActions();
    const menu = buildTrayMenu(runningState({ agentRoutes: { gemini: 'ais-codex-route' } }), actions);
    const gemini = submenuOf(findItem(menu, 'Launch Gemini CLI'));
    expect(gemini.find((item) => item.label === 'Codex')?.checked).toBe(true);
    expect(gemini.find((item) => item.label === 'Claude Code')?.checked).toBe(false);
    click(gemini[0]);
    expect(actions.launchAgent).toHaveBeenCalledWith(
      expect.objectContaining({ routeKey: 'ais-codex-route' }),
    );
  });

  it('quick switch: the active provider and model are checked; another one switches the route', () => {
    const actions = trayActions();
    const menu = buildTrayMenu(runningState(), actions);
    const route = submenuOf(findItem(menu, 'Claude Code: DeepSeek'));
    expect(labels(route)).toEqual([
      'Provider',
      'DeepSeek',
      'Kimi',
      '---',
      'Model (DeepSeek)',
      'deepseek-chat',
      'deepseek-reasoner',
    ]);
    expect(route.filter((item) => item.checked).map((item) => item.label)).toEqual([
      'DeepSeek',
      'deepseek-chat',
    ]);
    click(route.find((item) => item.label === 'DeepSeek'));
    expect(actions.switchRoute).not.toHaveBeenCalled();
    click(route.find((item) => item.label === 'Kimi'));
    expect(actions.switchRoute).toHaveBeenCalledWith({ routeKey: 'ais-claude-route', providerId: 'kimi' });
    click(route.find((item) => item.label === 'deepseek-reasoner'));
    expect(actions.switchRoute).toHaveBeenLastCalledWith({
      routeKey: 'ais-claude-route',
      providerId: 'deepseek',
      model: 'deepseek-reasoner',
    });
  });

  it('copies the exports of the chosen route, toggles the settings, offers the update restart', () => {
    const actions = trayActions();
    const menu = buildTrayMenu(
      runningState({ launchAtLogin: true, update: { kind: 'ready', version: '0.2.0' } }),
      actions,
    );
    click(findItem(submenuOf(findItem(menu, 'Copy Shell Exports')), 'Codex'));
    expect(actions.copyShellExports).toHaveBeenCalledWith('ais-codex-route');
    const login = findItem(menu, 'Launch at Login');
    expect(login?.checked).toBe(true);
    click(login);
    expect(actions.setLaunchAtLogin).toHaveBeenCalledWith(false);
    click(findItem(menu, 'Also Use Keys'));
    expect(actions.setCliKeyAccess).toHaveBeenCalledWith(true);
    click(findItem(menu, 'Restart to Update (0.2.0)'));
    expect(actions.restartToUpdate).toHaveBeenCalledOnce();
    const development = buildTrayMenu(runningState({ update: { kind: 'unsupported' } }), actions);
    expect(findItem(development, 'Updates Come with Installed Builds')?.enabled).toBe(false);
    expect(findItem(development, 'Check for Updates')).toBeUndefined();
  });

  it('hides the key file setting where keys are not encrypted; marks an attached engine', () => {
    const state = runningState({
      engine: { state: 'running', url: 'http://127.0.0.1:4000', attached: true },
    });
    delete state.cliKeyAccess;
    const menu = buildTrayMenu(state, trayActions());
    expect(findItem(menu, 'Also Use Keys')).toBeUndefined();
    expect(menu[0]?.label).toBe('Running on http://127.0.0.1:4000 (ais serve)');
  });
});

describe('tray icon and numbers', () => {
  it('uses template images on macOS and coloured ones elsewhere', () => {
    expect(trayIconFile('running', 'darwin')).toBe('tray-runningTemplate.png');
    expect(trayIconFile('error', 'win32')).toBe('tray-error.png');
    expect(trayIconKind({ state: 'starting', attached: false })).toBe('paused');
    expect(trayTooltip(runningState())).toBe('AI Switch — http://127.0.0.1:12345');
  });

  it('shortens counts', () => {
    expect([950, 12_300, 4_560_000, 123_456_789].map(formatCount)).toEqual(['950', '12.3K', '4.56M', '123M']);
  });
});

describe('the tray speaks the system language, from the dashboard catalogs', () => {
  it('builds the menu in 中文 for a Chinese system, in English otherwise', () => {
    expect(trayLanguageOf('zh-CN')).toBe('zh-CN');
    expect(trayLanguageOf('zh-TW')).toBe('zh-CN');
    expect(trayLanguageOf('en-US')).toBe('en');
    expect(trayLanguageOf(undefined)).toBe('en');
    const chinese = labels(buildTrayMenu(runningState({ language: 'zh-CN' }), trayActions()));
    expect(chinese).toEqual(expect.arrayContaining(['暂停代理', '打开控制台', '退出 AI Switch']));
    expect(chinese[0]).toBe('运行中：http://127.0.0.1:12345');
    expect(labels(buildTrayMenu(runningState(), trayActions()))).toEqual(
      expect.arrayContaining(['Pause Proxy', 'Open Dashboard', 'Quit AI Switch']),
    );
  });
});
