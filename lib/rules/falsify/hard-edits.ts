import * as z from 'zod';
import { defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { medianInPlace } from './robust-series';

/** One broken edit of a unit-period. */
interface Broken {
  edit: 'main_revenue_above_revenue' | 'profit_above_revenue' | 'wages_without_employees' | 'implausible_wage_per_head' | 'gross_output_vs_revenue';
  score: number;
  zh: string;
  en: string;
  values: Record<string, number>;
}

/**
 * DATA.INVALID — logical hard edits on the latest revision of every report: figures that
 * contradict each other (main revenue or profit above total revenue, wages paid with nobody
 * employed) and figures outside a plausible band (average monthly wage per head, industrial
 * gross output against revenue). One finding per unit-period lists every broken edit.
 */
export const hardEdits = defineRule({
  id: 'falsify.hard-edits',
  version: 1,
  pattern: 'DATA.INVALID',
  title: { zh: '报表逻辑审核错误', en: 'Report breaks a hard edit' },
  description: {
    zh: '对每个单位每月最新一版报表做逻辑审核：主营业务收入或利润总额大于营业收入、从业人员为0却有应付职工薪酬属于自相矛盾（高）；人均月薪酬或工业总产值/营业收入超出合理区间为合理性错误，偏离越远越严重，且只在同时明显偏离该单位自身常态时列为“中”，以免把单位一贯的经营特点当作差错；连续多月（或一贯）出现的只在首月报告一次。允许舍入误差，主营收入等于营业收入不报。',
    en: "Logical edits on the latest revision of each monthly report: main revenue or profit above total revenue and wages with zero employees are contradictions (high); average monthly wage per head and industrial gross output / revenue outside a plausible band are plausibility errors, graded by how far they fall outside, and medium only when they also depart from the unit's own usual level, so that a unit's consistent business profile is not taken for an error; a break repeated over consecutive months (or persistent) is reported once, at its first month. Rounding is tolerated; main revenue equal to revenue is fine.",
  },
  scope: 'record',
  reads: ['submissions', 'units'],
  params: z.object({
    /** Absolute tolerance (thousand yuan) for "A above B" contradictions: rounding. */
    absTolerance: z.number().min(0).default(1),
    /** Relative tolerance for "A above B" contradictions. */
    relTolerance: z.number().min(0).default(0.005),
    /** Excess (relative) below which a contradiction is only medium: a near-tie may be a rounding or basis slip. */
    minorExcess: z.number().min(0).default(0.02),
    /** Plausible average monthly wage per employee, thousand yuan: [min, max]. */
    wageBand: z.tuple([z.number().positive(), z.number().positive()]).default([1, 30]),
    /** Plausible gross output / revenue for industry units: [min, max]. */
    outputBand: z.tuple([z.number().positive(), z.number().positive()]).default([0.5, 2]),
    /** Outside the band by this factor (or more) is far: high. */
    farFactor: z.number().min(1).default(2),
    /** Outside the band by less than this factor is borderline: low. */
    borderlineFactor: z.number().min(1).default(1.25),
    /** A plausibility break counts (medium) only if it also departs this factor from the unit's own median. */
    ownDeparture: z.number().min(1).default(1.5),
  }),
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const buf = new Float64Array(P);
    const [wMin, wMax] = params.wageBand;
    const [oMin, oMax] = params.outputBand;
    const tol = (base: number) => Math.max(params.absTolerance, params.relTolerance * Math.abs(base));
    const outside = (x: number, lo: number, hi: number) => (x > hi ? x / hi : x < lo ? lo / x : 1);
    /**
     * Score of a plausibility break: far and unusual for the unit → high; clear and unusual →
     * medium; borderline → low. A break that is the unit's usual level (its median is outside
     * the band too: a unit-of-measure slip or an odd business) is reported once, at its first
     * month, as medium when far (0 = skip later months). A break repeated in consecutive months
     * is one run (a level change, e.g. revenue cut while output was not), reported at its first
     * month.
     */
    const persistent = new Set<string>();
    const lastBreak = new Map<string, number>();
    const plausibility = (edit: string, t: number, factor: number, own: number, x: number) => {
      const previous = lastBreak.get(edit);
      lastBreak.set(edit, t);
      if (previous === t - 1) return 0;
      const departs = !Number.isFinite(own) || outside(x / own, 1, 1) >= params.ownDeparture;
      if (departs) return factor >= params.farFactor ? 0.85 : factor >= params.borderlineFactor ? 0.6 : 0.35;
      if (persistent.has(edit)) return 0;
      persistent.add(edit);
      return factor >= params.farFactor ? 0.6 : 0.3;
    };
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      persistent.clear();
      lastBreak.clear();
      // The unit's own usual wage per head and output ratio (medians, robust to one bad month).
      let nw = 0;
      for (let t = 0; t < P; t++) {
        const w = data.wages[row + t]!;
        const e = data.employees[row + t]!;
        if (w > 0 && e > 0) buf[nw++] = w / e;
      }
      const ownWage = nw >= 3 ? medianInPlace(buf, nw) : Number.NaN;
      let no = 0;
      const industry = units[u]!.category === 'industry';
      if (industry) {
        for (let t = 0; t < P; t++) {
          const g = data.grossOutput[row + t]!;
          const r = data.revenue[row + t]!;
          if (g > 0 && r > 0) buf[no++] = g / r;
        }
      }
      const ownOutput = no >= 3 ? medianInPlace(buf, no) : Number.NaN;
      for (let t = 0; t < P; t++) {
        const c = row + t;
        if (data.latestSubmission[c]! < 0) continue;
        const rev = data.revenue[c]!;
        const main = data.mainRevenue[c]!;
        const profit = data.profit[c]!;
        const emp = data.employees[c]!;
        const wages = data.wages[c]!;
        const go = data.grossOutput[c]!;
        // Most reports break nothing: the list is made only for those that do.
        let broken: Broken[] | null = null;
        if (main > rev + tol(rev)) {
          broken = [];
          const excess = rev > 0 ? main / rev - 1 : Infinity;
          broken.push({
            edit: 'main_revenue_above_revenue',
            score: excess >= params.minorExcess ? 0.95 : 0.6,
            zh: `主营业务收入${round(main, 1)}千元大于营业收入${round(rev, 1)}千元`,
            en: `main revenue ${round(main, 1)} exceeds revenue ${round(rev, 1)}`,
            values: { main_revenue: main, revenue: rev },
          });
        }
        if (profit > 0 && profit > rev + tol(rev)) {
          broken ??= [];
          const excess = rev > 0 ? profit / rev - 1 : Infinity;
          broken.push({
            edit: 'profit_above_revenue',
            score: excess >= params.minorExcess ? 0.9 : 0.6,
            zh: `利润总额${round(profit, 1)}千元大于营业收入${round(rev, 1)}千元`,
            en: `profit ${round(profit, 1)} exceeds revenue ${round(rev, 1)}`,
            values: { profit, revenue: rev },
          });
        }
        if (emp === 0 && wages > params.absTolerance) {
          broken ??= [];
          broken.push({
            edit: 'wages_without_employees',
            score: 0.9,
            zh: `从业人员为0但应付职工薪酬${round(wages, 1)}千元`,
            en: `wages of ${round(wages, 1)} with zero employees`,
            values: { wages, employees: emp },
          });
        }
        if (emp > 0 && wages > 0) {
          const wpe = wages / emp;
          const f = outside(wpe, wMin, wMax);
          const score = f > 1 ? plausibility('wage', t, f, ownWage, wpe) : 0;
          if (score > 0) {
            broken ??= [];
            broken.push({
              edit: 'implausible_wage_per_head',
              score,
              zh: `人均月薪酬${round(wpe, 1)}千元，超出合理区间${wMin}–${wMax}千元`,
              en: `average monthly wage ${round(wpe, 1)} thousand yuan per head, outside ${wMin}–${wMax}`,
              values: { wages, employees: emp, wage_per_head: round(wpe, 2), unit_usual_wage_per_head: round(ownWage, 2), band_min: wMin, band_max: wMax },
            });
          }
        }
        if (industry && go > 0 && rev > 0) {
          const r = go / rev;
          const f = outside(r, oMin, oMax);
          const score = f > 1 ? plausibility('output', t, f, ownOutput, r) : 0;
          if (score > 0) {
            broken ??= [];
            broken.push({
              edit: 'gross_output_vs_revenue',
              score,
              zh: `工业总产值${round(go, 1)}千元为营业收入的${round(r, 2)}倍，超出合理区间${oMin}–${oMax}`,
              en: `gross output ${round(go, 1)} is ${round(r, 2)}× revenue, outside ${oMin}–${oMax}`,
              values: { gross_output: go, revenue: rev, ratio: round(r, 3), unit_usual_ratio: round(ownOutput, 3), band_min: oMin, band_max: oMax },
            });
          }
        }
        if (!broken) continue;
        broken.sort((a, b) => b.score - a.score);
        const score = broken[0]!.score;
        const sub = data.submissions[data.latestSubmission[c]!]!;
        const period = data.periods[t]!;
        out.push({
          subject: { kind: 'unit', id: units[u]!.id },
          unit_ids: [units[u]!.id],
          period,
          score,
          severity: severityOf(score),
          summary_zh: `${period}报表：${broken.map((b) => b.zh).join('；')}`,
          summary_en: `${period} report: ${broken.map((b) => b.en).join('; ')}`,
          evidence: {
            revision: sub.revision,
            submitted_at: sub.submitted_at,
            submitter_account: sub.submitter_account,
            broken: broken.map((b) => ({ edit: b.edit, score: b.score, ...b.values })),
            tolerance: { absolute: params.absTolerance, relative: params.relTolerance },
          },
        });
      }
    }
    return out;
  },
});
