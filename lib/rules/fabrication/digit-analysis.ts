import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { benfordProportions, expectedBenfordMad, madConformity } from '../../stats/benford';
import { chiSquareSurvival } from '../../stats/chi-square';
import { medianOf, madSigma } from './series-tools';

type Kind = 'town' | 'account' | 'unit';
const KINDS: Kind[] = ['town', 'account', 'unit'];
const P1 = benfordProportions(1);
const P2 = benfordProportions(2);
const MAD2_AT_1 = expectedBenfordMad(1, 2);

/** 10 ** (e − 1) for e in −OFFSET … OFFSET, computed as firstTwo would (a table saves the power per figure). */
const OFFSET = 340;
const SCALE = Float64Array.from({ length: 2 * OFFSET + 1 }, (_, i) => {
  const e = i - OFFSET;
  return 10 ** (e - 1);
});

/** First two significant digits (10–99) of x > 0, read numerically with a guard against 0.29·100-type errors. */
function firstTwo(x: number): number {
  const e = Math.floor(Math.log10(x));
  let d = Math.floor(x / (e >= -OFFSET && e <= OFFSET ? SCALE[e + OFFSET]! : 10 ** (e - 1)) + 1e-9);
  if (d >= 100) d = Math.floor(d / 10);
  if (d < 10) d *= 10;
  return d;
}

interface Group {
  kind: Kind;
  id: string;
  units: number[];
  firstT: number;
  n: number;
  d2: Float64Array;
  last: Float64Array;
  nLast: number;
}

/**
 * Benford first- and first-two-digit tests, with the last-digit test, on every town, submitter
 * account and unit with enough figures. A group's MAD is judged against the MAD expected from
 * sampling noise at its size (expectedBenfordMad), and then against the other groups of its
 * kind, because one unit's 24 months are not independent draws and regional figures span too
 * few orders of magnitude to follow Benford exactly: an honest group matches its kind.
 */
