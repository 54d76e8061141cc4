import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's binary is not available here: the shell is tested against a mock
// that records what the app asked Electron to do.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let ready: () => void = () => undefined;
  const windows: {
    options: Record<string, unknown>;
    handlers: Map<string, (...args: unknown[]) => void>;
    hide: ReturnType<typeof vi.fn>;
  }[] = [];
  const trays: { menu?: unknown; tooltip?: string }[] = [];
  return {
    handlers,
    windows,
    trays,
    fireReady: () => ready(),
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      on: vi.fn((event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler)),
      whenReady: vi.fn(() => new Promise<void>((resolve) => (ready = resolve))),
    },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    readonly handlers = new Map<string, (...args: unknown[]) => void>();
    readonly hide = vi.fn();
    readonly webContents = { setWindowOpenHandler: vi.fn(), on: vi.fn() };
    constructor(readonly options: Record<string, unknown>) {
      electron.windows.push(this);
    }
    on(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, handler);
    }
    once(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, handler);
    }
    loadFile = vi.fn(async () => undefined);
    isDestroyed = () => false;
    show = vi.fn();
    focus = vi.fn();
  }
  class Tray {
    readonly state: { menu?: unknown; tooltip?: string } = {};
    constructor() {
      electron.trays.push(this.state);
    }
    setContextMenu(menu: unknown) {
      this.state.menu = menu;
    }
    setToolTip(text: string) {
      this.state.tooltip = text;
    }
  }
  return {
    app: electron.app,
    BrowserWindow,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: () => ({ setTemplateImage: vi.fn() }) },
    shell: { openExternal: vi.fn() },
  };
});

const { startDesktopApp } = await import('../../main/electron/desktop-app');

type MenuItem = { label?: string; click?: () => void };

function fakeEngine(url = 'http://127.0.0.1:12345') {
  return {
    start: vi.fn(async () => ({ url, host: '127.0.0.1', port: 12345 })),
    stop: vi.fn(async () => undefined),
  };
}

describe('desktop shell', () => {
  beforeEach(() => {
    electron.handlers.clear();
    electron.windows.length = 0;
    electron.trays.length = 0;
    vi.clearAllMocks();
  });

  it('starts the proxy when ready and shows it in the tray; Stop and Start drive the engine', async () => {
    const engine = fakeEngine();
    startDesktopApp({
      createEngine: async () => engine as never,
      bundleDir: '/app/out/main',
      resourcesDir: '/app/resources',
    });
    electron.fireReady();
    await vi.waitFor(() => expect(electron.trays[0]?.tooltip).toBe('AI Switch — http://127.0.0.1:12345'));
    const menu = electron.trays[0]!.menu as MenuItem[];
    expect(menu[0]?.label).toBe('Proxy running on http://127.0.0.1:12345');
    menu.find((item) => item.label === 'Stop Proxy')!.click!();
    await vi.waitFor(() => expect(engine.stop).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect((electron.trays[0]!.menu as MenuItem[])[0]?.label).toBe('Proxy stopped'));
  });

  it('shows a start failure in the tray instead of crashing', async () => {
    const engine = {
      start: vi.fn(async () => Promise.reject(new Error('port 12345 is already in use'))),
      stop: vi.fn(),
    };
    startDesktopApp({ createEngine: async () => engine as never, bundleDir: '/b', resourcesDir: '/r' });
    electron.fireReady();
    await vi.waitFor(() =>
      expect((electron.trays[0]?.menu as MenuItem[] | undefined)?.[0]?.label).toBe(
        'Proxy error: port 12345 is already in use',
      ),
    );
  });

  it('opens a sandboxed, isolated dashboard window; closing it hides it', async () => {
    startDesktopApp({
      createEngine: async () => fakeEngine() as never,
      bundleDir: '/app/out/main',
      resourcesDir: '/r',
    });
    electron.fireReady();
    await vi.waitFor(() => expect(electron.trays[0]?.menu).toBeDefined());
    (electron.trays[0]!.menu as MenuItem[]).find((item) => item.label === 'Open Dashboard')!.click!();
    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    const event = { preventDefault: vi.fn() };
    window.handlers.get('close')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
  });

  it('stops the engine before quitting', async () => {
    const engine = fakeEngine();
    startDesktopApp({ createEngine: async () => engine as never, bundleDir: '/b', resourcesDir: '/r' });
    electron.fireReady();
    await vi.waitFor(() => expect(engine.start).toHaveBeenCalled());
    const event = { preventDefault: vi.fn() };
    electron.handlers.get('before-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(engine.stop).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
  });
});
