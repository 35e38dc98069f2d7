import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import type { DistrictData } from '../../engine/district-data';
import { medianInPlace } from './robust-series';
import { segmentShift, type SourceShift } from './shift-search';
import { copiedFrom } from './copy-check';

const Params = z.object({
  /** Months of the unit's own baseline (outside the episode) needed. */
  minBaseline: z.number().int().min(2).default(5),
  /** Months of baseline needed on each side of an episode that ends before the latest period. */
  minSide: z.number().int().min(1).default(3),
  /** Consecutive months the lower headcount must last (an insurance record catching up on a layoff takes a month or two). */
  minRun: z.number().int().min(1).default(4),
  /** Smallest drop of ln(reported employees / insured headcount) that counts (0.25 ≈ 22% fewer). */
  minShift: z.number().positive().default(0.25),
  /** Drop over the unit's own robust noise of one month needed. */
  zMin: z.number().positive().default(3),
  /** Drop over its standard error needed. */
  tMin: z.number().positive().default(6),
  /** Floor of the noise of ln(employees / insured) (headcounts are small integers). */
  sigmaFloor: z.number().positive().default(0.04),
  /** Share of episode months beyond half the drop. */
  consistency: z.number().min(0).max(1).default(0.8),
  /** Months compared at the episode's edge. */
  edgeMonths: z.number().int().min(1).default(4),
  /** Insured headcount falling by more than this share of the drop (log) means people really left: silent. */
  insuredShare: z.number().min(0).max(1).default(0.4),
  /**
   * Reported employees per insured person during the episode at most this: fewer people reported
   * than the unit pays social insurance for. A unit that reports more staff than it insures
   * (uninsured casual or part-time staff) and then fewer has lost uninsured staff, not hidden any.
   */
  maxEpisodeRatio: z.number().positive().default(0.9),
  /** Fewest persons the reported headcount must fall by (small units move by one or two people). */
  minPersons: z.number().min(0).default(3),
  /** Persons enough when the lower headcount lasts at least `longRun` months and the report sits at most earlyMaxRatio of insured (a persistent gap of two people out of six is no turnover). */
  minPersonsLong: z.number().min(0).default(2),
  longRun: z.number().int().min(1).default(9),
  /**
   * Baseline months enough when the drop comes right after the first months on file, if it is at
   * least `earlyFactor` times minShift and leaves the report below `earlyMaxRatio` of insured.
   */
  earlyBaseline: z.number().int().min(1).default(2),
  earlyFactor: z.number().min(1).default(2),
  earlyMaxRatio: z.number().positive().default(0.7),
  /** Categories whose metered electricity follows output: elsewhere, with tax on file, kWh alone does not show the business shrinking. */
  kwhTracksOutput: z.array(z.string()).default(['industry']),
  /** An episode that ends before the unit's last report must last this long (a furlough of a few months that recovers is not concealment). */
  minInteriorRun: z.number().int().min(1).default(6),
  /** Tax or metered electricity falling by this much (log) over the same months: the business shrank (staff really left; insurance follows later). */
  businessDrop: z.number().positive().default(0.2),
  /** A drop of this size (log) scores fully. */
  fullShift: z.number().positive().default(0.6),
  /** Peers (same category and division, or same town) needed for the peer comparison. */
  minPeers: z.number().int().min(2).default(5),
  /** Peers used at most. */
  maxPeers: z.number().int().min(2).default(400),
  /** Peers' median shift over the same months at or beyond this share of the unit's: a common cause (low). */
  peerShare: z.number().min(0).max(1).default(0.5),
});

/** Median shift of ln(employees / insured) among `members` over the episode months against the rest. */
function peerMedianShift(data: DistrictData, u: number, inEp: Uint8Array, members: readonly number[], maxPeers: number, buf: Float64Array, buf2: Float64Array): { n: number; median: number } {
  const { P } = data;
  const shifts: number[] = [];
  for (const p of members) {
    if (p === u) continue;
    if (shifts.length >= maxPeers) break;
    let ni = 0;
    let no = 0;
    for (let t = 0; t < P; t++) {
      const e = data.employees[p * P + t]!;
      const s = data.insured[p * P + t]!;
      if (!(e > 0 && s > 0)) continue;
      if (inEp[t]) buf[ni++] = Math.log(e / s);
      else buf2[no++] = Math.log(e / s);
    }
    if (ni < 2 || no < 3) continue;
    shifts.push(medianInPlace(buf, ni) - medianInPlace(buf2, no));
  }
  const arr = Float64Array.from(shifts);
  return { n: arr.length, median: arr.length ? medianInPlace(arr, arr.length) : Number.NaN };
}

