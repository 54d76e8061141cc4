/** Series colours readable on both themes (mid lightness, distinct hues). */
export const SERIES_COLORS = [
  'oklch(0.62 0.17 255)',
  'oklch(0.68 0.15 155)',
  'oklch(0.74 0.15 75)',
  'oklch(0.63 0.2 25)',
  'oklch(0.6 0.18 305)',
  'oklch(0.7 0.11 200)',
  'oklch(0.6 0.03 260)',
];

export const seriesColor = (index: number): string =>
  SERIES_COLORS[index % SERIES_COLORS.length] ?? 'currentColor';

export const AXIS_PROPS = { stroke: 'var(--muted-foreground)', fontSize: 11, tickLine: false } as const;
export const GRID_PROPS = { strokeDasharray: '3 3', stroke: 'var(--border)', vertical: false } as const;
export const TOOLTIP_PROPS = {
  contentStyle: {
    background: 'var(--popover)',
    border: '1px solid var(--border)',
    borderRadius: 6,
    color: 'var(--popover-foreground)',
    fontSize: 12,
  },
  labelStyle: { color: 'var(--popover-foreground)' },
} as const;
