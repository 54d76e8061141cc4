import type { MenuItemConstructorOptions } from 'electron';

export interface TrayState {
  proxy: 'running' | 'stopped' | 'starting' | 'error';
  url?: string;
  error?: string;
}

export interface TrayActions {
  openDashboard(): void;
  startProxy(): void;
  stopProxy(): void;
  quit(): void;
}

/** The tray menu as a pure function of state, rebuilt whenever the state changes. */
export function buildTrayMenu(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const status =
    state.proxy === 'running'
      ? `Proxy running on ${state.url ?? ''}`
      : state.proxy === 'error'
        ? `Proxy error: ${state.error ?? 'unknown'}`
        : state.proxy === 'starting'
          ? 'Proxy starting…'
          : 'Proxy stopped';
  return [
    { label: status, enabled: false },
    { type: 'separator' },
    { label: 'Open Dashboard', click: () => actions.openDashboard() },
    state.proxy === 'running'
      ? { label: 'Stop Proxy', click: () => actions.stopProxy() }
      : { label: 'Start Proxy', enabled: state.proxy !== 'starting', click: () => actions.startProxy() },
    { type: 'separator' },
    { label: 'Quit AI Switch', click: () => actions.quit() },
  ];
}
