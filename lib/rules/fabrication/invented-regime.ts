/**
 * The rounded / smooth regime of fabricate.invented-series: per unit, one p-value Fisher-combined
 * from independent parts, each against a null estimated from the district — round figures from
 * some month on (binomial at the district's base rate, bounded by how common heavy rounding is
 * among units whose revenue follows their tax/meter), their switch at one month (hypergeometric,
 * the unit's own months), smoothness (against peers, or a late calm against the unit's own earlier
 * changes), revenue not following tax/meter (ranked within the unit's trade over the same months),
 * and headcount or wages repeated exactly (against the district's mixture of repeat habits).
 */
import type { DistrictData } from '../../engine/district-data';
import { pct, round } from '../../engine/rule';
import { calibrate } from '../../engine/severity';
import { log10FisherCombined } from '../../stats/tails';
import { calmAt, lateCalmSegment, lateMarkedSegment, type LateSegment } from '../../stats/late-regime';
import { log10EmpiricalLower, log10HypergeometricUpper } from '../../stats/permutation-tails';
import { countRepeats, ownNullGroups, RepeatHabits, sizeBands, WindowNull } from '../../stats/regime-evidence';
import { isMultipleOf, medianOf } from './series-tools';
import { changeCorrelationSmall, changeSpreadSmall, sortSmall } from './small-stats';

/** Rounding steps tested (yuan, in the figures' unit). */
export const STEPS = [10, 100, 1000, 10000];
const fin = (x: number): number | null => (Number.isFinite(x) ? round(x, 2) : null);

/**
 * The district's base rate of round figures per step (floor: uniform last digits) and each unit's
 * own count per step; baseRate(k, own, n) leaves the unit's own n figures out.
 */
export function roundBaseRates(data: DistrictData): { unitRound: Int32Array; baseRate: (k: number, own: number, n: number) => number } {
  const { P } = data;
  const U = data.units.length;
  const S = STEPS.length;
  const roundCount = new Float64Array(S);
  const unitRound = new Int32Array(U * S);
  let figures = 0;
  for (let u = 0; u < U; u++) {
    for (let t = 0; t < P; t++) {
      const x = data.revenue[u * P + t]!;
      if (!(x > 0)) continue;
      figures++;
      // isMultipleOf(x, 10), and whether it misses by a margin: a figure ≥ step within 1e-7 of
      // itself of a multiple of a larger power of ten is as close to a multiple of 10, so a clear
      // miss at 10 is a miss at every larger step the figure reaches (the 1e-6 margin is far
      // above the rounding of the divisions, so the shortcut never changes a count).
      const q = x / STEPS[0]!;
      const d = Math.abs(q - Math.round(q));
      const tol = 1e-7 * Math.max(1, Math.abs(q));
      const clearMiss = d >= tol * (1 + 1e-6) && x >= STEPS[0]!;
      if (d < tol) {
        roundCount[0]! += 1;
        unitRound[u * S]!++;
      }
      for (let k = 1; k < S; k++) {
        if (clearMiss && x >= STEPS[k]!) continue;
        if (isMultipleOf(x, STEPS[k]!)) {
          roundCount[k]! += 1;
          unitRound[u * S + k]!++;
        }
      }
    }
  }
  // Leave-one-out: the unit's own figures do not raise the base rate they are judged against.
  const baseRate = (k: number, own: number, n: number) => Math.min(0.5, Math.max(1 / STEPS[k]!, figures > n ? (roundCount[k]! - own) / (figures - n) : 0));
  return { unitRound, baseRate };
}

/** Figures besides revenue whose switch to round tens marks the same invented stretch. */
const COMPANIONS: { field: 'profit' | 'grossOutput' | 'mainRevenue' | 'wages'; zh: string; en: string }[] = [
  { field: 'profit', zh: '利润', en: 'profit' },
  { field: 'grossOutput', zh: '总产值', en: 'gross output' },
  { field: 'mainRevenue', zh: '主营收入', en: 'main revenue' },
  { field: 'wages', zh: '工资', en: 'wages' },
];

