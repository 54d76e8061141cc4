import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../main/core/engine';
import { createAgentLauncher } from '../../main/electron/agents/create-agent-launcher';
import { callChannel } from '../../main/electron/ipc/contract-channels';
import { WRAPPED_KEY_FILE } from '../../main/electron/keys/load-data-key';
import { createPreferences } from '../../main/electron/preferences/preferences';
import { useTemporaryHome } from '../config/temporary-home';
import { click, findItem } from './tray-state-fixtures';

const fake = await vi.hoisted(async () => (await import('./fake-electron')).createFakeElectron());
vi.mock('electron', () => fake.module);
const { startDesktopApp } = await import('../../main/electron/desktop-app');

type MenuItem = { label?: string; click?: () => void; submenu?: MenuItem[] };

const newHome = useTemporaryHome();
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ graceMs: 0 });
});

function startApp(options: { port?: number; platform?: NodeJS.Platform } = {}) {
  const home = newHome();
  writeFileSync(
    path.join(home, 'config.yaml'),
    `server:\n  port: ${options.port ?? 0}\nproviders: {}\nroutes: {}\n`,
  );
  const preferences = createPreferences(new Conf({ cwd: home, configName: 'preferences' }));
  startDesktopApp({
    home,
    createEngine: async (secretBox) => {
      const engine = await createEngine({
        home,
        logToStdout: false,
        watchConfig: false,
        env: {},
        ...(secretBox && { secretBox }),
      });
      engines.push(engine);
      return engine;
    },
    bundleDir: '/app/out/main',
    resourcesDir: '/app/resources',
    agents: createAgentLauncher({ env: { PATH: '' }, platform: 'linux', ais: { argv: ['ais'], env: {} } }),
    createPreferences: () => preferences,
    platform: options.platform ?? 'linux',
  });
  fake.fireReady();
  return { home, preferences };
}

function trayMenu(): MenuItem[] {
  return (fake.trays[0]?.menu ?? []) as MenuItem[];
}

async function waitForRunning(): Promise<string> {
  await vi.waitFor(() => expect(fake.trays[0]?.tooltip).toMatch(/^AI Switch — http:\/\/127\.0\.0\.1:\d+$/));
  return fake.trays[0]!.tooltip.slice('AI Switch — '.length);
}

function emitOn(
  emitter: { emit(event: string, ...args: unknown[]): unknown },
  event: string,
  ...args: unknown[]
) {
  return emitter.emit(event, ...args);
}