const townCache = new WeakMap<DistrictData, Map<string, number[]>>();
function townMembers(data: DistrictData, town: string): number[] {
  let m = townCache.get(data);
  if (!m) {
    m = new Map();
    data.units.forEach((x, i) => {
      if (!x.known || !x.townCode) return;
      const l = m!.get(x.townCode);
      if (l) l.push(i);
      else m!.set(x.townCode, [i]);
    });
    townCache.set(data, m);
  }
  return m.get(town) ?? [];
}

/**
 * FALSIFY.CONCEAL (headcount) — reported employees and wages fall to a new, lower level while the
 * social-insurance headcount of the same unit stays where it was.
 */
export const headcountShift = defineRule({
  id: 'falsify.headcount-shift',
  version: 2,
  pattern: 'FALSIFY.CONCEAL',
  title: { zh: '瞒报从业人员：报表人数、工资低于参保人数', en: 'Reported headcount and wages fall below the insured headcount' },
  description: {
    zh: '把每月报表从业人员数、应付工资与社保参保人数之比取对数（真实增减员时参保人数同步变化，比值不变），在单位自身序列中搜索连续数月的向下水平移位，用基期中位数和MAD稳健检验（移位幅度、移位/标准误、多数月份一致）。报表人数和工资同时下降、参保人数不变才成立；参保人数同期也明显下降（真实裁员）则不报。同一季节月份往年也同样偏低（季节性用工）、同行或同镇单位同期比值同样下降（共同原因）时只列“低”。紧接最初两三个月之后的下降基期较短，须降幅加倍且报表人数不超过参保人数的70%；少于3人的差距须持续9个月以上且报表人数不超过参保人数的70%。税务申报未下降时，只有用电跟随产出的行业（工业）用电下降才视为经营萎缩。',
    en: "Log ratios of reported employees and of reported wages to the social-insurance headcount (a real layoff or hiring moves insurance too, so the ratios stay put) are searched for the most significant block of consecutive months at a lower level, tested robustly against the unit's own baseline (median and MAD: size, size over its standard error, most months beyond half the drop). Reported headcount and wages must both fall while insured headcount holds; if insurance falls as well (a real layoff) nothing is said. If the same calendar months were as low a year apart (seasonal staff) or the unit's peers or town moved alike over the same months (a common cause), the finding is only low. A drop right after the first two or three months on file (a short baseline) must be twice as large and leave the report at most 70% of insured; a gap of fewer than three people must last nine months or more and leave the report at most 70% of insured. With tax on file and holding, falling electricity means a shrinking business only where power follows output (industry).",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'social_insurance'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const a = new Float64Array(P);
    const b = new Float64Array(P);
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    const inEp = new Uint8Array(P);
    const earlyParams = { ...params, minBaseline: params.earlyBaseline };
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      let n = 0;
      for (let t = 0; t < P; t++) {
        const e = data.employees[row + t]!;
        const s = data.insured[row + t]!;
        const w = data.wages[row + t]!;
        a[t] = e > 0 && s > 0 ? Math.log(e / s) : Number.NaN;
        b[t] = w > 0 && s > 0 && e > 0 ? Math.log(w / s) : Number.NaN;
        if (!Number.isNaN(a[t]!)) n++;
      }
      if (n < params.minBaseline + params.minRun) continue;
      const ok = (sg: ReturnType<typeof segmentShift>, factor: number, maxRatio: number) => {
        if (!sg || sg.direction > 0 || !sg.tax || !sg.tax.available) return false;
        const h = sg.tax;
        return h.shift <= -factor * params.minShift && h.z <= -params.zMin && h.t <= -params.tMin && h.consistency >= params.consistency && Math.exp(h.episode) <= maxRatio;
      };
      let seg = segmentShift(a, b, params, buf, buf2);
      let early = false;
      if (!ok(seg, 1, params.maxEpisodeRatio)) {
        // The drop right after the first months on file: few baseline months, so a larger drop is asked
        // for. Such an episode runs to the latest month: searched only when the first two months on
        // file sit well above the latest one (most units are spared the second search).
        let f0 = -1;
        let f1 = -1;
        let fl = -1;
        for (let t = 0; t < P; t++) {
          if (Number.isNaN(a[t]!)) continue;
          if (f0 < 0) f0 = t;
          else if (f1 < 0) f1 = t;
          fl = t;
        }
        if (f1 < 0 || (a[f0]! + a[f1]!) / 2 - a[fl]! < (params.earlyFactor * params.minShift) / 2) continue;
        seg = segmentShift(a, b, earlyParams, buf, buf2);
        if (!ok(seg, params.earlyFactor, params.earlyMaxRatio)) continue;
        early = true;
      }
      const { start, end, tax: head, kwh: wage } = seg!;
      if (!head) continue;
      let lastReport = -1;
      for (let t = P - 1; t >= 0 && lastReport < 0; t--) if (!Number.isNaN(a[t]!)) lastReport = t;
      if (end < lastReport && end - start + 1 < params.minInteriorRun) continue;
      // Wages follow the headcount (a real cut of staff or pay would show in insurance too).
      // Without wages on file the headcount alone speaks (at most medium).
      const wageOnFile = !!wage && wage.available;
      const wageAgrees = wageOnFile && wage.shift <= -(2 / 3) * params.minShift && wage.consistency >= 0.6;
      if (wageOnFile && !wageAgrees) continue;
      inEp.fill(0);
      for (let t = start; t <= end; t++) inEp[t] = 1;
      // Insured headcount itself over the same months: a real layoff lowers it.
      let ni = 0;
      let no = 0;
      for (let t = 0; t < P; t++) {
        const s = data.insured[row + t]!;
        if (!(s > 0) || Number.isNaN(a[t]!)) continue;
        if (inEp[t]) buf[ni++] = Math.log(s);
        else buf2[no++] = Math.log(s);
      }
      const insuredShift = medianInPlace(buf, ni) - medianInPlace(buf2, no);
      if (insuredShift <= params.insuredShare * head.shift) continue;
      ni = 0;
      no = 0;
      for (let t = 0; t < P; t++) {
        const e = data.employees[row + t]!;
        if (!(e > 0) || Number.isNaN(a[t]!)) continue;
        if (inEp[t]) buf[ni++] = Math.log(e);
        else buf2[no++] = Math.log(e);
      }
      const empEp = medianInPlace(buf, ni);
      const empBase = medianInPlace(buf2, no);
      const employeeShift = empEp - empBase;
      if (employeeShift > -params.minShift * (1 - params.insuredShare)) continue;
      // A gap of fewer than minPersons people counts only when it lasts and leaves the report well
      // below the insured headcount (at most earlyMaxRatio of it).
      const fewer = Math.exp(empBase) - Math.exp(empEp);
      if (fewer < params.minPersons - 1e-6) {
        const lasting = end - start + 1 >= params.longRun && Math.exp(head.episode) <= params.earlyMaxRatio;
        if (!lasting || fewer < params.minPersonsLong - 1e-6) continue;
      }
      // Insured headcount after the episode: falling to the reported level later is a layoff the insurance record caught up with.
      ni = 0;
      no = 0;
      for (let t = 0; t < P; t++) {
        const s = data.insured[row + t]!;
        if (!(s > 0)) continue;
        if (t > end) buf[ni++] = Math.log(s);
        else if (t < start) buf2[no++] = Math.log(s);
      }
      if (ni >= 1 && no >= 1 && medianInPlace(buf, ni) - medianInPlace(buf2, no) <= head.shift / 2) continue;
      // The business itself over the same months (tax, metered electricity): a real contraction.
      const level = (m: Float64Array) => {
        let i = 0;
        let o = 0;
        for (let t = 0; t < P; t++) {
          const v = m[row + t]!;
          if (!(v > 0)) continue;
          if (inEp[t]) buf[i++] = Math.log(v);
          else buf2[o++] = Math.log(v);
        }
        return i >= 2 && o >= 3 ? medianInPlace(buf, i) - medianInPlace(buf2, o) : Number.NaN;
      };
      const taxShift = level(data.taxSales);
      const kwhShift = level(data.gridKwh);
      const unit = units[u]!;
      // Tax is the sales record; the meter speaks for the business where power follows output, or where no tax is on file.
      const kwhSpeaks = params.kwhTracksOutput.includes(unit.category) || Number.isNaN(taxShift);
      if (taxShift <= -params.businessDrop || (kwhSpeaks && kwhShift <= -params.businessDrop)) continue;
      // Each note in both languages: the Chinese summary is what a reviewer reads.
      const notes: string[] = [];
      const notesZh: string[] = [];
      const note = (zh: string, en: string) => {
        notes.push(en);
        notesZh.push(zh);
      };
      let cap = 1;
      if (early)
        note(
          `下降前只有${head.nBase}个月的记录，因此降幅须至少${pct(1 - Math.exp(-params.earlyFactor * params.minShift))}`,
          `the drop follows only ${head.nBase} months on file, so it had to be at least ${pct(1 - Math.exp(-params.earlyFactor * params.minShift))}`,
        );
      // Seasonal staff: the same calendar months a year apart (outside the episode) were as low.
      let ns = 0;
      for (let t = start; t <= end; t++) {
        if (Number.isNaN(a[t]!)) continue;
        for (const o of [t - 12, t + 12]) {
          if (o < 0 || o >= P || inEp[o] || Number.isNaN(a[o]!)) continue;
          buf[ns++] = a[t]! - a[o]!;
        }
      }
      const seasonal = ns >= 3 ? medianInPlace(buf, ns) : Number.NaN;
      if (ns >= 3 && seasonal > head.shift / 2) {
        cap = Math.min(cap, 0.45);
        note(`上年同月同样偏低（相差${pct(Math.exp(seasonal) - 1)}）：季节性用工`, `the same months a year apart were as low (${pct(Math.exp(seasonal) - 1)} against them): seasonal staffing`);
      }
      const groupKey = `${unit.category}|${unit.industryCode.slice(0, 2)}`;
      const group = peerMedianShift(data, u, inEp, data.peerGroups.get(groupKey) ?? [], params.maxPeers, buf, buf2);
      const town = unit.townCode ? peerMedianShift(data, u, inEp, townMembers(data, unit.townCode), params.maxPeers, buf, buf2) : { n: 0, median: Number.NaN };
      for (const [label, pm] of [
        ['peers', group],
        ['town', town],
      ] as const) {
        if (pm.n >= params.minPeers && pm.median <= params.peerShare * head.shift) {
          cap = Math.min(cap, 0.45);
          note(
            `${label === 'peers' ? '同行' : '本镇单位'}同期同样变化（中位数${round(pm.median, 3)}）`,
            `${label === 'peers' ? 'peers' : "the town's units"} moved alike (median ${round(pm.median, 3)})`,
          );
        }
      }
      // Figures copied from another unit over these months carry that unit's headcount: FALSIFY.COPY's case.
      const copied = copiedFrom(data, u, start, end);
      if (copied >= 0) {
        cap = Math.min(cap, 0.45);
        note(`这些月份的报表与${units[copied]!.id}的变动完全一致：见FALSIFY.COPY`, `reports over these months move exactly like those of ${units[copied]!.id}: see FALSIFY.COPY`);
      }
      const sShift = clamp01(-head.shift / params.fullShift);
      const sT = clamp01(-head.t / (2 * params.tMin));
      if (!wageOnFile) {
        cap = Math.min(cap, 0.79);
        note('无应付工资记录', 'no wages on file');
      }
      const sWage = wageOnFile ? clamp01(-wage!.shift / params.fullShift) : 0;
      const score = Math.min(cap, 0.5 + 0.2 * sShift + 0.15 * sT + 0.15 * sWage);
      const from = data.periods[start]!;
      const to = data.periods[end]!;
      const ratio = (s: SourceShift) => [round(Math.exp(s.baseline), 3), round(Math.exp(s.episode), 3)] as const;
      const [h0, h1] = ratio(head);
      const [w0, w1] = wageOnFile ? ratio(wage!) : [Number.NaN, Number.NaN];
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
      const fmt = (s: SourceShift) => ({
        baseline_months: s.nBase,
        episode_months: s.nEp,
        baseline_ratio: round(Math.exp(s.baseline), 4),
        episode_ratio: round(Math.exp(s.episode), 4),
        shift_log: round(s.shift, 3),
        baseline_sigma_log: round(s.sigma, 3),
        z: round(s.z, 2),
        t: round(s.t, 2),
        consistency: round(s.consistency, 2),
      });
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: from,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${from}至${to}共${end - start + 1}个月，报表从业人员与参保人数之比由该单位平时的${h0}降为${h1}（低${pct(1 - Math.exp(head.shift))}）${wageOnFile ? `，应付工资与参保人数之比由${w0}降为${w1}` : ''}；同期参保人数变化${pct(Math.exp(insuredShift) - 1)}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `From ${from} to ${to} (${end - start + 1} months) reported employees per insured person fell from the unit's usual ${h0} to ${h1} (${pct(1 - Math.exp(head.shift))} lower)${wageOnFile ? ` and wages per insured person from ${w0} to ${w1}` : ''}, while insured headcount changed ${pct(Math.exp(insuredShift) - 1)}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          months: { from, to, count: end - start + 1 },
          employees_vs_insured: fmt(head),
          wages_vs_insured: wageOnFile ? fmt(wage!) : null,
          copied_from: copied >= 0 ? units[copied]!.id : null,
          employees_shift_log: round(employeeShift, 3),
          employees_median: { baseline: round(Math.exp(empBase), 1), episode: round(Math.exp(empEp), 1) },
          tax_shift_log: round(taxShift, 3),
          kwh_shift_log: round(kwhShift, 3),
          insured_shift_log: round(insuredShift, 3),
          same_months_year_apart_log: round(seasonal, 3),
          peers: { group: groupKey, n: group.n, median_shift_log: round(group.median, 3) },
          town: { code: unit.townCode, n: town.n, median_shift_log: round(town.median, 3) },
          series: { periods: data.periods, employees: series(data.employees), insured: series(data.insured), wages: series(data.wages) },
          notes,
        },
      });
    }
    return out;
  },
});
