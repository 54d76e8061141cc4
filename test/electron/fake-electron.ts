import { vi } from 'vitest';

/*
 * A recording stand-in for the `electron` module: Electron's binary cannot
 * run here, so the shell is tested by what it asked Electron to do. Each test
 * file mocks `electron` with `createFakeElectron()` from a vi.hoisted block.
 */

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((listener) => listener(...args));
  }
}

export function createFakeElectron() {
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const handlers = new Map<string, Listener>();
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Listener[]>();

  class FakeWebContents extends Emitter {
    url = '';
    destroyed = false;
    readonly sent: { channel: string; payload: unknown }[] = [];
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    readonly session = { setPermissionRequestHandler: vi.fn() };
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    isDestroyed = () => this.destroyed;
    getURL = () => this.url;
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
    }
  }

  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 700 });
    maximize = vi.fn();
    restore = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    /** What Electron does when the user closes the window and no listener prevents it. */
    close() {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }

  class FakeTray extends Emitter {
    menu: unknown;
    tooltip = '';
    tooltipCalls = 0;
    image: unknown;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.image = image;
      trays.push(this);
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    setToolTip(text: string) {
      this.tooltip = text;
      this.tooltipCalls += 1;
    }
    setImage(image: unknown) {
      this.image = image;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  class FakeNotification extends Emitter {
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
      notifications.push(this);
    }
    static isSupported = () => true;
    show() {
      this.shown = true;
    }
  }

  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    getLocale: vi.fn(() => 'en-US'),
    quit: vi.fn(),
    whenReady: vi.fn(() => ready),
    isPackaged: false,
    dock: { hide: vi.fn(), show: vi.fn(async () => undefined) },
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false })),
    setLoginItemSettings: vi.fn(),
  });

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: {
      createFromPath: (file: string) => ({ file, template: false, setTemplateImage: vi.fn() }),
    },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
    clipboard: { writeText: vi.fn() },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) },
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      // Reversible, machine-bound in spirit: enough to prove the key is wrapped, not stored.
      encryptString: (text: string) => Buffer.from(`wrapped:${Buffer.from(text).toString('hex')}`),
      decryptString: (buffer: Buffer) => {
        const text = buffer.toString();
        if (!text.startsWith('wrapped:'))
          throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(text.slice('wrapped:'.length), 'hex').toString();
      },
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: Listener) => void handlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })),
      on: vi.fn((channel: string, listener: Listener) => {
        rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
      }),
      removeListener: vi.fn((channel: string, listener: Listener) => {
        rendererListeners.set(
          channel,
          (rendererListeners.get(channel) ?? []).filter((existing) => existing !== listener),
        );
      }),
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((name: string, value: unknown) => void exposed.set(name, value)),
    },
  };

  return {
    module,
    handlers,
    windows,
    trays,
    notifications,
    exposed,
    rendererListeners,
    fireReady: () => resolveReady(),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