describe('desktop app', () => {
  afterEach(() => {
    fake.handlers.clear();
    fake.windows.length = 0;
    fake.trays.length = 0;
    fake.notifications.length = 0;
    fake.module.app.listeners.clear();
    vi.clearAllMocks();
  });

  it('starts the engine, draws the tray from its state, and answers the dashboard over IPC', async () => {
    const { home } = startApp();
    const url = await waitForRunning();
    expect(trayMenu()[0]?.label).toBe(`Running on ${url}`);
    expect(findItem(trayMenu() as never, 'Launch Claude Code')?.label).toBe(
      'Launch Claude Code (not installed: npm i -g @anthropic-ai/claude-code)',
    );
    expect((fake.trays[0]?.image as { file: string }).file).toBe('/app/resources/tray/tray-running.png');
    expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(fake.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    // The keychain wraps a fresh data key; no key file until asked for.
    expect(readFileSync(path.join(home, WRAPPED_KEY_FILE)).toString()).toMatch(/^wrapped:/);

    const status = await fake.handlers.get(callChannel('status'))!(
      { senderFrame: { url: 'app://dashboard/index.html' } },
      {},
    );
    expect(status).toMatchObject({ ok: true, output: { state: 'running', url } });

    // A redraw that changes nothing keeps the menu (replacing it would close an open one on macOS).
    const before = fake.trays[0]!.menu;
    const draws = fake.trays[0]!.tooltipCalls;
    await engines[0]!.reload('nothing changed');
    await vi.waitFor(() => expect(fake.trays[0]!.tooltipCalls).toBeGreaterThan(draws));
    expect(fake.trays[0]!.menu).toBe(before);

    // Pause from the tray: the engine pauses and the icon follows.
    click(findItem(trayMenu() as never, 'Pause Proxy'));
    await vi.waitFor(() => expect(trayMenu()[0]?.label).toMatch(/^Paused/));
    expect((fake.trays[0]?.image as { file: string }).file).toBe('/app/resources/tray/tray-paused.png');
  });

  it('opens a locked-down window on left click; closing it destroys it and the app stays in the tray', async () => {
    const { preferences } = startApp();
    await waitForRunning();
    emitOn(fake.trays[0]!, 'click');
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://dashboard/index.html');
    const contents = window.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' });
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith('https://docs.example.com/');
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.module.shell.openExternal).toHaveBeenCalledTimes(1);
    const navigation = { preventDefault: vi.fn() };
    emitOn(contents, 'will-navigate', navigation, 'http://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();

    window.close();
    expect(window.destroyed).toBe(true);
    expect(preferences.get('windowBounds')).toEqual({
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      maximized: false,
    });
    expect(fake.module.app.quit).not.toHaveBeenCalled();
    click(findItem(trayMenu() as never, 'Open Dashboard'));
    expect(fake.windows).toHaveLength(2);
    expect(fake.windows[1]!.options).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });

  it('on macOS: no Dock icon while only the tray is open, and left click keeps the menu', async () => {
    startApp({ platform: 'darwin' });
    await waitForRunning();
    expect(fake.module.app.dock.hide).toHaveBeenCalled();
    expect(fake.trays[0]!.listeners.get('click')).toBeUndefined();
    expect((fake.trays[0]?.image as { file: string }).file).toBe(
      '/app/resources/tray/tray-runningTemplate.png',
    );
  });

  it('port in use: says so and offers another port in one click, which saves it and starts', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { home } = startApp({ port });
      await vi.waitFor(() => expect(fake.notifications.length).toBeGreaterThan(0));
      const notice = fake.notifications[0]!;
      expect(notice.options.title).toBe('AI Switch could not start');
      expect(notice.options.body).toMatch(new RegExp(`port ${port} is already in use`));
      expect(trayMenu()[0]?.label).toMatch(/^Not running: port \d+ is already in use/);
      notice.emit('click');
      await waitForRunning();
      const saved = readFileSync(path.join(home, 'config.yaml'), 'utf8');
      expect(saved).toMatch(/port: \d+/);
      expect(saved).not.toContain(`port: ${port}\n`);
    } finally {
      blocker.close();
    }
  });

  it('quits gracefully: the engine stops (recorder flushed) before the app exits', async () => {
    startApp();
    await waitForRunning();
    const engine = engines[0]!;
    const stop = vi.spyOn(engine, 'stop');
    click(findItem(trayMenu() as never, 'Quit AI Switch'));
    expect(fake.module.app.quit).toHaveBeenCalledTimes(1);
    const event = { preventDefault: vi.fn() };
    fake.module.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.module.app.quit).toHaveBeenCalledTimes(2));
    expect(stop).toHaveBeenCalledWith({ graceMs: 10_000 });
    expect(engine.lifecycle.state).toBe('stopped');
    // The second before-quit (from that quit) goes through.
    const second = { preventDefault: vi.fn() };
    fake.module.app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('a second launch quits at once and leaves the first one running', () => {
    fake.module.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    startDesktopApp({
      home: '/nowhere',
      createEngine: vi.fn(),
      bundleDir: '/b',
      resourcesDir: '/r',
      agents: createAgentLauncher({ env: {}, platform: 'linux', ais: { argv: ['ais'], env: {} } }),
      createPreferences: vi.fn(),
    });
    expect(fake.module.app.quit).toHaveBeenCalledOnce();
    expect(fake.module.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });
});
