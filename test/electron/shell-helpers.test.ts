import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../main/core/config/schema';
import { REPO_ROOT } from '../helpers/fixtures';
import { aisCommand, createAgentLauncher } from '../../main/electron/agents/create-agent-launcher';
import { createLaunchAtLogin, linuxAutostartEntry } from '../../main/electron/launch-at-login';
import { rememberRecentFolder } from '../../main/electron/preferences/preferences';
import { switchRouteTarget } from '../../main/electron/tray/switch-route-target';
import { createUpdateController, type Updater } from '../../main/electron/update/create-update-controller';
import { isExternalLinkAllowed, resolveAppFile } from '../../main/electron/window/resolve-app-file';
import { restoreWindowBounds } from '../../main/electron/window/restore-window-bounds';

const REPO_BIN = path.join(REPO_ROOT, 'test/fixtures/path-with-ais');
const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } };

describe('window bounds', () => {
  it('restores on the display that holds the window', () => {
    const saved = { x: 2000, y: 100, width: 1200, height: 800 };
    expect(restoreWindowBounds({ saved, displays: [laptop, monitor], primary: laptop })).toEqual(saved);
  });

  it('shrinks to fit a smaller display and pulls the window inside it', () => {
    const saved = { x: 1000, y: 500, width: 1600, height: 1000 };
    expect(restoreWindowBounds({ saved, displays: [laptop], primary: laptop })).toEqual({
      x: 0,
      y: 25,
      width: 1440,
      height: 875,
    });
  });

  it('centres on the primary display when the saved one is gone (off the dock)', () => {
    const saved = { x: 2000, y: 100, width: 1200, height: 800 };
    expect(restoreWindowBounds({ saved, displays: [laptop], primary: laptop })).toEqual({
      x: 120,
      y: 63,
      width: 1200,
      height: 800,
    });
    expect(restoreWindowBounds({ saved: undefined, displays: [laptop], primary: laptop })).toMatchObject({
      width: 1200,
      height: 800,
    });
  });
});

describe('app:// files and links', () => {
  const root = '/app/out/renderer';
  it('maps the dashboard origin into the renderer folder and nothing outside it', () => {
    expect(resolveAppFile('app://dashboard/index.html', root)).toBe('/app/out/renderer/index.html');
    expect(resolveAppFile('app://dashboard/assets/index-1.js', root)).toBe(
      '/app/out/renderer/assets/index-1.js',
    );
    expect(resolveAppFile('app://dashboard/traces/01H', root)).toBe('/app/out/renderer/index.html');
    // The URL parser folds dot segments at the root: still inside the folder.
    expect(resolveAppFile('app://dashboard/%2e%2e/%2e%2e/main/index.js', root)).toBe(
      '/app/out/renderer/main/index.js',
    );
    expect(resolveAppFile('app://dashboard/..%2F..%2Fpackage.json', root)).toBeUndefined();
    expect(resolveAppFile('app://other/index.html', root)).toBeUndefined();
    expect(resolveAppFile('file:///app/out/renderer/index.html', root)).toBeUndefined();
  });

  it('lets only https links out', () => {
    expect(isExternalLinkAllowed('https://github.com/')).toBe(true);
    for (const url of [
      'http://example.com/',
      'file:///etc/hosts',
      'javascript:alert(1)',
      'smb://host/share',
      'nonsense',
    ])
      expect(isExternalLinkAllowed(url)).toBe(false);
  });
});

describe('quick switch', () => {
  const route = (fields: Record<string, unknown>) =>
    configSchema.parse({ providers: {}, routes: { r: { provider: 'a', ...fields } } }).routes.r!;

  it("keeps the model the new provider also lists, else takes the provider's first", () => {
    expect(
      switchRouteTarget(route({ default_model: 'shared' }), {
        providerId: 'b',
        providerModels: ['x', 'shared'],
      }),
    ).toMatchObject({ provider: 'b', default_model: 'shared' });
    expect(
      switchRouteTarget(route({ default_model: 'only-a' }), { providerId: 'b', providerModels: ['x', 'y'] }),
    ).toMatchObject({ provider: 'b', default_model: 'x' });
  });

  it('drops a provider| prefix that would keep sending elsewhere, and changes scene_map.default when that answers', () => {
    expect(
      switchRouteTarget(route({ default_model: 'a|m1' }), { providerId: 'b', providerModels: [] }),
    ).toMatchObject({
      provider: 'b',
      default_model: 'm1',
    });
    const switched = switchRouteTarget(
      route({ default_model: 'm0', scene_map: { default: 'm1', think: 'm2' } }),
      {
        providerId: 'a',
        model: 'm3',
        providerModels: ['m1', 'm3'],
      },
    );
    expect(switched).toMatchObject({ default_model: 'm0', scene_map: { default: 'm3', think: 'm2' } });
  });
});

