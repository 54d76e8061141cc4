import path from 'node:path';
import {
  app,
  clipboard,
  dialog,
  Menu,
  nativeImage,
  Notification,
  safeStorage,
  shell,
  Tray,
  type BrowserWindow,
} from 'electron';
import { trayLanguageOf } from './tray/tray-text';
import { ConfigError, formatConfigProblem } from '../core/config';
import { createSecretBox, type SecretBox } from '../core/config/secret-box';
import type { Engine } from '../core/engine';
import { ListenError } from '../core/server/http-listener';
import { connectEngine, type EngineConnection } from './engine/connect-engine';
import type { EngineClient } from './engine/engine-client';
import { findFreePort } from './engine/find-free-port';
import { registerContractIpc } from './ipc/register-contract-ipc';
import { loadDataKey, syncKeyFile } from './keys/load-data-key';
import { createLaunchAtLogin } from './launch-at-login';
import type { Preferences } from './preferences/preferences';
import { buildTrayMenu } from './tray/build-tray-menu';
import {
  createTrayController,
  type AgentLauncher,
  type Notice,
  type TrayController,
} from './tray/create-tray-controller';
import { trayIconFile, trayIconKind, trayTooltip, type TrayIconKind } from './tray/pick-tray-icon';
import {
  createUpdateController,
  type UpdateController,
  type Updater,
} from './update/create-update-controller';
import { createDashboardWindow, registerAppScheme, serveAppProtocol } from './window/create-dashboard-window';

/** How long requests in flight get to finish when the app quits. */
const QUIT_GRACE_MS = 10_000;

export interface DesktopDeps {
  /** The AI Switch home (the same one `ais serve` uses). */
  home: string;
  /** Builds the engine (the same one `ais serve` runs), with the keychain's key when there is one. */
  createEngine(secretBox: SecretBox | undefined): Promise<Engine>;
  /** Folder holding the built main bundle (out/main); preload and renderer are its siblings. */
  bundleDir: string;
  resourcesDir: string;
  agents: AgentLauncher;
  createPreferences(): Preferences;
  /** electron-updater's autoUpdater in a packaged app; absent in development. */
  updater?: Updater;
  /** Open the dashboard once started (`--show`: launched from a terminal, or a smoke test). */
  showOnStart?: boolean;
  /** Where the one start-up line goes (stdout when launched from a terminal). */
  log?: (line: string) => void;
  platform?: NodeJS.Platform;
}

/**
 * The desktop shell: a tray that runs the engine (or attaches to the
 * `ais serve` already running on this home), a dashboard window, IPC over
 * the contract. Closing the window destroys it; only Quit ends the app.
 */
