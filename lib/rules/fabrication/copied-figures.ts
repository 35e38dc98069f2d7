import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { defineRule, type RuleFinding } from '../../engine/rule';
import { findCoincidences } from './copy-coincidence';
import { categoryMembers, coincidenceFinding, looseFinding, proportionalFinding } from './copy-findings';
import { findLooseCopies, LOOSE_SEARCH } from './copy-shape';
import { medianOf } from './series-tools';

/** Months per hashed block of the revenue-shape search. */
const BLOCK = 6;
/** Hash cell width on the log changes of the revenue-shape search, and the least change a block must show to identify a copy. */
const CELL = 0.02;
const MIN_SHAPE = 0.015;
/** Revenue-shape buckets larger than this are degenerate shapes and are not expanded into pairs. */
const MAX_BUCKET = 500;
/** A finding is kept (as a low watch-list signal at worst) when its expected false-alarm rate is below this. */
const WATCH_RATE = 0.05;

/** Months of the pair's longest run of revenue proportional with one factor, verified exactly. */
interface Match {
  a: number;
  b: number;
  k: number;
  t0: number;
  t1: number;
  months: number;
  maxDev: number;
}

/**
 * Verifies a candidate pair: the factor is the median ratio over the seed block; the run is
 * extended both ways while every month with both figures agrees within the tolerance (relative
 * plus the rounding of one decimal); months missing in either unit are skipped, a mismatch ends it.
 */
function verify(data: DistrictData, a: number, b: number, seed: number, relTol: number, buf: Float64Array): Match | null {
  const { P, revenue: r } = data;
  let n = 0;
  for (let t = seed; t < seed + BLOCK; t++) buf[n++] = r[b * P + t]! / r[a * P + t]!;
  const k = medianOf(buf, n);
  if (!(k > 0) || !Number.isFinite(k)) return null;
  const ok = (t: number): 0 | 1 | 2 => {
    const x = r[a * P + t]!;
    const y = r[b * P + t]!;
    if (!(x > 0) || !(y > 0)) return 2;
    const tol = relTol + 0.051 / y + 0.051 / x;
    return Math.abs(y / (k * x) - 1) <= tol ? 1 : 0;
  };
  let t0 = seed;
  let t1 = seed + BLOCK - 1;
  for (let t = seed; t < seed + BLOCK; t++) if (ok(t) !== 1) return null;
  for (let t = seed - 1; t >= 0; t--) {
    const s = ok(t);
    if (s === 0) break;
    if (s === 1) t0 = t;
  }
  for (let t = seed + BLOCK; t < P; t++) {
    const s = ok(t);
    if (s === 0) break;
    if (s === 1) t1 = t;
  }
  let months = 0;
  let maxDev = 0;
  for (let t = t0; t <= t1; t++) {
    const x = r[a * P + t]!;
    const y = r[b * P + t]!;
    if (!(x > 0) || !(y > 0)) continue;
    months++;
    maxDev = Math.max(maxDev, Math.abs(y / (k * x) - 1));
  }
  return { a, b, k, t0, t1, months, maxDev };
}

/**
 * Figures copied between units. First the evidence of coincidence: runs of months in which two
 * units' reports are identical field for field, judged by the chance that independent reports
 * agree like that, estimated from the district (copy-coincidence.ts). Then copies that are not
 * identical: revenue proportional with one factor over a long run (revenue-shape hashing), and
 * perturbed, lagged or partial copies (copy-shape.ts), judged by how much more closely their
 * monthly changes track the source's than independent units' do. Severity from calibrate().
 */
