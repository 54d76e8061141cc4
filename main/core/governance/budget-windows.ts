import type { BudgetWindow } from '../config/guardrails-schema';

/** Start and end (exclusive) of the calendar window holding `now`, in local time; `once` never ends. */
export function budgetWindowOf(window: BudgetWindow, now: number): { start: number; end: number } {
  const start = new Date(now);
  const end = new Date(now);
  switch (window) {
    case 'minute':
      start.setSeconds(0, 0);
      end.setTime(start.getTime() + 60_000);
      break;
    case 'hour':
      start.setMinutes(0, 0, 0);
      end.setTime(start.getTime());
      end.setHours(start.getHours() + 1);
      break;
    case 'day':
      start.setHours(0, 0, 0, 0);
      end.setTime(start.getTime());
      end.setDate(start.getDate() + 1);
      break;
    case 'once':
      return { start: 0, end: Number.POSITIVE_INFINITY };
    case 'month':
      start.setDate(1);
      start.setHours(0, 0, 0, 0);
      end.setTime(start.getTime());
      end.setMonth(start.getMonth() + 1);
      break;
    default: {
      const exhaustive: never = window;
      throw new Error(`unknown budget window ${String(exhaustive)}`);
    }
  }
  return { start: start.getTime(), end: end.getTime() };
}

/** `budgetWindowOf`, computed again only when a window kind's current window has ended. */
export function createWindowClock(): (window: BudgetWindow, now: number) => { start: number; end: number } {
  const current = new Map<string, { start: number; end: number }>();
  return (window, now) => {
    const known = current.get(window);
    if (known && now >= known.start && now < known.end) return known;
    const fresh = budgetWindowOf(window, now);
    current.set(window, fresh);
    return fresh;
  };
}