export function startDesktopApp(deps: DesktopDeps): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const platform = deps.platform ?? process.platform;
  registerAppScheme();

  let preferences: Preferences | undefined;
  let connection: EngineConnection | undefined;
  let client: EngineClient | undefined;
  let controller: TrayController | undefined;
  let updates: UpdateController | undefined;
  let removeIpc: (() => void) | undefined;
  let dataKey: Buffer | undefined;
  let tray: Tray | undefined;
  let trayIcon: TrayIconKind | undefined;
  let traySignature = '';
  let window: BrowserWindow | undefined;
  let stopped = false;
  let stopping = false;

  const notify = (notice: Notice): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(notice.action && { actions: [{ type: 'button' as const, text: notice.action.label }] }),
    });
    // Buttons exist on macOS only; elsewhere a click on the notification is the one click.
    if (notice.action) {
      const run = notice.action.run;
      notification.on('action', () => run());
      notification.on('click', () => run());
    }
    notification.show();
  };

  const openDashboard = (): void => {
    if (!client || !preferences) return;
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return;
    }
    window = createDashboardWindow({
      client,
      preferences,
      preloadPath: path.join(deps.bundleDir, '../preload/index.cjs'),
      iconPath: path.join(deps.resourcesDir, 'icon.png'),
      platform,
    });
    window.on('closed', () => {
      window = undefined;
    });
  };

  const startOwnedEngine = async (): Promise<void> => {
    if (connection?.mode !== 'owned') return;
    const { engine } = connection;
    try {
      await engine.start();
    } catch (error) {
      if (error instanceof ListenError && error.code === 'EADDRINUSE') {
        const host = engine.config().server.host;
        const port = await findFreePort(host).catch(() => undefined);
        notify({
          title: 'AI Switch could not start',
          body: error.message,
          ...(port !== undefined && {
            action: {
              label: `Use Port ${port}`,
              run: () => {
                void engine.api
                  .invoke('settingsUpdate', { server: { port } })
                  .then(() => startOwnedEngine())
                  .catch((cause: Error) =>
                    notify({ title: `Could not switch to port ${port}`, body: cause.message }),
                  );
              },
            },
          }),
        });
      } else {
        notify({ title: 'AI Switch could not start', body: (error as Error).message });
      }
    }
  };

  const drawTray = (state: TrayController['state']): void => {
    if (!tray || !controller) return;
    const kind = trayIconKind(state.engine);
    if (kind !== trayIcon) {
      trayIcon = kind;
      tray.setImage(loadTrayImage(kind));
    }
    tray.setToolTip(trayTooltip(state));
    const template = buildTrayMenu(state, controller.actions);
    // Replacing the menu closes it if it is open (macOS): only when something in it changed.
    const signature = JSON.stringify(template);
    if (signature === traySignature) return;
    traySignature = signature;
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };

  const loadTrayImage = (kind: TrayIconKind) => {
    const image = nativeImage.createFromPath(
      path.join(deps.resourcesDir, 'tray', trayIconFile(kind, platform)),
    );
    if (platform === 'darwin') image.setTemplateImage(true);
    return image;
  };

  const setUpKeys = (): SecretBox | undefined => {
    const result = loadDataKey({ home: deps.home, keychain: safeStorage });
    if (result.kind === 'unavailable') {
      notify({
        title: 'Provider keys are stored as typed',
        body: `AI Switch cannot encrypt keys: ${result.reason}.`,
      });
      return undefined;
    }
    dataKey = result.dataKey;
    syncKeyFile({ home: deps.home, dataKey, enabled: preferences?.get('cliKeyAccess') ?? false });
    return createSecretBox(dataKey);
  };

  const launchAtLogin = createLaunchAtLogin({
    platform,
    loginItems: app,
    executable: process.env.APPIMAGE ?? process.execPath,
  });

  const shutdown = async (): Promise<void> => {
    updates?.dispose();
    controller?.dispose();
    removeIpc?.();
    if (connection?.mode === 'owned') await connection.engine.stop({ graceMs: QUIT_GRACE_MS });
    if (connection?.mode === 'attached') connection.client.close();
    tray?.destroy();
  };

  app.on('second-instance', openDashboard);
  // macOS: a click on the app in Finder or the Dock while it runs.
  app.on('activate', openDashboard);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    if (platform === 'darwin') app.dock?.hide();
    serveAppProtocol(path.join(deps.bundleDir, '../renderer'));
    preferences = deps.createPreferences();
    tray = new Tray(loadTrayImage('paused'));
    trayIcon = 'paused';
    tray.setToolTip('AI Switch — starting');
    // Linux shows no tray icon without a menu: one from the first moment.
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Starting…', enabled: false },
        { label: 'Quit AI Switch', click: () => app.quit() },
      ]),
    );
    if (platform !== 'darwin') tray.on('click', openDashboard);

    const secretBox = setUpKeys();
    try {
      connection = await connectEngine({ home: deps.home, createEngine: () => deps.createEngine(secretBox) });
      client = connection.client;
    } catch (error) {
      const reason = describeStartFailure(error);
      client = unavailableClient(new Error(reason));
      notify({ title: 'AI Switch could not start', body: reason });
    }
    const mask = connection?.mask ?? ((text: string) => text);
    removeIpc = registerContractIpc({ client, mask });
    const ownedEngine = connection?.mode === 'owned';

    controller = createTrayController({
      client,
      attached: connection?.mode === 'attached',
      agents: deps.agents,
      preferences,
      platform,
      language: trayLanguageOf(app.getLocale()),
      render: drawTray,
      notify,
      shell: {
        startEngine: () => {
          if (ownedEngine) void startOwnedEngine();
          else
            void client
              ?.invoke('proxyStart')
              .catch((error: Error) => notify({ title: 'AI Switch', body: error.message }));
        },
        openDashboard,
        openConfigFolder: () => void shell.openPath(deps.home),
        chooseFolder: async () => {
          const answer = await dialog.showOpenDialog({
            title: 'Choose the folder to work in',
            properties: ['openDirectory', 'createDirectory'],
          });
          return answer.canceled ? undefined : answer.filePaths[0];
        },
        copyText: (text) => clipboard.writeText(text),
        launchAtLogin: () => launchAtLogin.enabled(),
        setLaunchAtLogin: (enabled) => launchAtLogin.set(enabled),
        cliKeyAccess: () => (dataKey ? (preferences?.get('cliKeyAccess') ?? false) : undefined),
        setCliKeyAccess: (enabled) => {
          if (!dataKey || !preferences) return;
          preferences.set('cliKeyAccess', enabled);
          syncKeyFile({ home: deps.home, dataKey, enabled });
        },
        checkForUpdates: () => updates?.check(),
        restartToUpdate: () => updates?.restart(),
        quit: () => app.quit(),
      },
    });
    if (ownedEngine) await startOwnedEngine();
    await controller.refresh();
    const { engine } = controller.state;
    deps.log?.(
      `AI Switch: tray ready, ${connection?.mode === 'attached' ? 'attached to ais serve' : 'engine'} ${engine.state}${engine.url ? ` at ${engine.url}` : ''}${engine.error ? `: ${engine.error}` : ''}`,
    );
    if (deps.showOnStart) openDashboard();
    if (!deps.updater) controller.setUpdate({ kind: 'unsupported' });
    else {
      const trayController = controller;
      updates = createUpdateController({
        updater: deps.updater,
        setState: (update) => trayController.setUpdate(update),
        notify,
        inflight: () => trayController.inflight(),
        whenIdle: (callback) => trayController.whenIdle(callback),
      });
    }
  });
}

/** A config that cannot be used says which problem first (an unreadable key names its provider). */
function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) {
    const first = error.problems.find((problem) => problem.severity === 'error');
    return first ? `${error.message}: ${formatConfigProblem(first)}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** When there is no engine to talk to, every call says why (the tray shows it as the error). */
function unavailableClient(error: Error): EngineClient {
  return {
    invoke: () => Promise.reject(error),
    on: () => () => undefined,
  };
}
