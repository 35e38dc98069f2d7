/** Small hand-made districts for the interference rules' tests. */
import type { AccountRecord, SubmissionRecord, UnitRecord } from '../../lib/contract/schemas';
import type { DistrictInput } from '../../lib/engine/district-data';
import { addUnit, honestSeries, PERIODS, round1 } from './fabrication-fixtures';

export { CTX, emptyInput, PERIODS, reviewed, rng, run } from './fabrication-fixtures';

/** Town code of town number i (371302 0ii 000). */
export const town = (i: number) => `371302${String(i).padStart(3, '0')}000`;

/** An ordinary unit filing its own reports with its own account from its own network. */
export function ownUnit(
  input: DistrictInput,
  id: string,
  townCode: string,
  opts: { ip?: string; account?: string; level?: number; seed?: number; submittedAt?: (m: number) => string; device?: string } = {},
): void {
  const account = opts.account ?? `LW${id}`;
  addUnit(input, {
    id,
    town: townCode,
    account,
    ip: opts.ip ?? `60.${id.length}.${id.charCodeAt(id.length - 1) % 250}.9`,
    revenue: honestSeries(opts.seed ?? id.charCodeAt(id.length - 1) * 7 + id.length, opts.level ?? 2500, 0.05),
    submittedAt: opts.submittedAt,
  });
  if (!input.accounts.some((a) => a.account === account)) input.accounts.push({ account, owner_type: 'unit', owner_id: id } as AccountRecord);
  if (opts.device) for (const s of input.submissions) if (s.unit_id === id) s.submitter_device = opts.device;
}

/** Re-points a unit's filings of the given months to another filer. */
export function refile(input: DistrictInput, unitId: string, months: number[], filer: { account?: string; ip?: string; device?: string; at?: (m: number) => string }): void {
  for (const s of input.submissions) {
    if (s.unit_id !== unitId) continue;
    const m = PERIODS.indexOf(s.period);
    if (!months.includes(m)) continue;
    if (filer.account) s.submitter_account = filer.account;
    if (filer.ip) s.submitter_ip = filer.ip;
    if (filer.device) s.submitter_device = filer.device;
    if (filer.at) s.submitted_at = filer.at(m);
  }
}

/** Adds a revision of a unit's month with revenue × factor at the given time. */
export function revise(input: DistrictInput, unitId: string, m: number, factor: number, at: string): void {
  const base = input.submissions.find((s) => s.unit_id === unitId && s.period === PERIODS[m] && s.revision === 0)!;
  input.submissions.push({ ...base, revision: 1, submitted_at: at, revenue: round1(base.revenue * factor) } as SubmissionRecord);
}

/** ISO time `hours` after 2024-mm-05 09:00 Beijing time, for month index m's filing. */
export function at(period: string, hours: number): string {
  const t = Date.parse(`${period}-05T09:00:00+08:00`) + hours * 3_600_000;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

export type { UnitRecord };
