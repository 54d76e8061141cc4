const DAY_MS = 24 * 60 * 60 * 1000;

export type RangePreset = 'today' | 'week' | 'month' | 'custom';

/** Local midnight of the day `epochMs` falls in. */
function startOfDay(epochMs: number): number {
  const date = new Date(epochMs);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** `YYYY-MM-DD` (local) ⇄ epoch ms, for the native date inputs. */
export function toDateInput(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function fromDateInput(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** The whole local days a preset covers, ending today: [from, to] in epoch ms, `to` inclusive. */
export function rangeOf(
  preset: RangePreset,
  custom: { from: number; to: number },
  now = Date.now(),
): { from: number; to: number } {
  const today = startOfDay(now);
  const days = preset === 'today' ? 1 : preset === 'week' ? 7 : 30;
  if (preset === 'custom') {
    const from = startOfDay(Math.min(custom.from, custom.to));
    const last = startOfDay(Math.max(custom.from, custom.to));
    return { from, to: new Date(last).setHours(23, 59, 59, 999) };
  }
  return {
    from: startOfDay(today - (days - 1) * DAY_MS + DAY_MS / 2),
    to: new Date(today).setHours(23, 59, 59, 999),
  };
}
