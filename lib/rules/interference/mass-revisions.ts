import * as z from 'zod';
import { defineRule, pct, round, type RuleFinding } from '../../engine/rule';
import { calibrate } from '../../engine/severity';
import { log10PoissonTail } from '../../stats/tails';

interface Revision {
  u: number;
  t: number;
  ms: number;
  change: number;
  /** True when the revised figure is closer to the unit's usual revenue/tax relation than the first one. */
  taxBacked: boolean | null;
}

/**
 * Many units of one town revising their reports upward within a day or two: counted against
 * the district's own rate of upward revisions (Poisson), sized by the median revision, and
 * set against tax: a revision that brings revenue back in line with tax-declared sales is a
 * correction, one that lifts it away from tax is not.
 */
export const massRevisions = defineRule({
  id: 'interfere.mass-revisions',
  version: 2,
  pattern: 'INTERFERE.COORDINATED',
  title: { zh: '乡镇/园区集中上调修改数据', en: 'Mass upward revisions across a town or park' },
  description: {
    zh: '以全区上调修改的平均频率为基准（泊松分布），检验某乡镇在一两天内上调修改的单位数是否远超偶然；同时看修改幅度中位数，并与税务申报对照——修改后更接近税务的是正常更正，偏离税务的才是统一“做数”。零星小幅更正不报。',
    en: "Against the district's own rate of upward revisions (Poisson), tests whether the units of one town revising upward within a day or two far exceed chance; also weighs the median revision and checks it against tax: revisions that bring revenue closer to tax-declared sales are corrections, those that move it away are coordinated lifting. Scattered small corrections stay silent.",
  },
  scope: 'town',
  reads: ['submissions', 'tax', 'units'],
  params: z.object({
    /** Window in which a town's revisions count as one wave ("within a day or two"). */
    windowHours: z.number().default(48),
    /** A revision counts as upward from this relative change (smaller is a rounding fix). */
    minUp: z.number().default(0.02),
    /** Distinct units a wave needs. */
    minUnits: z.number().int().default(5),
    /** Median upward revision of a wave (smaller waves are tidy-ups, not lifting). */
    minMedianUp: z.number().default(0.03),
    /** Poisson screen per wave. Revisions are overdispersed (review weeks, a bureau's data check
     *  make several units of a town correct together), so the plain Poisson tail overstates
     *  surprise; a wave must pass this stricter screen before calibrate() grades it. */
    maxLog10P: z.number().default(-6),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const cells = new Set<number>();
    for (const s of data.submissions) {
      if (!(s.revision > 0)) continue;
      const u = data.unitIndex.get(s.unit_id);
      const t = data.periodIndex.get(s.period);
      if (u !== undefined && t !== undefined) cells.add(u * P + t);
    }
    const byTown = new Map<string, Revision[]>();
    let upTotal = 0;
    let minMs = Infinity;
    let maxMs = -Infinity;
    const gapBuf = new Float64Array(P);
    for (const cell of cells) {
      const k = data.latestSubmission[cell]!;
      const first = data.firstRevenue[cell]!;
      const last = data.revenue[cell]!;
      if (k < 0 || !(first > 0) || !(last >= 0)) continue;
      const u = Math.floor(cell / P);
      const t = cell - u * P;
      const ms = Date.parse(data.submissions[k]!.submitted_at);
      if (!Number.isFinite(ms)) continue;
      minMs = Math.min(minMs, ms);
      maxMs = Math.max(maxMs, ms);
      const change = last / first - 1;
      if (change < p.minUp) continue;
      upTotal++;
      let taxBacked: boolean | null = null;
      const tax = data.taxSales[cell]!;
      if (tax > 0) {
        let n = 0;
        for (let j = 0; j < P; j++) {
          const r = data.revenue[u * P + j]!;
          const x = data.taxSales[u * P + j]!;
          if (j !== t && r > 0 && x > 0) gapBuf[n++] = Math.log(r / x);
        }
        if (n >= 3) {
          const usual = gapBuf.subarray(0, n).sort()[n >> 1]!;
          taxBacked = Math.abs(Math.log(last / tax) - usual) < Math.abs(Math.log(first / tax) - usual) - 0.01;
        }
      }
      const town = units[u]!.townCode;
      let list = byTown.get(town);
      if (!list) byTown.set(town, (list = []));
      list.push({ u, t, ms, change, taxBacked });
    }
    if (!upTotal) return [];
    const townSize = new Map<string, number>();
    let active = 0;
    for (const x of units)
      if (x.known) {
        townSize.set(x.townCode, (townSize.get(x.townCode) ?? 0) + 1);
        active++;
      }
    // Span of the revision record: at least the months covered, so a single burst is not its own baseline.
    const spanHours = Math.max((maxMs - minMs) / 3.6e6, P * 30 * 24);
    const ratePerUnitHour = upTotal / (Math.max(1, active) * spanHours);
    const out: RuleFinding[] = [];
    for (const [town, list] of byTown) {
      list.sort((a, b) => a.ms - b.ms);
      let remaining = list;
      // Every window the scan may start at is a look at the town.
      const looks = list.length;
      while (remaining.length >= p.minUnits) {
        // The first window with the most distinct units, its units counted as it slides.
        const inWindow = new Map<number, number>();
        let bestUnits = 0;
        let bestFrom = 0;
        let bestTo = 0;
        for (let i = 0, j = 0; i < remaining.length; i++) {
          const ui = remaining[i]!.u;
          inWindow.set(ui, (inWindow.get(ui) ?? 0) + 1);
          while (remaining[i]!.ms - remaining[j]!.ms > p.windowHours * 3.6e6) {
            const uj = remaining[j]!.u;
            const c = inWindow.get(uj)! - 1;
            if (c) inWindow.set(uj, c);
            else inWindow.delete(uj);
            j++;
          }
          if (inWindow.size > bestUnits) {
            bestUnits = inWindow.size;
            bestFrom = j;
            bestTo = i + 1;
          }
        }
        const best = remaining.slice(bestFrom, bestTo);
        const unitSet = new Set(best.map((r) => r.u));
        if (unitSet.size < p.minUnits) break;
        remaining = remaining.filter((r) => !best.includes(r));
        const n = townSize.get(town) ?? unitSet.size;
        const lambda = ratePerUnitHour * n * p.windowHours;
        const lp = log10PoissonTail(lambda, unitSet.size);
        const changes = best.map((r) => r.change).sort((a, b) => a - b);
        const med = changes[changes.length >> 1]!;
        if (lp > p.maxLog10P || med < p.minMedianUp) continue;
        const judged = best.filter((r) => r.taxBacked !== null);
        const backed = judged.filter((r) => r.taxBacked).length;
        const taxBacked = judged.length > 0 && backed >= 0.5 * judged.length;
        const cal = calibrate({
          statistic: 'distinct units of the town revising revenue upward within the window (Poisson)',
          value: unitSet.size,
          null: "the district's rate of upward revisions per unit-hour, over the town's units and the window",
          log10P: lp,
          looks,
          ...(taxBacked ? { cap: { severity: 'low' as const, reason_en: 'the revised figures are closer to tax-declared sales: a correction', reason_zh: '修改后与税务申报更一致，属更正' } } : {}),
        });
        const periodCount = new Map<number, number>();
        for (const r of best) periodCount.set(r.t, (periodCount.get(r.t) ?? 0) + 1);
        const t = [...periodCount].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
        const hours = (best[best.length - 1]!.ms - best[0]!.ms) / 3.6e6;
        const name = units[best[0]!.u]!.townName ?? town;
        out.push({
          subject: { kind: 'town', id: town },
          unit_ids: [...unitSet].map((u) => units[u]!.id),
          period: data.periods[t]!,
          score: cal.score,
          severity: cal.severity,
          summary_zh: `${name}有${unitSet.size}家单位在${hours.toFixed(0)}小时内上调修改了${data.periods[t]}等月份的营业收入，幅度中位数${pct(med, 1)}（按全区修改频率预计${lambda.toPrecision(2)}家）${taxBacked ? '，但修改后与税务申报更一致，可能是正常更正' : '，税务申报不支持'}。`,
          summary_en: `${unitSet.size} units of ${town} revised revenue upward within ${hours.toFixed(0)} hours (mainly ${data.periods[t]}), median +${pct(med, 1)}, where the district rate predicts ${lambda.toPrecision(2)}${taxBacked ? '; the revised figures are closer to tax, so this may be a genuine correction' : '; tax-declared sales do not support them'}.`,
          evidence: {
            town,
            units: unitSet.size,
            town_units: n,
            window: { from: new Date(best[0]!.ms).toISOString(), to: new Date(best[best.length - 1]!.ms).toISOString(), hours: round(hours, 1), limit_hours: p.windowHours },
            median_change: round(med, 4),
            revisions: best.map((r) => ({
              unit_id: units[r.u]!.id,
              period: data.periods[r.t],
              change: round(r.change, 4),
              first: data.firstRevenue[r.u * P + r.t],
              revised: data.revenue[r.u * P + r.t],
              tax_sales: Number.isNaN(data.taxSales[r.u * P + r.t]!) ? null : data.taxSales[r.u * P + r.t],
              closer_to_tax: r.taxBacked,
            })),
            district_upward_revisions: upTotal,
            expected_in_window: round(lambda, 4),
            log10_poisson_p: round(lp, 1),
            tax_backed: { judged: judged.length, backed },
            calibration: cal.calibration,
          },
        });
      }
    }
    return out;
  },
});
