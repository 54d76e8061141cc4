import type { WindowBounds } from '../preferences/preferences';

export interface DisplayArea {
  workArea: { x: number; y: number; width: number; height: number };
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 };
/** At least this much of the title bar must be on a display to count as visible. */
const VISIBLE_MARGIN = 64;

/**
 * Where to open the window: the saved bounds on the display that holds most
 * of them, shrunk to fit it; when that display is gone (a laptop off its dock),
 * the default size centred on the primary display.
 */
export function restoreWindowBounds(input: {
  saved: WindowBounds | undefined;
  displays: readonly DisplayArea[];
  primary: DisplayArea;
}): { x?: number; y?: number; width: number; height: number } {
  const { saved, primary } = input;
  if (!saved) return centredOn(primary, DEFAULT_WINDOW_SIZE);
  const display = input.displays
    .map((candidate) => ({ candidate, overlap: overlapArea(saved, candidate.workArea) }))
    .filter(({ candidate }) => titleBarVisible(saved, candidate.workArea))
    .sort((left, right) => right.overlap - left.overlap)[0]?.candidate;
  if (!display) return centredOn(primary, { width: saved.width, height: saved.height });
  const area = display.workArea;
  const width = Math.min(saved.width, area.width);
  const height = Math.min(saved.height, area.height);
  return {
    x: clamp(saved.x, area.x, area.x + area.width - width),
    y: clamp(saved.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

function centredOn(display: DisplayArea, size: { width: number; height: number }) {
  const area = display.workArea;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

function titleBarVisible(bounds: WindowBounds, area: DisplayArea['workArea']): boolean {
  const top = bounds.y;
  const horizontal = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  return top >= area.y && top < area.y + area.height - VISIBLE_MARGIN / 2 && horizontal >= VISIBLE_MARGIN;
}

function overlapArea(bounds: WindowBounds, area: DisplayArea['workArea']): number {
  const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const height = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
  return Math.max(0, width) * Math.max(0, height);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}
