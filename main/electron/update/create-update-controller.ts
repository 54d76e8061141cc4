import type { UpdateState } from '../tray/tray-state';

const DAY_MS = 24 * 3_600_000;

/** The part of electron-updater's `autoUpdater` this uses (a fake in tests). */
export interface Updater {
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateController {
  check(): void;
  /** Restarts into the downloaded version as soon as no request is in flight. */
  restart(): void;
  dispose(): void;
}

/**
 * Checks on start and once a day (the only timer the idle app keeps, and it
 * wakes daily), shows progress in the tray, says when an update is ready, and
 * restarts into it only between requests: a stream in flight is never cut.
 */
export function createUpdateController(deps: {
  updater: Updater;
  setState(state: UpdateState): void;
  notify(notice: { title: string; body: string; action?: { label: string; run(): void } }): void;
  /** Requests in flight now. */
  inflight(): number;
  /** Calls back once the in-flight count reaches zero. */
  whenIdle(callback: () => void): () => void;
}): UpdateController {
  let state: UpdateState = { kind: 'idle' };
  let stopWaiting: (() => void) | undefined;
  const set = (next: UpdateState): void => {
    state = next;
    deps.setState(next);
  };

  deps.updater.on('checking-for-update', () => {
    if (state.kind !== 'ready') set({ kind: 'checking' });
  });
  deps.updater.on('update-available', (info) => set({ kind: 'downloading', version: info.version }));
  deps.updater.on('update-not-available', () => {
    if (state.kind !== 'ready') set({ kind: 'idle' });
  });
  deps.updater.on('update-downloaded', (info) => {
    set({ kind: 'ready', version: info.version });
    deps.notify({
      title: `AI Switch ${info.version} is ready`,
      body: 'Restart to update; requests in flight finish first.',
      action: { label: 'Restart to Update', run: () => controller.restart() },
    });
  });
  deps.updater.on('error', (error) => {
    if (state.kind !== 'ready') set({ kind: 'error', message: error.message });
  });

  const check = (): void => {
    if (state.kind === 'ready' || state.kind === 'checking' || state.kind === 'downloading') return;
    deps.updater.checkForUpdates().catch((error: Error) => set({ kind: 'error', message: error.message }));
  };
  const timer = setInterval(check, DAY_MS);
  timer.unref();
  check();

  const controller: UpdateController = {
    check,
    restart() {
      if (state.kind !== 'ready') return;
      if (deps.inflight() === 0) return deps.updater.quitAndInstall();
      stopWaiting ??= deps.whenIdle(() => deps.updater.quitAndInstall());
    },
    dispose() {
      clearInterval(timer);
      stopWaiting?.();
    },
  };
  return controller;
}
