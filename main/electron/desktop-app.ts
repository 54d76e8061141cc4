import { app, BrowserWindow, Menu, nativeImage, shell, Tray } from 'electron';
import path from 'node:path';
import type { Engine } from '../core/engine';
import { buildTrayMenu, type TrayState } from './tray-menu';

export interface DesktopDeps {
  /** Builds the engine (the same one `ais serve` runs). */
  createEngine(): Promise<Engine>;
  /** Folder holding the built bundles (out/main). */
  bundleDir: string;
  resourcesDir: string;
}

/**
 * The desktop shell: a tray that starts and stops the proxy, and a window for
 * the dashboard. Closing the window hides it; only Quit ends the app.
 */
export function startDesktopApp(deps: DesktopDeps): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let engine: Engine | undefined;
  let tray: Tray | undefined;
  let window: BrowserWindow | undefined;
  let quitting = false;
  let state: TrayState = { proxy: 'stopped' };

  const render = (): void => {
    tray?.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state, actions)));
    tray?.setToolTip(state.proxy === 'running' ? `AI Switch — ${state.url ?? ''}` : 'AI Switch');
  };
  const setState = (next: TrayState): void => {
    state = next;
    render();
  };

  const startProxy = async (): Promise<void> => {
    setState({ proxy: 'starting' });
    try {
      engine ??= await deps.createEngine();
      const { url } = await engine.start();
      setState({ proxy: 'running', url });
    } catch (error) {
      engine = undefined;
      setState({ proxy: 'error', error: (error as Error).message });
    }
  };
  const stopProxy = async (): Promise<void> => {
    const running = engine;
    engine = undefined;
    await running?.stop();
    setState({ proxy: 'stopped' });
  };

  const openDashboard = (): void => {
    if (!window || window.isDestroyed()) window = createWindow();
    window.show();
    window.focus();
  };

  const createWindow = (): BrowserWindow => {
    const created = new BrowserWindow({
      width: 1200,
      height: 800,
      show: false,
      icon: path.join(deps.resourcesDir, 'icon.png'),
      webPreferences: {
        preload: path.join(deps.bundleDir, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    created.webContents.setWindowOpenHandler(({ url }) => {
      void shell.openExternal(url);
      return { action: 'deny' };
    });
    created.webContents.on('will-navigate', (event) => event.preventDefault());
    created.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      created.hide();
    });
    created.once('ready-to-show', () => created.show());
    void created.loadFile(path.join(deps.bundleDir, '../renderer/index.html'));
    return created;
  };

  const actions = {
    openDashboard,
    startProxy: () => void startProxy(),
    stopProxy: () => void stopProxy(),
    quit: () => app.quit(),
  };

  app.on('second-instance', openDashboard);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    quitting = true;
    if (!engine) return;
    event.preventDefault();
    void stopProxy().then(() => app.quit());
  });

  void app.whenReady().then(async () => {
    const icon = nativeImage.createFromPath(path.join(deps.resourcesDir, 'trayTemplate.png'));
    icon.setTemplateImage(true);
    tray = new Tray(icon);
    render();
    await startProxy();
  });
}