export interface Regime {
  score: number;
  severity: ReturnType<typeof calibrate>['severity'];
  calibration: ReturnType<typeof calibrate>['calibration'];
  signals: string[];
  zh: string;
  en: string;
  /** First month of the invented stretch. */
  t0: number;
  evidence: Record<string, unknown>;
}

export type RegimeParams = { minMonths: number; minStepsInMedian: number; minSegment: number; trackMinCorr: number };

/** Best correlation of revenue's monthly changes with tax-declared sales or metered kWh over t0..P−1. */
function trackCorr(data: DistrictData, u: number, t0: number): number {
  const row = u * data.P;
  // A revenue that mostly does not change (a fixed fee) says nothing by its rank correlation.
  let same = 0;
  let pairs = 0;
  for (let t = t0 + 1; t < data.P; t++) {
    const a = data.revenue[row + t - 1]!;
    const b = data.revenue[row + t]!;
    if (!(a > 0 && b > 0)) continue;
    pairs++;
    if (a === b) same++;
  }
  if (2 * same >= pairs) return Number.NaN;
  const ct = changeCorrelationSmall(data.revenue, data.taxSales, row, t0, data.P - 1, 5);
  const cg = changeCorrelationSmall(data.revenue, data.gridKwh, row, t0, data.P - 1, 5);
  return Number.isNaN(ct) ? cg : Number.isNaN(cg) ? ct : Math.max(ct, cg);
}

/** Index of each unit's category (trade), for nulls read within a trade. */
function categoryIndex(data: DistrictData): { index: Int32Array; names: string[] } {
  const ids = new Map<string, number>();
  const index = new Int32Array(data.units.length);
  data.units.forEach((x, u) => {
    let k = ids.get(x.category);
    if (k === undefined) ids.set(x.category, (k = ids.size));
    index[u] = k;
  });
  return { index, names: [...ids.keys()] };
}

/** Median over units of |Δ log revenue| into each month (1 where unknown). */
function districtMonthScale(data: DistrictData): Float64Array {
  const { P } = data;
  const U = data.units.length;
  const out = new Float64Array(P).fill(1);
  const stride = Math.max(1, Math.ceil(U / 3000));
  const vals = new Float64Array(Math.ceil(U / stride));
  for (let t = 1; t < P; t++) {
    let k = 0;
    for (let u = 0; u < U; u += stride) {
      const a = data.revenue[u * P + t - 1]!;
      const b = data.revenue[u * P + t]!;
      if (a > 0 && b > 0) vals[k++] = Math.abs(Math.log(b / a));
    }
    const m = k ? medianOf(vals, k) : Number.NaN;
    if (m > 0) out[t] = m;
  }
  return out;
}

/** Absolute monthly log changes of m over months idx[0..n) (consecutive valid months only). */
function absChanges(m: Float64Array, row: number, idx: Int32Array, n: number, out: Float64Array): number {
  let k = 0;
  for (let i = 1; i < n; i++) {
    const a = m[row + idx[i - 1]!]!;
    const b = m[row + idx[i]!]!;
    out[k++] = a > 0 && b > 0 ? Math.abs(Math.log(b / a)) : Number.NaN;
  }
  return k;
}

/**
 * Rounded and smooth regimes per unit, each as a tail probability under a null from the district:
 * round figures against the district's base rate (bounded by how common heavy rounding is among the
 * district's units — an estimating habit is not rare), their switch at one month against the unit's
 * own months (and the same switch in its other figures), smoothness against every unit's spread
 * relative to peers or against the unit's own earlier changes; then, over the same months, revenue
 * failing to follow tax/meter against every unit's correlation, and headcount or wages repeated
 * exactly against the district's rate of exact repeats. Independent parts are combined (Fisher).
 */