export const digitAnalysis = defineRule({
  id: 'fabricate.digit-analysis',
  version: 1,
  pattern: 'FALSIFY.FABRICATE',
  title: { zh: '数字规律检验（本福特首位/前两位、末位均匀性）', en: 'Digit analysis (Benford first/first-two digits, last-digit uniformity)' },
  description: {
    zh: '按乡镇、报送账号和单位汇总金额类数字，做本福特首位、前两位检验（MAD、Nigrini区间、卡方）和末位均匀性检验。小样本的MAD天然偏大，故先除以该样本量下的期望MAD，再与同类分组比较（同一单位各月数字高度相关，全区数字跨度也不足以完全服从本福特律）；数字检验本身是弱证据，只有显著偏离且末位也不均匀时才需复核。',
    en: "Money figures are pooled per town, submitter account and unit and tested for Benford first and first-two digits (MAD, Nigrini ranges, chi-square) and last-digit uniformity. Small samples have a larger MAD by nature, so the MAD is divided by its expectation at that size and then compared with the other groups of the same kind (a unit's months are correlated and district figures span too few magnitudes to follow Benford exactly); digit tests are weak evidence, reviewed only when the deviation is extreme and the last digits are not uniform either.",
  },
  scope: 'district',
  reads: ['submissions', 'units'],
  params: z.object({
    minFiguresTown: z.number().int().default(300),
    minFiguresAccount: z.number().int().default(300),
    minFiguresUnit: z.number().int().default(100),
    /** Robust z of ln(MAD / expected MAD) among groups of the same kind for a watch-list finding … */
    zWatch: z.number().default(4),
    /** … and for review (with non-uniform last digits too). */
    zReview: z.number().default(7),
    maxChiP: z.number().default(1e-6),
    minGroupsOfKind: z.number().int().default(8),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    // Group indices: units 0..U−1, then towns, then accounts; counts live in flat typed arrays.
    const meta: { kind: Kind; id: string }[] = units.map((x) => ({ kind: 'unit' as Kind, id: x.id }));
    const byKind: Record<Kind, Map<string, number>> = { unit: new Map(), town: new Map(), account: new Map() };
    const groupOf = (kind: Kind, id: string): number => {
      let g = byKind[kind].get(id);
      if (g === undefined) {
        byKind[kind].set(id, (g = meta.length));
        meta.push({ kind, id });
      }
      return g;
    };
    const townOf = Int32Array.from(units, (x) => (x.townCode ? groupOf('town', x.townCode) : -1));
    const cellAccount = new Int32Array(U * P).fill(-1);
    // A unit's months mostly share one account: the previous cell's group is reused when it repeats.
    let prevAccount = '';
    let prevGroup = -1;
    for (let cell = 0; cell < cellAccount.length; cell++) {
      const k = data.latestSubmission[cell]!;
      if (k < 0) continue;
      const account = data.submissions[k]!.submitter_account;
      if (prevGroup < 0 || account !== prevAccount) {
        prevGroup = groupOf('account', account);
        prevAccount = account;
      }
      cellAccount[cell] = prevGroup;
    }
    const fields = [data.revenue, data.mainRevenue, data.grossOutput, data.wages];
    // Unit groups only when a unit can reach the minimum at all (24 months × 4 fields cannot reach 100).
    const unitGroups = P * fields.length >= p.minFiguresUnit;
    const G = meta.length;
    // Pass 1: figures per group, so that digit tables are allocated only for groups big enough.
    const nFig = new Float64Array(G);
    for (let u = 0; u < U; u++) {
      const town = townOf[u]!;
      for (let t = 0; t < P; t++) {
        const cell = u * P + t;
        const acc = cellAccount[cell]!;
        if (acc < 0) continue;
        let c = 0;
        for (const f of fields) if (f[cell]! > 0) c++;
        if (unitGroups) nFig[u]! += c;
        nFig[acc]! += c;
        if (town >= 0) nFig[town]! += c;
      }
    }
    const minOf: Record<Kind, number> = { town: p.minFiguresTown, account: p.minFiguresAccount, unit: p.minFiguresUnit };
    const slot = new Int32Array(G).fill(-1);
    let S = 0;
    for (let g = 0; g < G; g++) if (nFig[g]! >= minOf[meta[g]!.kind]) slot[g] = S++;
    const d2 = new Float64Array(S * 90);
    const last = new Float64Array(S * 10);
    const nLast = new Float64Array(S);
    const firstT = new Int32Array(S).fill(P);
    const lastUnit = new Int32Array(S).fill(-1);
    const members: number[][] = Array.from({ length: S }, () => []);
    const add = (g: number, d: number, ld: number) => {
      if (g < 0) return;
      d2[g * 90 + d]! += 1;
      if (ld >= 0) {
        last[g * 10 + ld]! += 1;
        nLast[g]! += 1;
      }
    };
    const touch = (g: number, u: number, t: number) => {
      if (g < 0) return;
      if (lastUnit[g] !== u) {
        lastUnit[g] = u;
        members[g]!.push(u);
      }
      if (t < firstT[g]!) firstT[g] = t;
    };
    // Pass 2: digit tables of those groups.
    for (let u = 0; u < U; u++) {
      const town = townOf[u]! >= 0 ? slot[townOf[u]!]! : -1;
      const self = unitGroups ? slot[u]! : -1;
      for (let t = 0; t < P; t++) {
        const cell = u * P + t;
        if (cellAccount[cell]! < 0) continue;
        const acc = slot[cellAccount[cell]!]!;
        if (acc < 0 && town < 0 && self < 0) continue;
        touch(self, u, t);
        touch(acc, u, t);
        touch(town, u, t);
        let px = Number.NaN;
        let pd = 0;
        for (const f of fields) {
          const x = f[cell]!;
          if (!(x > 0)) continue;
          // Main revenue often repeats revenue: the same figure has the same digits.
          const d = x === px ? pd : firstTwo(x) - 10;
          px = x;
          pd = d;
          const ld = x >= 100 ? Math.floor(x) % 10 : -1;
          add(self, d, ld);
          add(acc, d, ld);
          add(town, d, ld);
        }
      }
    }
    const groups: Group[] = [];
    for (let g = 0; g < G; g++) {
      const k = slot[g]!;
      if (k < 0) continue;
      groups.push({
        kind: meta[g]!.kind,
        id: meta[g]!.id,
        units: members[k]!,
        firstT: firstT[k]!,
        n: nFig[g]!,
        d2: d2.subarray(k * 90, k * 90 + 90),
        last: last.subarray(k * 10, k * 10 + 10),
        nLast: nLast[k]!,
      });
    }
    const stats = groups.map((g) => {
      let mad2 = 0;
      for (let b = 0; b < 90; b++) mad2 += Math.abs(g.d2[b]! / g.n - P2[b]!) / 90;
      // Normal-approximation expected MAD scales exactly as 1/√n.
      const exp2 = MAD2_AT_1 / Math.sqrt(g.n);
      return { g, mad2, exp2, excess: Math.log(mad2 / exp2) };
    });
    /** The remaining tests, only for the few groups that stand out (chi-square tails are not free). */
    const detail = (g: Group) => {
      let chi2 = 0;
      const d1 = new Float64Array(9);
      for (let b = 0; b < 90; b++) {
        chi2 += (g.d2[b]! - P2[b]! * g.n) ** 2 / (P2[b]! * g.n);
        d1[Math.floor((b + 10) / 10) - 1]! += g.d2[b]!;
      }
      let mad1 = 0;
      let chi1 = 0;
      for (let b = 0; b < 9; b++) {
        mad1 += Math.abs(d1[b]! / g.n - P1[b]!) / 9;
        chi1 += (d1[b]! - P1[b]! * g.n) ** 2 / (P1[b]! * g.n);
      }
      let chiL = 0;
      for (let b = 0; b < 10; b++) chiL += g.nLast ? (g.last[b]! - g.nLast / 10) ** 2 / (g.nLast / 10) : 0;
      return { mad1, p1: chiSquareSurvival(chi1, 8), p2: chiSquareSurvival(chi2, 89), pLast: g.nLast >= 50 ? chiSquareSurvival(chiL, 9) : 1, chiL };
    };
    const out: RuleFinding[] = [];
    for (const kind of KINDS) {
      const list = stats.filter((s) => s.g.kind === kind);
      if (list.length < p.minGroupsOfKind) continue;
      const buf = Float64Array.from(list.map((s) => s.excess));
      const work = new Float64Array(buf.length);
      const center = medianOf(Float64Array.from(buf), buf.length);
      const sigma = Math.max(madSigma(buf, buf.length, work), 0.05);
      for (const base of list) {
        const zx = (base.excess - center) / sigma;
        if (zx < p.zWatch || base.mad2 <= base.exp2) continue;
        const s = { ...base, ...detail(base.g) };
        if (s.p2 > p.maxChiP) continue;
        const lastBad = s.pLast <= p.maxChiP;
        const review = zx >= p.zReview && lastBad;
        const score = clamp01(review ? 0.55 + 0.03 * (zx - p.zReview) : 0.3 + 0.02 * (zx - p.zWatch));
        const g = s.g;
        const ids = g.units.map((u) => units[u]!.id);
        const label = { town: ['乡镇', 'town'], account: ['报送账号', 'account'], unit: ['单位', 'unit'] }[kind];
        out.push({
          subject: { kind, id: g.id },
          unit_ids: ids,
          period: data.periods[g.firstT] ?? null,
          score: review ? Math.max(score, 0.5) : Math.min(score, 0.49),
          severity: review ? severityOf(Math.max(score, 0.5)) : 'low',
          summary_zh: `${label[0]}${g.id}的${g.n}个金额数字前两位MAD为${s.mad2.toFixed(4)}，是该样本量下期望值${s.exp2.toFixed(4)}的${(s.mad2 / s.exp2).toFixed(1)}倍，明显高于同类分组（稳健z=${zx.toFixed(1)}）${lastBad ? '，末位数字也不均匀' : ''}。`,
          summary_en: `The ${g.n} money figures of ${label[1]} ${g.id} have a first-two-digit MAD of ${s.mad2.toFixed(4)}, ${(s.mad2 / s.exp2).toFixed(1)}× the ${s.exp2.toFixed(4)} expected at that size and far above other ${label[1]}s (robust z ${zx.toFixed(1)})${lastBad ? '; last digits are not uniform either' : ''}.`,
          evidence: {
            figures: g.n,
            units: ids.length,
            fields: ['revenue', 'main_revenue', 'gross_output', 'wages'],
            first_digit: { mad: round(s.mad1, 5), conformity: madConformity(s.mad1, 1), chi_square_p: s.p1 },
            first_two_digits: { mad: round(s.mad2, 5), expected_mad: round(s.exp2, 5), conformity: madConformity(s.mad2, 2), chi_square_p: s.p2, counts: Array.from(g.d2) },
            last_digit: { n: g.nLast, chi_square: round(s.chiL, 1), p: s.pLast, counts: Array.from(g.last) },
            peer_groups: { kind, n: list.length, median_log_excess: round(center, 3), sigma: round(sigma, 3), robust_z: round(zx, 2) },
            thresholds: { zWatch: p.zWatch, zReview: p.zReview, maxChiP: p.maxChiP },
          },
        });
      }
    }
    return out;
  },
});
