import type { ProjectRecord } from '../../contract/schemas';
import type { DistrictData } from '../../engine/district-data';

/** A project's monthly completed investment as the rules read it. */
export interface ProgressView {
  project: ProjectRecord;
  /** Completed investment per period of `data.periods`, NaN where nothing was reported. */
  series: Float64Array;
  /** Months with a report (zero included). */
  months: number;
  /** Sum of the reported months: a lower bound of the completed investment since the start. */
  total: number;
  /** Index of the first and last month with positive completed investment, −1 when none. */
  firstPositive: number;
  lastPositive: number;
  /** Index of the first month with any report (zero included). */
  firstReported: number;
  /** True when the whole life of the project lies inside the reported periods (start not before the first period). */
  seenFromStart: boolean;
}

/** Projects with their progress series; projects without any report are skipped. */
export function progressViews(data: DistrictData): ProgressView[] {
  const out: ProgressView[] = [];
  const first = data.periods[0];
  for (const project of data.projects) {
    const series = data.progress.get(project.project_id);
    if (!series) continue;
    let months = 0;
    let total = 0;
    let firstPositive = -1;
    let lastPositive = -1;
    let firstReported = -1;
    for (let t = 0; t < series.length; t++) {
      const v = series[t]!;
      if (Number.isNaN(v)) continue;
      if (firstReported < 0) firstReported = t;
      months++;
      total += v;
      if (v > 0) {
        if (firstPositive < 0) firstPositive = t;
        lastPositive = t;
      }
    }
    if (!months) continue;
    out.push({ project, series, months, total, firstPositive, lastPositive, firstReported, seenFromStart: first !== undefined && project.start_period >= first });
  }
  return out;
}

/** Calendar month (1–12) of a period `YYYY-MM`. */
export function calendarMonth(period: string): number {
  return Number(period.slice(5, 7));
}

/** Amounts in thousand yuan, one decimal at most. */
export function kiloYuan(x: number): string {
  return String(Math.round(x * 10) / 10);
}