export function regimeEvidence(
  data: DistrictData,
  p: RegimeParams,
  sRev: Float64Array,
  peerMed: Float64Array,
  baseRate: (k: number, own: number, n: number) => number,
  unitRound: Int32Array,
): (Regime | null)[] {
  const { P } = data;
  const U = data.units.length;
  const S = STEPS.length;
  const idx = new Int32Array(P);
  const runs = new Int32Array(P);
  const heapRuns: Int32Array[] = new Array(U);
  const marks = new Uint8Array(P);
  const sorted = new Float64Array(P);
  const abs = new Float64Array(P);
  const absRef = new Float64Array(P);
  // Whole-series tracking of an even sample of ≤ ~5 000 units (NaN elsewhere): enough to say how
  // common heavy rounding is among tracking units and which trades track less as a whole.
  const every = Math.max(1, Math.ceil(U / 5000));
  const corr0 = new Float64Array(U).fill(Number.NaN);
  for (let u = 0; u < U; u += every) corr0[u] = trackCorr(data, u, 0);
  // Pass 1: each unit's most surprising rounded segment (gate: high against unrounded figures).
  const heaps: ({ seg: LateSegment; step: number; base: number; looks: number } | null)[] = new Array(U).fill(null);
  let eligible = 0;
  let heavy = 0;
  const relSmooth: number[] = [];
  for (let u = 0; u < U; u++) {
    const row = u * P;
    let n = 0;
    for (let t = 0; t < P; t++) if (data.revenue[row + t]! > 0) sorted[n] = data.revenue[row + (idx[n++] = t)]!;
    if (n < p.minMonths) continue;
    // A figure repeated month after month (a fixed fee) is one round figure, not many: the
    // rounding tests count runs of equal figures once.
    let d = 0;
    for (let i = 0; i < n; i++) if (i === 0 || data.revenue[row + idx[i]!]! !== data.revenue[row + idx[i - 1]!]!) runs[d++] = idx[i]!;
    const r = sRev[u]! / peerMed[u]!;
    if (Number.isFinite(r)) relSmooth.push(r);
    sortSmall(sorted, n);
    const med = sorted[n >> 1]!;
    let steps = 0;
    for (let k = 0; k < S; k++) if (med >= STEPS[k]! * p.minStepsInMedian && unitRound[u * S + k]! > 0) steps++;
    let best: (typeof heaps)[number] = null;
    for (let k = 0; k < S; k++) {
      const step = STEPS[k]!;
      if (med < step * p.minStepsInMedian || unitRound[u * S + k]! === 0) continue;
      for (let i = 0; i < d; i++) marks[i] = isMultipleOf(data.revenue[row + runs[i]!]!, step) ? 1 : 0;
      const base = baseRate(k, unitRound[u * S + k]!, n);
      const seg = lateMarkedSegment(marks, d, base, p.minSegment, -3 - Math.log10(steps));
      if (seg && (!best || seg.log10Level + seg.log10Switch < best.seg.log10Level + best.seg.log10Switch)) best = { seg, step, base, looks: seg.looks * steps };
    }
    heaps[u] = best;
    if (best) heapRuns[u] = runs.slice(0, d);
    // Units whose revenue follows their own tax/meter are honest enough to say how common an
    // estimating habit of round figures is (invented round figures follow neither).
    if (u % every === 0 && corr0[u]! >= p.trackMinCorr) {
      eligible++;
      if (best) heavy++;
    }
  }
  // How common heavy rounding is among the district's units: rounding alone is never stronger evidence.
  const log10Habit = Math.log10((heavy + 1) / (eligible + 1));
  relSmooth.sort((a, b) => a - b);
  const monthScale = districtMonthScale(data);
  // Small firms keep their headcount for months, some never update it: headcount repeats are read
  // against the habits of units of the same size band, wages against every unit's.
  const band = sizeBands(data);
  const empHabits = new RepeatHabits(data.employees, band, P, data.insured);
  const one = new Int32Array(U);
  const wageHabits = new RepeatHabits(data.wages, one, P);
  // A revenue held at one figure while the unit's tax (or meter) moved, against the district's
  // habits of the same (a fixed fee is flat in tax too and does not count).
  const heldTax = new RepeatHabits(data.revenue, one, P, data.taxSales);
  const heldKwh = new RepeatHabits(data.revenue, one, P, data.gridKwh);
  // … but a fixed fee whose tax wanders by its declaration noise is held too: the held figure counts
  // only when the gap between revenue and tax (or meter) also moves more than the district's gaps
  // do (the real business moving under a figure that does not). Both must be rare: the larger p.
  const gap = new Float64Array(U).fill(Number.NaN);
  const gb = new Float64Array(P);
  const gw = new Float64Array(P);
  for (let u = 0; u < U; u++) {
    const g = changeSpreadSmall(data.revenue, data.taxSales, u * P, 0, P - 1, gb, gw, p.minMonths - 1);
    gap[u] = Number.isNaN(g) ? changeSpreadSmall(data.revenue, data.gridKwh, u * P, 0, P - 1, gb, gw, p.minMonths - 1) : g;
  }
  const negGap = Array.from(gap)
    .filter(Number.isFinite)
    .map((x) => -x)
    .sort((a, b) => a - b);
  // A trade whose revenue as a whole follows its tax/meter less than the district's (developers:
  // presales taxed, revenue on delivery) is compared with its own trade; other trades with the district.
  const cats = categoryIndex(data);
  const trades = ownNullGroups(corr0, cats.index);
  const ownTrades = trades.split.map((g) => cats.names[g]!);
  const track = new WindowNull(U, (u, t0) => (t0 === 0 && u % every === 0 ? corr0[u]! : trackCorr(data, u, t0)), 2000, trades.group);

  const out: (Regime | null)[] = new Array(U).fill(null);
  for (let u = 0; u < U; u++) {
    const row = u * P;
    let n = 0;
    for (let t = 0; t < P; t++) if (data.revenue[row + t]! > 0) idx[n++] = t;
    if (n < p.minMonths) continue;
    const h = heaps[u] ?? null;
    const hr = h ? heapRuns[u]! : idx;
    const hn = h ? hr.length : n;
    // Rounding: level (bounded by the habit's frequency) and, for a late start, the switch of
    // revenue and of the other figures at the same month.
    let roundP = 0;
    const switched: string[] = [];
    const switchedEn: string[] = [];
    if (h) {
      // The habit's frequency already covers every step and start a unit could round from.
      const parts = [Math.max(h.seg.log10Level + Math.log10(h.looks), log10Habit)];
      if (h.seg.start > 0) {
        parts.push(Math.min(0, h.seg.log10Switch + Math.log10(h.looks)));
        for (const c of COMPANIONS) {
          const m = data[c.field];
          let K = 0;
          let k = 0;
          for (let i = 0; i < hn; i++) {
            const x = Math.abs(m[row + hr[i]!]!);
            const mk = x >= 50 && isMultipleOf(x, 10) ? 1 : 0;
            K += mk;
            if (i >= h.seg.start) k += mk;
          }
          if (!k) continue;
          const lp = log10HypergeometricUpper(hn, K, hn - h.seg.start, k);
          parts.push(lp);
          if (lp <= -2) {
            switched.push(c.zh);
            switchedEn.push(c.en);
          }
        }
      }
      roundP = log10FisherCombined(parts);
    }
    // Smoothness: the whole series against every unit's spread relative to its peers, or a late
    // stretch against the unit's own earlier changes while tax/meter did not calm down with it.
    let smoothP = 0;
    let calmStart = -1;
    const rel = sRev[u]! / peerMed[u]!;
    // relSmooth holds every unit's ratio, this one's included.
    if (rel < 1) smoothP = log10EmpiricalLower(relSmooth, rel, true);
    const nc = absChanges(data.revenue, row, idx, n, abs);
    // Changes into a slack or peak month are larger everywhere: each is read against the
    // district's median change into that month, so that the months are exchangeable.
    for (let i = 0; i < nc; i++) abs[i] = abs[i]! / monthScale[idx[i + 1]!]!;
    let finite = nc > 0;
    for (let i = 0; i < nc; i++) if (Number.isNaN(abs[i]!)) finite = false;
    const calm = finite ? lateCalmSegment(abs, nc, p.minSegment - 1) : null;
    const lp = calm ? Math.min(0, calm.log10P + Math.log10(calm.looks)) : 0;
    // A calm that cannot reach the smoothness cut (p ≤ 0.01 after the two ways tried) needs no records read.
    if (calm && lp + Math.log10(2) <= -2 && lp < smoothP) {
      // A business that calmed down shows it in its tax or meter too: then the calm is real.
      const ref = [data.taxSales, data.gridKwh].find((m) => {
        const k = absChanges(m, row, idx, n, absRef);
        for (let i = 0; i < k; i++) if (Number.isNaN(absRef[i]!)) return false;
        return k === nc;
      });
      for (let i = 0; i < nc; i++) absRef[i] = absRef[i]! / monthScale[idx[i + 1]!]!;
      const refCalm = ref ? calmAt(absRef, nc, calm.start) : 0;
      // … and a revenue that follows its tax/meter over the calm months is a business that calmed.
      const followed = trackCorr(data, u, idx[calm.start]!) >= p.trackMinCorr;
      if (refCalm > -1.3 && !followed && lp < smoothP) {
        smoothP = lp;
        calmStart = idx[calm.start + 1]!;
      }
    }
    smoothP = Math.min(0, smoothP + Math.log10(2));
    const byTax = countRepeats(data.revenue, row, 0, P - 1, data.taxSales);
    const heldBy = byTax.pairs ? 'tax' : 'kwh';
    const held0 = byTax.pairs ? byTax : countRepeats(data.revenue, row, 0, P - 1, data.gridKwh);
    const repeatP = (heldBy === 'tax' ? heldTax : heldKwh).log10Tail(u, 0, held0.pairs, held0.repeats);
    const gapP = repeatP <= -2 && Number.isFinite(gap[u]!) ? log10EmpiricalLower(negGap, -gap[u]!, true) : 0;
    const held = { ...held0, by: heldBy, gap_spread: round(gap[u]!, 4), log10P_repeats: round(repeatP, 2), log10P_gap: round(gapP, 2), log10P: Math.max(repeatP, gapP) };
    const isHeap = h !== null;
    const isSmooth = smoothP <= -2;
    const isHeld = held.log10P <= -2;
    if (!isHeap && !isSmooth && !isHeld) continue;
    const t0 = isHeap ? hr[h.seg.start]! : Math.max(0, calmStart);
    const corr = trackCorr(data, u, t0);
    const trackP = Number.isNaN(corr) ? 0 : track.lower(t0, corr, u);
    const e0 = countRepeats(data.employees, row, t0, P - 1, data.insured);
    const emp = { ...e0, log10P: empHabits.log10Tail(u, band[u]!, e0.pairs, e0.repeats) };
    const w0 = countRepeats(data.wages, row, t0, P - 1);
    const wag = { ...w0, log10P: wageHabits.log10Tail(u, 0, w0.pairs, w0.repeats) };
    const frozenP = Math.min(0, Math.min(emp.log10P, wag.log10P) + Math.log10(2));
    // A held figure also makes the series smooth: the two are one part (the stronger, for two looks).
    const still = isSmooth && isHeld ? Math.min(0, Math.min(smoothP, held.log10P) + Math.log10(2)) : isSmooth ? smoothP : isHeld ? held.log10P : 0;
    const parts = [isHeap ? roundP : 0, still].filter((x) => x < 0);
    // A test that could not be made (no tax/meter to compare, no staff months) is no part at all.
    if (!Number.isNaN(corr)) parts.push(trackP);
    if (emp.pairs || wag.pairs) parts.push(frozenP);
    const log10P = log10FisherCombined(parts);
    // Round or calm figures are also an estimating habit or a calm business: without a record
    // contradicting them (revenue not following its own tax/meter, staff or wages frozen while
    // insurance moves, the other figures turning round the same month) they stay on the watch list.
    const corroborated = Math.min(trackP, frozenP, isHeld ? held.log10P : 0, switched.length ? -2 : 0) <= -2;
    const cal = calibrate({
      ...(corroborated
        ? {}
        : {
            cap: {
              severity: 'low' as const,
              reason_en: 'round or smooth figures alone are also an estimating habit or a calm business; no tax, meter or staff record contradicts them',
              reason_zh: '仅有取整或平稳，也可能是估算习惯或经营平稳；税务、电力和社保记录均未与之矛盾',
            },
          }),
      statistic:
        'Fisher combination: round figures (bounded by the district frequency of heavy rounding) and their switch, smoothness, revenue held while tax/meter moved, tracking of tax/meter, exact repeats of headcount/wages',
      value: round(-log10P, 2),
      null: `district: base rate of round figures, ${heavy} of ${eligible} units heavily rounded, tracking of the district's units over the same months (${ownTrades.length ? `trades that track less as a whole judged among their own: ${ownTrades.join(', ')}` : 'no trade judged apart'}), repeat habits of headcount (units of the same size band), wages and revenue while tax/meter moved (every unit); unit's own months for the switch`,
      log10P,
    });
    out[u] = describeRegime(data, u, {
      h,
      roundP,
      smoothP,
      isHeap,
      isSmooth,
      held: isHeld ? held : null,
      calmStart,
      t0,
      corr,
      trackP,
      emp,
      wag,
      frozenP,
      switched,
      switchedEn,
      heavy,
      eligible,
      n: hn,
      cal,
    });
  }
  return out;
}

