/** Numbers, money and times in the reader's locale (the UI language, not the OS). */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

export function formatCompact(value: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function formatUsd(value: number, language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: value < 1 ? 4 : 2,
  }).format(value);
}

export function formatPercent(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function formatDateTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(epochMs);
}

export function formatDuration(milliseconds: number, language: string): string {
  if (milliseconds < 1000) return `${formatNumber(Math.round(milliseconds), language)} ms`;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(milliseconds / 1000)} s`;
}

/** Midnight today in the local time zone: "today" on the overview. */
export function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

/** This browser's offset from UTC in minutes (UTC+8 = 480), so the engine starts days where the reader's do. */
export function localOffsetMinutes(now = new Date()): number {
  return -now.getTimezoneOffset();
}