export const copiedFigures = defineRule({
  id: 'fabricate.copied-figures',
  version: 4,
  pattern: 'FALSIFY.COPY',
  title: { zh: '不同单位间抄袭数据（相同或成比例）', en: 'Figures copied between units (identical or proportional)' },
  description: {
    zh: '先查完全相同：把每个单位每月营业收入、工资、利润中任意两项的精确数值做哈希分桶，同桶单位对逐月核对各字段是否完全相同；巧合概率按本区同类单位当月该数值的占比或同量级数值的密度乘以报数精度估计（主营业务收入、总产值、利润按与营业收入之比，工资按人均，上月不变的数值不重复计），连续相同月份的概率相乘，再按与全区所有单位、所有时段比较的次数折算误报率。再查成比例（营业收入6个月形状哈希，同一系数连续≥12个月）和宽松抄袭（扰动、滞后1–2个月、只抄部分字段，≥8个月）：以抄袭方月变动与来源方月变动之差的平方和相对独立单位应有离散度的卡方下尾概率为证据。严重程度由误报率决定。抄袭方判定为其报表与本单位税务/电力走势不符者，其次为报送较晚者或滞后者。',
    en: "First identical reports: each unit-month is hashed on the exact values of each two of revenue, wages and profit; units sharing a bucket are compared field by field month by month. The chance of each coincidence is the share of the category's units reporting that value that month, or the density of values of that size times the figures' resolution (main revenue, gross output and profit as ratios to revenue, wages per head; figures kept from the month before count once); months multiply, and the rate allows for comparing every unit over every stretch of months. Then proportional copies (revenue-shape hashing, one factor for 12+ months) and loose copies (perturbed, 1–2 months late, partial, 8+ months), judged by the χ² lower tail of the copy's monthly changes around the source's against the spread independent units show. Severity follows the false-alarm rate. The copier is the unit whose reports do not follow its own tax/electricity, else the later or lagging filer.",
  },
  scope: 'district',
  reads: ['submissions', 'tax', 'electricity', 'units'],
  params: z.object({
    /** Months of identical reports that make a run: a single identical month can be a report filed under the wrong code. */
    identicalMinMonths: z.number().int().min(1).default(2),
    /** Months of revenue proportional with one factor that the revenue-shape search needs. */
    minMonths: z.number().int().min(6).default(12),
    /** Relative tolerance of that proportionality, on top of the one-decimal rounding of both figures. */
    relTol: z.number().default(0.002),
    /** The copier's revenue/tax gap must move this many times more than the other unit's (otherwise the later filer). */
    copierGapRatio: z.number().default(1.5),
    /** Loose search for perturbed, lagged and partial copies. */
    loose: z.boolean().default(true),
    /** Months the copy may be behind its source. */
    maxLag: z.number().int().min(0).max(3).default(2),
    /** Relative tolerance of a month in the loose search (a ±3 % perturbation passes). */
    looseTol: z.number().default(0.045),
    /** Tolerance when wages are the compared field (partial copies): honest wages move alike, so near-exact only. */
    looseWagesTol: z.number().default(0.01),
    /** Months a loose run needs, and mismatched months allowed inside it (never two in a row). */
    looseMinMonths: z.number().int().min(6).default(8),
    maxMisses: z.number().int().min(0).default(2),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    const out: RuleFinding[] = [];
    const buf = new Float64Array(P * 2);
    const work = new Float64Array(P * 2);
    const found = new Set<number>();
    const keep = (f: RuleFinding) => {
      const c = f.evidence.calibration as { false_alarm_rate: number };
      if (c.false_alarm_rate < WATCH_RATE) out.push(f);
    };
    for (const m of findCoincidences(data, p.identicalMinMonths)) {
      found.add(m.a * U + m.b);
      found.add(m.b * U + m.a);
      keep(coincidenceFinding(data, m, p.copierGapRatio, buf, work));
    }
    if (P >= BLOCK && P >= p.minMonths) {
      const cat = categoryMembers(data);
      for (const m of findProportional(data, p.minMonths, p.relTol, found)) keep(proportionalFinding(data, m, p.copierGapRatio, cat, buf, work));
    }
    if (p.loose) {
      const o = { ...LOOSE_SEARCH, fields: ['revenue', 'wages'] as const, maxLag: p.maxLag, tol: p.looseTol, wagesTol: p.looseWagesTol, maxMisses: p.maxMisses, minMonths: p.looseMinMonths };
      // Units in a finding so far: the loose search asks about hundreds of thousands of pairs, and
      // a pair key beyond the small integers is boxed for every `found` lookup.
      const inFound = new Uint8Array(U);
      for (const k of found) inFound[Math.floor(k / U)] = 1;
      const loose = findLooseCopies(data, o, (a, b) => inFound[a] === 1 && inFound[b] === 1 && found.has(a * U + b));
      for (const m of loose) keep(looseFinding(data, m, p.copierGapRatio, (p.maxLag + 1) * o.fields.length, buf, work));
    }
    return out;
  },
});

/** Revenue-shape search: pairs whose revenue stays proportional with one factor for minMonths or more. */
function findProportional(data: DistrictData, minMonths: number, relTol: number, found: Set<number>): Match[] {
  const { P, units } = data;
  const U = units.length;
  const starts: number[] = [];
  for (let s = 0; s + BLOCK <= P; s += BLOCK) starts.push(s);
  if (starts[starts.length - 1]! + BLOCK < P) starts.push(P - BLOCK);
  const probeTol = 2 * relTol + 0.004;
  const buf = new Float64Array(P);
  const x = new Float64Array(BLOCK - 1);
  const keys = new Int32Array(8);
  const out: Match[] = [];
  for (const s of starts) {
    const buckets = new Map<number, number[]>();
    const tried = new Set<number>();
    for (let u = 0; u < U; u++) {
      const row = u * P;
      let okBlock = true;
      let maxAbs = 0;
      for (let i = 0; i < BLOCK - 1; i++) {
        const a = data.revenue[row + s + i]!;
        const b = data.revenue[row + s + i + 1]!;
        if (!(a > 0) || !(b > 0)) {
          okBlock = false;
          break;
        }
        x[i] = Math.log(b / a);
        maxAbs = Math.max(maxAbs, Math.abs(x[i]!));
      }
      if (!okBlock || maxAbs < MIN_SHAPE) continue;
      // Primary cell and the probe cells within the tolerance of a boundary, hashed to a small
      // integer (collisions only add candidates, which the exact verification rejects).
      keys[0] = 0;
      let nk = 1;
      for (let i = 0; i < BLOCK - 1; i++) {
        const v = x[i]! / CELL;
        const c = Math.floor(v);
        const alt = v - c < probeTol / CELL ? c - 1 : c + 1 - v < probeTol / CELL ? c + 1 : c;
        const before = nk;
        if (alt !== c && nk * 2 <= keys.length) for (let j = 0; j < before; j++) keys[nk++] = Math.imul(keys[j]! ^ (alt + 0x3fff), 0x9e3779b1) | 0;
        for (let j = 0; j < before; j++) keys[j] = Math.imul(keys[j]! ^ (c + 0x3fff), 0x9e3779b1) | 0;
      }
      for (let j = 0; j < nk; j++) {
        const list = buckets.get(keys[j]!);
        if (!list || list.length > MAX_BUCKET) continue;
        for (const v of list) {
          const pairKey = v * U + u;
          if (found.has(pairKey) || tried.has(pairKey)) continue;
          tried.add(pairKey);
          const m = verify(data, v, u, s, relTol, buf);
          if (!m || m.months < minMonths) continue;
          found.add(pairKey);
          found.add(u * U + v);
          out.push(m);
        }
      }
      const own = buckets.get(keys[0]!);
      if (own) own.push(u);
      else buckets.set(keys[0]!, [u]);
    }
  }
  return out;
}
