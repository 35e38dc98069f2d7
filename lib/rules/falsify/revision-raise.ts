import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import type { DistrictData } from '../../engine/district-data';
import { MAD_SCALE } from '../../stats/robust';
import { medianInPlace } from './robust-series';

const Params = z.object({
  /** A revision raising revenue over the first filing by at least this (log, 0.08 ≈ 8%) counts as a raise. */
  minRaise: z.number().positive().default(0.08),
  /** Raised months (with a tax record) needed. */
  minMonths: z.number().int().min(1).default(2),
  /** Months of the unit's own baseline (not raised) with tax needed. */
  minBaseline: z.number().int().min(3).default(6),
  /** The revised figures must sit this far above the unit's usual ratio to tax, in units of its robust noise. */
  zMin: z.number().positive().default(3),
  sigmaFloor: z.number().positive().default(0.03),
  /** The first filings must sit within this many σ (or 0.05) of the usual ratio: they matched tax. */
  firstWithin: z.number().positive().default(2),
  /** Units of the same town raising the same months that make it a coordinated wave (INTERFERE.COORDINATED's case): low. */
  waveUnits: z.number().int().min(2).default(5),
  /** A raise of this size (log) scores fully. */
  fullShift: z.number().positive().default(0.3),
});

/** Per district: for each period, the towns' counts of units whose revision raised that month's revenue by minRaise. */
const waveCache = new WeakMap<DistrictData, Map<string, number>>();
function raisedByTownMonth(data: DistrictData, minRaise: number): Map<string, number> {
  let m = waveCache.get(data);
  if (m) return m;
  m = new Map();
  const { P } = data;
  for (let u = 0; u < data.units.length; u++) {
    const town = data.units[u]!.townCode;
    if (!town) continue;
    for (let t = 0; t < P; t++) {
      const r0 = data.firstRevenue[u * P + t]!;
      const r = data.revenue[u * P + t]!;
      if (r0 > 0 && r > 0 && Math.log(r / r0) >= minRaise) {
        const k = `${town}|${t}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
  }
  waveCache.set(data, m);
  return m;
}

/**
 * FALSIFY.INFLATE (through revisions) — first filings matched tax; later revisions raised
 * revenue for some months while tax for those months stayed where it was.
 */
export const revisionRaise = defineRule({
  id: 'falsify.revision-raise',
  version: 1,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '更正虚增：修订调高已报收入而税务不变', en: 'Revisions raise filed revenue while tax stays put' },
  description: {
    zh: '比较每月营业收入的首次报送值、最新修订值与税务申报销售额：首次报送与税务之比处于该单位平时水平（与税务相符），修订后调高至少8%并使比值明显高于平时（超过基期稳健噪声的3倍），才成立。修订改正首报错误使之与税务相符的情形不报；同一乡镇多家单位同期集中上调（协同干预）只列“低”，留给协同干预规则。',
    en: "Each month's revenue as first filed and as last revised is compared with tax-declared sales: the first filing sat at the unit's usual ratio to tax (it matched tax), and a revision raised it by at least 8% to a ratio clearly above the usual (over 3 times the baseline's robust noise). A revision that corrects a first filing towards tax is not reported; many units of one town raising the same months at once (coordinated interference) is only low here, left to the coordination rule.",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const base = new Float64Array(P);
    const work = new Float64Array(P);
    const d0 = new Float64Array(P);
    const d1 = new Float64Array(P);
    const raised = new Uint8Array(P);
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      let nRaised = 0;
      for (let t = 0; t < P; t++) {
        const r0 = data.firstRevenue[row + t]!;
        const r = data.revenue[row + t]!;
        raised[t] = r0 > 0 && r > 0 && Math.log(r / r0) >= params.minRaise ? 1 : 0;
        nRaised += raised[t]!;
      }
      if (nRaised < params.minMonths) continue;
      let nb = 0;
      let nr = 0;
      const months: number[] = [];
      for (let t = 0; t < P; t++) {
        const r = data.revenue[row + t]!;
        const x = data.taxSales[row + t]!;
        if (!(r > 0 && x > 0)) continue;
        if (!raised[t]) base[nb++] = Math.log(r / x);
      }
      if (nb < params.minBaseline) continue;
      const m0 = medianInPlace(base, nb);
      for (let i = 0; i < nb; i++) work[i] = Math.abs(base[i]! - m0);
      const sigma = Math.max(MAD_SCALE * medianInPlace(work, nb), params.sigmaFloor);
      for (let t = 0; t < P; t++) {
        if (!raised[t]) continue;
        const x = data.taxSales[row + t]!;
        if (!(x > 0)) continue;
        d0[nr] = Math.log(data.firstRevenue[row + t]! / x) - m0;
        d1[nr++] = Math.log(data.revenue[row + t]! / x) - m0;
        months.push(t);
      }
      if (nr < params.minMonths) continue;
      const first = medianInPlace(d0, nr);
      const last = medianInPlace(d1, nr);
      if (Math.abs(first) > Math.max(params.firstWithin * sigma, 0.05)) continue;
      if (last < params.minRaise || last / sigma < params.zMin) continue;
      const unit = units[u]!;
      // Each note in both languages: the Chinese summary is what a reviewer reads.
      const notes: string[] = [];
      const notesZh: string[] = [];
      const note = (zh: string, en: string) => {
        notes.push(en);
        notesZh.push(zh);
      };
      let cap = 1;
      const wave = raisedByTownMonth(data, params.minRaise);
      let maxWave = 0;
      for (const t of months) maxWave = Math.max(maxWave, (wave.get(`${unit.townCode}|${t}`) ?? 0) - 1);
      if (maxWave + 1 >= params.waveUnits) {
        cap = Math.min(cap, 0.45);
        note(`本镇另有${maxWave}家单位调高了相同月份：集中修订，见INTERFERE.COORDINATED`, `${maxWave} other units of the town raised the same months: a coordinated wave, see INTERFERE.COORDINATED`);
      }
      const score = Math.min(cap, 0.55 + 0.25 * clamp01(last / params.fullShift) + 0.1 * clamp01(nr / 6) + 0.1 * clamp01(last / sigma / (2 * params.zMin)));
      const from = data.periods[months[0]!]!;
      const to = data.periods[months[months.length - 1]!]!;
      const raise = pct(Math.exp(last - first) - 1);
      const usual = round(Math.exp(m0), 3);
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: from,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${from}至${to}有${nr}个月的营业收入经修订调高：首次报送与税务申报销售额之比为${round(Math.exp(m0 + first), 3)}（与该单位平时的${usual}相符），修订后为${round(Math.exp(m0 + last), 3)}，高出约${raise}，而税务未变${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `Revisions raised revenue in ${nr} months from ${from} to ${to}: as first filed it ran at ${round(Math.exp(m0 + first), 3)} of tax-declared sales (the unit's usual ${usual}), as revised at ${round(Math.exp(m0 + last), 3)}, about ${raise} higher, with tax unchanged${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          raised_months: months.map((t) => data.periods[t]!),
          baseline: { months: nb, ratio: round(Math.exp(m0), 4), sigma_log: round(sigma, 3) },
          first_filed_excess_log: round(first, 3),
          revised_excess_log: round(last, 3),
          z: round(last / sigma, 2),
          same_town_units_raising: maxWave,
          series: { periods: data.periods, reported: series(data.revenue), first_filed: series(data.firstRevenue), tax: series(data.taxSales) },
          notes,
        },
      });
    }
    return out;
  },
});
