import type { TrayState } from './tray-state';

export type TrayIconKind = 'running' | 'paused' | 'error';

/** Which of the three icons the state calls for: stopped and starting look paused (not serving). */
export function trayIconKind(engine: TrayState['engine']): TrayIconKind {
  if (engine.state === 'running') return 'running';
  if (engine.state === 'error') return 'error';
  return 'paused';
}

/**
 * The icon file under resources/tray/. macOS gets template images (black on
 * transparent; the system tints them for light and dark menu bars and picks
 * the @2x file itself); Windows and Linux get coloured ones.
 */
export function trayIconFile(kind: TrayIconKind, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${kind}Template.png` : `tray-${kind}.png`;
}

/** The tooltip: the product, the state and where to point clients. */
export function trayTooltip(state: TrayState): string {
  const { engine } = state;
  if (engine.state === 'running') return `AI Switch — ${engine.url ?? ''}`;
  if (engine.state === 'paused') return `AI Switch — paused (${engine.url ?? ''})`;
  if (engine.state === 'error') return `AI Switch — not running: ${engine.error ?? 'unknown error'}`;
  return `AI Switch — ${engine.state}`;
}
