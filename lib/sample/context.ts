import { DEFAULT_REGISTER_THRESHOLDS } from '../domain/thresholds';
import { TOWNS } from './district';
import { PERIODS, type LookalikeEntry, type SimUnit, type TruthEntry } from './model';
import type { SimProject } from './projects';
import type { Random } from './random';

export interface SimEvent {
  eventId: string;
  unit: SimUnit;
  type: 'entry' | 'exit';
  category: string;
  month: number;
  reason: string;
  declared?: number;
  evidenceTax?: number;
  submittedBy: string;
  submittedAt: string;
}

export interface SimAccount {
  account: string;
  ownerType: 'unit' | 'town_office' | 'park_office' | 'agent';
  ownerId: string;
}

/** The district being built, shared by the base builder and the injectors. */
export interface SampleContext {
  rng: Random;
  usedCodes: Set<string>;
  units: SimUnit[];
  projects: SimProject[];
  events: SimEvent[];
  accounts: SimAccount[];
  truth: TruthEntry[];
  lookalikes: LookalikeEntry[];
  /** Units already carrying an injected pattern or a look-alike: each unit tells one story. */
  claimed: Set<string>;
}

export function threshold(u: SimUnit): number {
  return DEFAULT_REGISTER_THRESHOLDS[u.category] ?? 30_000;
}

/** Picks unclaimed units that satisfy `accept`, marking them claimed. */
export function claim(ctx: SampleContext, count: number, accept: (u: SimUnit) => boolean = () => true): SimUnit[] {
  const pool = ctx.rng.shuffle(ctx.units.filter((u) => !ctx.claimed.has(u.unitId) && u.inRegister && u.firstMonth === 0 && u.lastMonth === PERIODS.length - 1 && accept(u)));
  const chosen = pool.slice(0, count);
  if (chosen.length < count) throw new Error(`sample generator: only ${chosen.length} of ${count} units available`);
  for (const u of chosen) ctx.claimed.add(u.unitId);
  return chosen;
}

export function officeIp(ctx: SampleContext, townIndex: number): string {
  return `218.57.${140 + townIndex}.${ctx.rng.int(2, 60)}`;
}

export function townOfficeAccount(townIndex: number): string {
  return `TJZ${TOWNS[townIndex]!.code}`;
}

export function submittedAtFor(month: number, delayHours: number): string {
  // Month `month`'s report is filed in the following month; times are Beijing time.
  const base = Date.UTC(2023, month + 1, 1, 0, 0, 0) - 8 * 3600_000;
  const t = new Date(base + delayHours * 3600_000 + 8 * 3600_000);
  const iso = t.toISOString().slice(0, 19);
  return `${iso}+08:00`;
}

let eventSerial = 0;
export function resetEventSerial(): void {
  eventSerial = 0;
}

export function addEvent(ctx: SampleContext, e: Omit<SimEvent, 'eventId' | 'submittedAt' | 'category'> & { category?: string; daysBefore?: number }): SimEvent {
  eventSerial++;
  const period = PERIODS[Math.max(0, e.month)]!;
  const event: SimEvent = {
    ...e,
    category: e.category ?? e.unit.category,
    eventId: `RE${period.replace('-', '')}${String(eventSerial).padStart(4, '0')}`,
    submittedAt: submittedAtFor(e.month - 1, -24 * (e.daysBefore ?? ctx.rng.int(5, 20)) + ctx.rng.uniform(9, 17)),
  };
  ctx.events.push(event);
  return event;
}

/** Sum of a series over the 12 months ending with `month` (inclusive). */
export function trailing12(series: number[], month: number): number {
  let s = 0;
  // Months before the window are approximated by the same calendar month a year later.
  for (let m = month - 11; m <= month; m++) s += series[m < 0 ? m + 12 : m] ?? 0;
  return s;
}