function describeRegime(
  data: DistrictData,
  u: number,
  e: {
    h: { seg: LateSegment; step: number; base: number; looks: number } | null;
    roundP: number;
    smoothP: number;
    isHeap: boolean;
    isSmooth: boolean;
    held: { pairs: number; repeats: number; by: string; gap_spread: number; log10P_repeats: number; log10P_gap: number; log10P: number } | null;
    calmStart: number;
    t0: number;
    corr: number;
    trackP: number;
    emp: { pairs: number; repeats: number; log10P: number };
    wag: { pairs: number; repeats: number; log10P: number };
    frozenP: number;
    switched: string[];
    switchedEn: string[];
    heavy: number;
    eligible: number;
    n: number;
    cal: ReturnType<typeof calibrate>;
  },
): Regime {
  const from = data.periods[e.t0]!;
  const zh: string[] = [];
  const en: string[] = [];
  const signals: string[] = [];
  const rate = e.cal.calibration.false_alarm_rate;
  if (e.h) {
    const s = e.h.seg;
    signals.push('heaping');
    const late = s.start > 0;
    zh.push(
      `${late ? `自${from}起` : ''}${s.months}个逐月营业收入数字（连续相同者计一次）中${s.marked}个为${e.h.step}的整倍数（全区基准${pct(e.h.base, 2)}；全区${e.eligible}家中${e.heavy}家大量取整）${late ? `，与此前${e.n - s.months}个数字相比明显突变${e.switched.length ? `，${e.switched.join('、')}同月起变为整十` : ''}` : ''}`,
    );
    en.push(
      `${late ? `from ${from}, ` : ''}${s.marked} of ${s.months} monthly revenue figures (a repeated figure counted once) are multiples of ${e.h.step} (district base rate ${pct(e.h.base, 2)}; ${e.heavy} of ${e.eligible} units round heavily)${late ? `, a switch from the earlier months${e.switchedEn.length ? `, with ${e.switchedEn.join(', ')} turning to round tens the same month` : ''}` : ''}`,
    );
  }
  if (e.isSmooth) {
    signals.push('smooth');
    zh.push(e.calmStart >= 0 ? `自${data.periods[e.calmStart]}起月环比变动远小于本单位此前（税务/电力并未同步平稳）` : '月环比波动在全区相对同行最平稳之列');
    en.push(
      e.calmStart >= 0
        ? `from ${data.periods[e.calmStart]} monthly changes are far smaller than the unit's own earlier ones (tax/electricity did not calm down with them)`
        : 'monthly changes among the smoothest in the district relative to peers',
    );
  }
  if (e.held) {
    const x = e.held;
    signals.push('held_figure');
    zh.push(
      `${x.by === 'tax' ? '税务申报销售额' : '电表读数'}变动的${x.pairs}个月中营业收入有${x.repeats}个月与上月完全相同，收入与${x.by === 'tax' ? '税务' : '电力'}之比的波动在全区最大之列（不低于此的比例${pct(10 ** x.log10P_gap, 1)}）`,
    );
    en.push(
      `revenue repeats the previous month's exactly in ${x.repeats} of ${x.pairs} months in which ${x.by === 'tax' ? 'tax-declared sales' : 'metered kWh'} changed, and its ratio to ${x.by === 'tax' ? 'tax' : 'electricity'} moves among the most in the district (share as high: ${pct(10 ** x.log10P_gap, 1)})`,
    );
  }
  if (!Number.isNaN(e.corr)) {
    zh.push(`同期营业收入与税务/电力变动的相关${round(e.corr, 2)}（全区同期不高于此的比例${pct(10 ** e.trackP, 1)}）`);
    en.push(`over the same months revenue's changes correlate ${round(e.corr, 2)} with tax/electricity (share of the district's units as low: ${pct(10 ** e.trackP, 1)})`);
  }
  if (e.frozenP <= -2) {
    signals.push('frozen_headcount');
    zh.push(`社保人数变动的${e.emp.pairs}个月中从业人员${e.emp.repeats}个月、工资${e.wag.repeats}/${e.wag.pairs}个月与上月一字不差`);
    en.push(`headcount repeats exactly in ${e.emp.repeats} of ${e.emp.pairs} months in which insured headcount changed and wages in ${e.wag.repeats} of ${e.wag.pairs}`);
  }
  zh.push(`合并后诚实单位出现此情形的概率约${rate.toPrecision(2)}`);
  en.push(`combined, an honest unit shows this with probability about ${rate.toPrecision(2)}`);
  return {
    score: e.cal.score,
    severity: e.cal.severity,
    calibration: e.cal.calibration,
    signals,
    zh: zh.join('，'),
    en: en.join(', '),
    t0: e.t0,
    evidence: {
      from,
      heaping: e.h && {
        step: e.h.step,
        start: data.periods[e.t0],
        months: e.h.seg.months,
        round_figures: e.h.seg.marked,
        district_base_rate: round(e.h.base, 5),
        log10_level: round(e.h.seg.log10Level, 1),
        log10_switch: round(e.h.seg.log10Switch, 1),
        looks: e.h.looks,
        companions_switched: e.switchedEn,
        log10_p: round(e.roundP, 2),
      },
      held: e.held && { ...e.held, log10_p: round(e.held.log10P, 2) },
      smooth: e.isSmooth ? { log10_p: round(e.smoothP, 2), calm_from: e.calmStart >= 0 ? data.periods[e.calmStart] : null } : null,
      tracking: { correlation: fin(e.corr), log10_p: round(e.trackP, 2) },
      repeats: { employees: e.emp, wages: e.wag, log10_p: round(e.frozenP, 2) },
    },
  };
}
