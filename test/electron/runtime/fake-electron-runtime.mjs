// A stand-in for the `electron` module that lets the BUILT main bundle
// (out/main/index.js) run in plain Node: every call the app makes is printed
// as one JSON line (`FAKE-ELECTRON {...}`) for test/electron/bundled-main.test.ts.
// The app:// protocol handler and the IPC handlers are exercised the way the
// renderer would: the window's loadURL fetches through the handler, and the
// page's first call goes through ipcMain with our frame's URL.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const record = (event, detail = {}) =>
  process.stdout.write(`FAKE-ELECTRON ${JSON.stringify({ event, ...detail })}\n`);
const userData = process.env.FAKE_ELECTRON_USER_DATA ?? path.join(process.cwd(), '.fake-user-data');
mkdirSync(userData, { recursive: true });

const protocolHandlers = new Map();
const ipcHandlers = new Map();

class App extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return new Promise((resolve) => setImmediate(resolve));
  }
  getPath() {
    return userData;
  }
  getVersion() {
    return '0.0.0-test';
  }
  getName() {
    return 'AI Switch';
  }
  getAppPath() {
    return process.cwd();
  }
  getLoginItemSettings() {
    return { openAtLogin: false };
  }
  getLocale() {
    return 'en-US';
  }
  setLoginItemSettings() {}
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    record('quit');
    process.exit(0);
  }
}
export const app = new App();
process.on('SIGTERM', () => app.quit());

class WebContents extends EventEmitter {
  url = '';
  session = { setPermissionRequestHandler: () => undefined };
  setWindowOpenHandler() {}
  isDestroyed() {
    return false;
  }
  getURL() {
    return this.url;
  }
  send(channel) {
    record('send', { channel });
  }
}

export class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  constructor(options) {
    super();
    record('window', { webPreferences: options.webPreferences });
  }
  async loadURL(url) {
    this.webContents.url = url;
    const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    const response = await handler(new Request(url));
    const html = await response.text();
    record('page', {
      url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
      hasRoot: html.includes('id="root"'),
    });
    const status = await ipcHandlers.get('ais:call:status')({ senderFrame: { url } }, {});
    record('ipc', { call: 'status', answer: status });
    const refused = await ipcHandlers.get('ais:call:status')(
      { senderFrame: { url: 'https://evil.example/' } },
      {},
    );
    record('ipc-foreign', { answer: refused });
    this.emit('ready-to-show');
  }
  maximize() {}
  show() {
    record('window-shown');
  }
  focus() {}
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1200, height: 800 };
  }
}

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    record('tray', { image: image.file, exists: image.exists });
  }
  setImage(image) {
    record('tray-image', { image: image.file, exists: image.exists });
  }
  setToolTip(tooltip) {
    record('tray-tooltip', { tooltip });
  }
  setContextMenu(template) {
    record('tray-menu', { labels: template.map((item) => item.label ?? '---') });
  }
  destroy() {
    record('tray-destroyed');
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record('notification', { title: this.options.title, body: this.options.body });
  }
}

export const Menu = { buildFromTemplate: (template) => template };
export const nativeImage = {
  createFromPath: (file) => ({ file, exists: existsSync(file), setTemplateImage() {} }),
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record('schemes', { schemes }),
  handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
};
export const ipcMain = {
  handle: (channel, handler) => ipcHandlers.set(channel, handler),
  removeHandler: (channel) => ipcHandlers.delete(channel),
  on: () => undefined,
};
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(`fake-keychain:${Buffer.from(text).toString('base64')}`),
  decryptString: (buffer) =>
    Buffer.from(buffer.toString().slice('fake-keychain:'.length), 'base64').toString(),
};
export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
};
export const shell = { openExternal: async () => undefined, openPath: async () => '' };
export const clipboard = { writeText: () => undefined };
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };

export default {
  app,
  BrowserWindow,
  Tray,
  Notification,
  Menu,
  nativeImage,
  protocol,
  ipcMain,
  safeStorage,
  screen,
  shell,
  clipboard,
  dialog,
};
