import type { Category } from '../../lib/domain/kinds';

/** Absolute month number (year·12 + month−1) of a `YYYY-MM` period, and back. */
export function monthOf(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}
export function periodOf(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

export class Calendar {
  readonly startMonth: number;
  readonly periods: string[];
  constructor(
    readonly start: string,
    readonly P: number,
  ) {
    this.startMonth = monthOf(start);
    this.periods = Array.from({ length: P }, (_, t) => periodOf(this.startMonth + t));
  }
  period(t: number): string {
    return periodOf(this.startMonth + t);
  }
  /** Calendar month 1–12 of period index t. */
  month(t: number): number {
    return ((this.startMonth + t) % 12) + 1;
  }
  year(t: number): number {
    return Math.floor((this.startMonth + t) / 12);
  }
  /** Index of the period, possibly outside [0, P). */
  index(period: string): number {
    return monthOf(period) - this.startMonth;
  }
}

/** Spring Festival (春节, first day of the lunar year) by Gregorian year. */
const SPRING_FESTIVAL: Record<number, [number, number]> = {
  2019: [2, 5],
  2020: [1, 25],
  2021: [2, 12],
  2022: [2, 1],
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
  2028: [1, 26],
  2029: [2, 13],
  2030: [2, 3],
};

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days of month (y, m) falling in [sf+from, sf+to] (days relative to the Spring Festival). */
function overlapDays(y: number, m: number, from: number, to: number): number {
  let total = 0;
  for (const yy of [y - 1, y, y + 1]) {
    const sf = SPRING_FESTIVAL[yy];
    if (!sf) continue;
    const sfDay = Date.UTC(yy, sf[0] - 1, sf[1]) / 86_400_000;
    const monthStart = Date.UTC(y, m - 1, 1) / 86_400_000;
    const monthEnd = monthStart + daysInMonth(y, m) - 1;
    const a = Math.max(monthStart, sfDay + from);
    const b = Math.min(monthEnd, sfDay + to);
    if (b >= a) total += b - a + 1;
  }
  return total;
}

/**
 * Factories stop from about ten days before the festival until migrant workers are back after
 * the Lantern Festival; shops and restaurants sell more in the three weeks before it.
 */
export function springFestivalFactor(cat: Category, y: number, m: number): number {
  const dim = daysInMonth(y, m);
  switch (cat) {
    case 'industry':
      return 1 - (0.55 * overlapDays(y, m, -8, 15)) / dim;
    case 'construction':
      return 1 - (0.85 * overlapDays(y, m, -15, 20)) / dim;
    case 'wholesale':
      return 1 + (0.25 * overlapDays(y, m, -25, -3)) / dim - (0.6 * overlapDays(y, m, 0, 8)) / dim;
    case 'retail':
      return 1 + (0.9 * overlapDays(y, m, -21, 0)) / dim - (0.3 * overlapDays(y, m, 3, 20)) / dim;
    case 'catering':
      return 1 + (0.7 * overlapDays(y, m, -14, 6)) / dim;
    case 'accommodation':
      return 1 - (0.4 * overlapDays(y, m, -10, 10)) / dim;
    case 'services':
      return 1 - (0.45 * overlapDays(y, m, -3, 8)) / dim;
    case 'real_estate':
      return 1 - (0.6 * overlapDays(y, m, -5, 10)) / dim;
  }
}

/** Month profile without the festival (index 0 = January). */
const PROFILE: Record<Category, number[]> = {
  industry: [1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 0.96, 0.96, 1.03, 0.98, 1.02, 1.12],
  construction: [0.85, 0.85, 0.95, 1.0, 1.02, 1.1, 0.9, 0.85, 1.0, 1.0, 1.1, 1.55],
  wholesale: [1.0, 1.0, 1.02, 1.0, 1.0, 1.04, 0.97, 0.97, 1.02, 1.0, 1.03, 1.1],
  retail: [1.0, 0.95, 0.92, 0.95, 1.02, 1.02, 0.95, 0.95, 1.0, 1.12, 1.12, 1.1],
  accommodation: [0.85, 0.9, 0.92, 1.0, 1.06, 1.0, 1.15, 1.2, 1.0, 1.12, 0.92, 0.88],
  catering: [1.0, 1.0, 0.9, 0.95, 1.06, 1.0, 1.0, 1.02, 0.96, 1.1, 0.95, 1.08],
  services: [0.97, 0.9, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 0.97, 1.0, 1.22],
  real_estate: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

export function seasonFactor(cat: Category, y: number, m: number): number {
  return PROFILE[cat][m - 1]! * springFestivalFactor(cat, y, m);
}

/** Cooling in summer, heating (electric) in winter: a building's electricity profile. */
export function climateKwhFactor(m: number): number {
  return [1.12, 1.08, 0.98, 0.92, 0.95, 1.08, 1.28, 1.3, 1.02, 0.93, 0.98, 1.1][m - 1]!;
}

/** Local time in Beijing written as ISO 8601 with +08:00; `ms` counts UTC-like local ms. */
export function isoLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+08:00`;
}

/** Local ms of day `day` (1-based, may overflow) of the month after absolute month `m`. */
export function dayAfterMonth(m: number, day: number, hour: number, minute: number, second = 0): number {
  const next = m + 1;
  return Date.UTC(Math.floor(next / 12), next % 12, day, hour, minute, second);
}

export function localMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, m - 1, d, h, mi, s);
}

export function dateString(ms: number): string {
  return isoLocal(ms).slice(0, 10);
}
