import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, protocol, screen, shell } from 'electron';
import type { EngineClient } from '../engine/engine-client';
import { forwardContractEvents } from '../ipc/register-contract-ipc';
import { APP_ENTRY_URL, APP_SCHEME } from '../ipc/is-own-page';
import type { Preferences } from '../preferences/preferences';
import { CONTENT_SECURITY_POLICY, isExternalLinkAllowed, resolveAppFile } from './resolve-app-file';
import { restoreWindowBounds } from './restore-window-bounds';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Before `ready`: `app:` behaves like https (an origin of its own, fetch, secure context). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built dashboard at `app://dashboard/` with its CSP as a header:
 * one origin the IPC checks can recognise, unlike `file://`, which every
 * local file shares.
 */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (file === undefined) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

export interface DashboardWindowOptions {
  client: EngineClient;
  preferences: Preferences;
  preloadPath: string;
  iconPath: string;
  platform: NodeJS.Platform;
}

/**
 * The dashboard window: isolated, sandboxed, no Node, CSP from the protocol
 * handler, navigation and new windows refused (https links open in the
 * browser). Closing it destroys the renderer; the app stays in the tray.
 */
export function createDashboardWindow(options: DashboardWindowOptions): BrowserWindow {
  const saved = options.preferences.get('windowBounds');
  const bounds = restoreWindowBounds({
    saved,
    displays: screen.getAllDisplays(),
    primary: screen.getPrimaryDisplay(),
  });
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'AI Switch',
    icon: options.iconPath,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) window.maximize();
  const contents = window.webContents;

  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const refuseNavigation = (event: { preventDefault(): void }, url: string): void => {
    event.preventDefault();
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const stopEvents = forwardContractEvents(options.client, contents);
  window.on('close', () => {
    options.preferences.set('windowBounds', { ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    stopEvents();
    // Only the tray is left: macOS takes the Dock icon away again.
    if (options.platform === 'darwin') app.dock?.hide();
  });
  window.once('ready-to-show', () => {
    if (options.platform === 'darwin') void app.dock?.show();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