describe('updates', () => {
  function fakeUpdater() {
    const listeners = new Map<string, (value?: unknown) => void>();
    const updater = {
      checkForUpdates: vi.fn(async () => undefined),
      quitAndInstall: vi.fn(),
      on: vi.fn((event: string, listener: (value?: unknown) => void) => listeners.set(event, listener)),
    };
    return { updater: updater as unknown as Updater & typeof updater, listeners };
  }

  it('checks on start and daily, and restarts only once no request is in flight', () => {
    vi.useFakeTimers();
    try {
      const { updater, listeners } = fakeUpdater();
      let inflight = 2;
      let idle: (() => void) | undefined;
      const states: string[] = [];
      const notify = vi.fn();
      const controller = createUpdateController({
        updater,
        setState: (state) => states.push(state.kind),
        notify,
        inflight: () => inflight,
        whenIdle: (callback) => {
          idle = callback;
          return () => (idle = undefined);
        },
      });
      expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(24 * 3_600_000);
      expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
      listeners.get('update-available')?.({ version: '0.2.0' });
      listeners.get('update-downloaded')?.({ version: '0.2.0' });
      expect(states).toEqual(['downloading', 'ready']);
      expect(notify).toHaveBeenCalledWith(expect.objectContaining({ title: 'AI Switch 0.2.0 is ready' }));
      controller.restart();
      expect(updater.quitAndInstall).not.toHaveBeenCalled();
      inflight = 0;
      idle?.();
      expect(updater.quitAndInstall).toHaveBeenCalledOnce();
      controller.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('small pieces', () => {
  it('keeps eight recent folders, newest first, once each', () => {
    let recent: string[] = [];
    for (const folder of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'b'])
      recent = rememberRecentFolder(recent, folder);
    expect(recent).toEqual(['b', 'i', 'h', 'g', 'f', 'e', 'd', 'c']);
  });

  it("agents: copies a route's exports as `ais env` prints them, and opens a terminal running `ais agent`", async () => {
    const open = vi.fn(async () => ({}) as never);
    const launcher = createAgentLauncher({
      env: { PATH: '', SHELL: '/bin/zsh' },
      platform: 'linux',
      ais: {
        argv: ['env', 'ELECTRON_RUN_AS_NODE=1', '/opt/AI Switch/ai-switch', '/app.asar/bin/ais.js'],
        env: {},
      },
      preferredTerminal: () => 'kitty',
      open,
    });
    expect(launcher.shellExports({ routeKey: "ais-it's", url: 'http://127.0.0.1:12345/' })).toBe(
      [
        'unset ANTHROPIC_API_KEY',
        'export ANTHROPIC_BASE_URL=http://127.0.0.1:12345',
        "export ANTHROPIC_AUTH_TOKEN='ais-it'\\''s'",
        'export OPENAI_BASE_URL=http://127.0.0.1:12345/v1',
        "export OPENAI_API_KEY='ais-it'\\''s'",
        'export GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:12345',
        "export GEMINI_API_KEY='ais-it'\\''s'",
        '',
      ].join('\n'),
    );
    await expect(launcher.unavailableReason('claude')).resolves.toBe(
      'not installed: npm i -g @anthropic-ai/claude-code',
    );
    await launcher.launch({ agent: 'codex', routeKey: 'ais-codex', folder: '/home/ada/code' });
    expect(open).toHaveBeenCalledWith(
      {
        argv: [
          'env',
          'ELECTRON_RUN_AS_NODE=1',
          '/opt/AI Switch/ai-switch',
          '/app.asar/bin/ais.js',
          'agent',
          'ais-codex',
          'codex',
        ],
        cwd: '/home/ada/code',
      },
      { platform: 'linux', env: { PATH: '', SHELL: '/bin/zsh' }, preferred: 'kitty' },
    );
  });

  it("runs the app's own ais as Node unless one is on PATH", () => {
    const options = { env: { PATH: '' }, execPath: '/opt/ai-switch', appPath: '/opt/resources/app.asar' };
    expect(aisCommand({ ...options, platform: 'darwin' })).toEqual({
      argv: ['env', 'ELECTRON_RUN_AS_NODE=1', '/opt/ai-switch', '/opt/resources/app.asar/bin/ais.js'],
      env: {},
    });
    expect(aisCommand({ ...options, platform: 'win32' }).env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(aisCommand({ ...options, env: { PATH: path.join(REPO_BIN) }, platform: 'linux' }).argv).toEqual([
      'ais',
    ]);
  });

  it('launch at login on Linux is an XDG autostart entry', () => {
    const configHome = mkdtempSync(path.join(tmpdir(), 'ais-autostart-'));
    try {
      const login = createLaunchAtLogin({
        platform: 'linux',
        loginItems: { getLoginItemSettings: vi.fn(), setLoginItemSettings: vi.fn() },
        executable: '/opt/AI Switch/ai-switch',
        configHome,
      });
      expect(login.enabled()).toBe(false);
      login.set(true);
      expect(login.enabled()).toBe(true);
      expect(readFileSync(path.join(configHome, 'autostart', 'ai-switch.desktop'), 'utf8')).toBe(
        linuxAutostartEntry('/opt/AI Switch/ai-switch'),
      );
      expect(linuxAutostartEntry('/opt/AI Switch/ai-switch')).toContain('Exec="/opt/AI Switch/ai-switch"');
      login.set(false);
      expect(login.enabled()).toBe(false);
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  });
});
