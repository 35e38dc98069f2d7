import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { findLooseCopies, type LooseMatch } from './copy-shape';
import { changeSpread, madSigma, medianOf, rowSlice } from './series-tools';

const BLOCK = 6;

/** Months of the pair's longest run of revenue proportional with one factor, verified exactly. */
interface Match {
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
  return { k, t0, t1, months, maxDev };
}

/** Per other field: months with both figures, months proportional with the same factor, max relative deviation. */
function fieldAgreement(data: DistrictData, a: number, b: number, m: Match) {
  const { P } = data;
  const fields: [string, Float64Array, number][] = [
    ['employees', data.employees, 0.5],
    ['main_revenue', data.mainRevenue, 0.051],
    ['gross_output', data.grossOutput, 0.051],
    ['wages', data.wages, 0.051],
    ['profit', data.profit, 0.051],
    ['electricity_kwh', data.reportedKwh, 0.51],
  ];
  const out: Record<string, { months: number; matched: number; max_rel_dev: number | null }> = {};
  for (const [name, f, abs] of fields) {
    let months = 0;
    let matched = 0;
    let maxDev = 0;
    for (let t = m.t0; t <= m.t1; t++) {
      const x = f[a * P + t]!;
      const y = f[b * P + t]!;
      if (Number.isNaN(x) || Number.isNaN(y) || (x === 0 && y === 0)) continue;
      months++;
      const dev = Math.abs(y - m.k * x) / Math.max(Math.abs(y), 1e-9);
      maxDev = Math.max(maxDev, dev);
      if (Math.abs(y - m.k * x) <= abs + 0.002 * Math.abs(y)) matched++;
    }
    out[name] = { months, matched, max_rel_dev: months ? round(maxDev, 4) : null };
  }
  return out;
}

/**
 * Figures copied between units: the revenue vectors of two units proportional (factor 1 =
 * identical) month by month over a year or more, confirmed on the other reported fields.
 */
export const copiedFigures = defineRule({
  id: 'fabricate.copied-figures',
  version: 3,
  pattern: 'FALSIFY.COPY',
  title: { zh: '不同单位间抄袭数据（相同或成比例）', en: 'Figures copied between units (identical or proportional)' },
  description: {
    zh: '精确检索：把每个单位每6个月的营业收入环比形状量化成哈希键分桶（边界附近多探查一格），只核对同桶的单位对，要求同一比例系数、连续≥12个月及其他字段同比例。宽松检索（扰动、滞后1–2个月、只抄部分字段、≥8个月的短期抄袭）：对营业收入和工资按6个月窗口计算剔除同类单位中位数后的环比形状，用稀疏随机投影的符号位做局部敏感哈希（多表、每表再探查最不确定的一位），只对同桶且形状余弦≥0.92、差异在容差内的单位对逐月核对：比值稳定在一个系数附近（±4.5%，工资±1%），来源单位自身的形状离散度至少是偏差的3倍，且至少两个（比较工资时至少一个非人数；营业收入比值全程在取整误差内时一个）独立变动的其他字段同样跟随；营业收入未能确认的单位对仍按工资再核对一次。长期不变或取整的序列（固定收费等）和其他字段不独立变动的单位不参与。抄袭方判定为其报表与本单位税务/电力走势不符者，其次为报送较晚者或滞后者。',
    en: 'Exact search: each unit\'s revenue shape (month-over-month log changes over aligned 6-month blocks) is quantised into a hash key (probing the neighbouring cell near boundaries); pairs sharing a bucket must keep one factor for at least 12 consecutive months, with the other fields checked. Loose search (perturbed, 1–2 months late, partly copied, or short copies of 8+ months): revenue and wages change vectors over 6-month windows, net of the category median change, are hashed by the signs of sparse random projections (several tables, each also probing its least certain bit); only bucket mates whose shapes correlate ≥ 0.92 and differ within the tolerance are verified month by month: the ratio stays near one factor (±4.5 %, wages ±1 %), the source\'s own shape spread is at least 3 times the copy\'s deviation, and at least two other independently moving fields (for wages: one besides headcount; for revenue whose ratio stays within the rounding: one) follow too; a pair that revenue does not confirm is still tried on its wages. Figures that mostly stand still (fixed fees, rounded figures) and units without independently moving fields are skipped. The copier is the unit whose reports do not follow its own tax/electricity, else the later or lagging filer.',
  },
  scope: 'district',
  reads: ['submissions', 'tax', 'electricity', 'units'],
  params: z.object({
    minMonths: z.number().int().min(6).default(12),
    /** Relative tolerance of the proportionality (on top of one-decimal rounding). */
    relTol: z.number().default(0.002),
    /** Hash cell width on the log changes. */
    cell: z.number().default(0.02),
    /** A block whose log changes all stay within this is too flat to identify a copy. */
    minShape: z.number().default(0.015),
    /** Buckets larger than this are degenerate shapes and are not expanded into pairs. */
    maxBucket: z.number().int().default(500),
    /** The copier's revenue/tax gap must move this many times more than the other unit's. */
    copierGapRatio: z.number().default(1.5),
    /** Loose search (perturbed, lagged, partial and short copies): sign-projection hashing of window shapes, see copy-shape.ts. */
    loose: z.boolean().default(true),
    /** Fields whose peer-adjusted shape is hashed and compared in the loose search. */
    looseFields: z.array(z.enum(['revenue', 'wages'])).default(['revenue', 'wages']),
    /** Months of changes per hashed window. */
    looseWindow: z.number().int().min(4).default(6),
    /** Months between the starts of successive hashed windows. */
    looseStep: z.number().int().min(1).default(2),
    /** The source's peer-adjusted monthly change spread must be this many times the copy's deviation from it (root mean square). */
    looseShapeRatio: z.number().default(3),
    /** Least deviation assumed: the rounding of the figures. */
    looseDevFloor: z.number().default(0.005),
    /** A loose run shorter than looseLongMonths must deviate no more than this (root mean square of the log ratio): short copies count only when (nearly) exact. */
    looseShortMaxDev: z.number().default(0.012),
    /** A loose run whose log ratio stays within this of its factor (root mean square) is near-exact: it needs one confirming field fewer (at least one). */
    looseExactDev: z.number().default(0.003),
    /** Other fields that must agree when wages are the compared field (compared within looseWagesTol). */
    looseFieldsWages: z.number().int().min(0).default(1),
    /** Hash tables of the loose search, and sign bits per table (each entry is also filed under its least certain bit flipped). */
    looseTables: z.number().int().min(1).default(3),
    looseBits: z.number().int().min(4).max(20).default(16),
    /** Loose-search prefilter: least cosine of two windows' peer-adjusted change vectors (their root-mean-square difference must also stay within the tolerance). */
    looseMinCos: z.number().default(0.92),
    /** The window prefilter demands this many fewer agreeing other fields than the verification (at least one). */
    looseCheapSlack: z.number().int().min(0).default(1),
    /** A window whose figure stands exactly still in more months than this is not hashed (fixed fees, rounded figures). */
    looseMaxStill: z.number().int().min(0).default(2),
    /** The copy may be this many months behind its source. */
    maxLag: z.number().int().min(0).max(3).default(2),
    /** Relative tolerance of a month in the loose search (a ±3 % perturbation passes). */
    looseTol: z.number().default(0.045),
    /** Tolerance when wages are compared (partial copies): honest wages move alike, so near-exact only. */
    looseWagesTol: z.number().default(0.01),
    /** Mismatched months allowed inside a loose run (never two in a row). */
    maxMisses: z.number().int().min(0).default(2),
    looseMinMonths: z.number().int().min(6).default(8),
    /** Minimum peer-adjusted change spread of a hashed window. */
    looseMinShape: z.number().default(0.03),
    /** Other independently moving fields that must agree: runs shorter than looseLongMonths, longer ones. */
    looseFieldsShort: z.number().int().min(0).default(2),
    looseFieldsLong: z.number().int().min(0).default(2),
    looseLongMonths: z.number().int().default(12),
    /** Loose-search buckets larger than this are common shapes, not copies, and are not expanded. */
    looseMaxBucket: z.number().int().default(64),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    if (P < BLOCK || P < p.minMonths) return [];
    const starts: number[] = [];
    for (let s = 0; s + BLOCK <= P; s += BLOCK) starts.push(s);
    if (starts[starts.length - 1]! + BLOCK < P) starts.push(P - BLOCK);
    const probeTol = 2 * p.relTol + 0.004;
    const found = new Set<number>();
    // Units in an exact finding: the loose search asks about hundreds of thousands of pairs, and
    // a pair key beyond the small integers is boxed for every `found` lookup.
    const inFound = new Uint8Array(U);
    const buf = new Float64Array(P);
    const work = new Float64Array(P);
    const x = new Float64Array(BLOCK - 1);
    const keys = new Int32Array(8);
    const out: RuleFinding[] = [];
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
        if (!okBlock || maxAbs < p.minShape) continue;
        // Primary cell and the probe cells within the tolerance of a boundary, hashed to a small
        // integer (collisions only add candidates, which the exact verification rejects).
        keys[0] = 0;
        let nk = 1;
        for (let i = 0; i < BLOCK - 1; i++) {
          const v = x[i]! / p.cell;
          const c = Math.floor(v);
          const alt = v - c < probeTol / p.cell ? c - 1 : c + 1 - v < probeTol / p.cell ? c + 1 : c;
          const before = nk;
          if (alt !== c && nk * 2 <= keys.length) for (let j = 0; j < before; j++) keys[nk++] = Math.imul(keys[j]! ^ (alt + 0x3fff), 0x9e3779b1) | 0;
          for (let j = 0; j < before; j++) keys[j] = Math.imul(keys[j]! ^ (c + 0x3fff), 0x9e3779b1) | 0;
        }
        for (let j = 0; j < nk; j++) {
          const list = buckets.get(keys[j]!);
          if (!list || list.length > p.maxBucket) continue;
          for (const v of list) {
            const pairKey = v * U + u;
            if (found.has(pairKey) || tried.has(pairKey)) continue;
            tried.add(pairKey);
            const m = verify(data, v, u, s, p.relTol, buf);
            if (!m || m.months < p.minMonths) continue;
            found.add(pairKey);
            inFound[v] = 1;
            inFound[u] = 1;
            out.push(finding(data, v, u, m, p.copierGapRatio, buf, work));
          }
        }
        const own = buckets.get(keys[0]!);
        if (own) own.push(u);
        else buckets.set(keys[0]!, [u]);
      }
    }
    if (p.loose) {
      const loose = findLooseCopies(
        data,
        {
          fields: p.looseFields,
          window: p.looseWindow,
          tables: p.looseTables,
          bits: p.looseBits,
          maxLag: p.maxLag,
          tol: p.looseTol,
          wagesTol: p.looseWagesTol,
          maxMisses: p.maxMisses,
          minMonths: p.looseMinMonths,
          minShape: p.looseMinShape,
          fieldsShort: p.looseFieldsShort,
          fieldsLong: p.looseFieldsLong,
          longMonths: p.looseLongMonths,
          maxBucket: p.looseMaxBucket,
          minCos: p.looseMinCos,
          cheapSlack: p.looseCheapSlack,
          maxStill: p.looseMaxStill,
          step: p.looseStep,
          shapeRatio: p.looseShapeRatio,
          devFloor: p.looseDevFloor,
          shortMaxDev: p.looseShortMaxDev,
          exactDev: p.looseExactDev,
          fieldsWages: p.looseFieldsWages,
        },
        (a, b) => inFound[a] === 1 && inFound[b] === 1 && (found.has(a * U + b) || found.has(b * U + a)),
      );
      for (const m of loose) out.push(looseFinding(data, m, p.copierGapRatio, buf, work));
    }
    return out;
  },
});

function finding(data: DistrictData, a: number, b: number, m: Match, gapRatio: number, buf: Float64Array, work: Float64Array): RuleFinding {
  const { P, units } = data;
  const gap = (u: number) => {
    const g = changeSpread(data.revenue, data.taxSales, u * P, m.t0, m.t1, buf, work, 6);
    return Number.isNaN(g) ? changeSpread(data.revenue, data.gridKwh, u * P, m.t0, m.t1, buf, work, 6) : g;
  };
  const gapA = gap(a);
  const gapB = gap(b);
  // Who filed later, month by month (revision 0 times are not kept; the latest revision's time is).
  let laterA = 0;
  let laterB = 0;
  for (let t = m.t0; t <= m.t1; t++) {
    const ka = data.latestSubmission[a * P + t]!;
    const kb = data.latestSubmission[b * P + t]!;
    if (ka < 0 || kb < 0) continue;
    const ta = Date.parse(data.submissions[ka]!.submitted_at);
    const tb = Date.parse(data.submissions[kb]!.submitted_at);
    if (ta > tb) laterA++;
    else if (tb > ta) laterB++;
  }
  let copier = b;
  let basis = 'second unit of the pair';
  if (gapA >= gapRatio * gapB) [copier, basis] = [a, 'its reports do not follow its own tax/electricity'];
  else if (gapB >= gapRatio * gapA) [copier, basis] = [b, 'its reports do not follow its own tax/electricity'];
  else if (laterA >= 0.75 * (laterA + laterB) && laterA >= 6) [copier, basis] = [a, 'filed later in most matched months'];
  else if (laterB >= 0.75 * (laterA + laterB) && laterB >= 6) [copier, basis] = [b, 'filed later in most matched months'];
  const source = copier === a ? b : a;
  const factor = copier === b ? m.k : 1 / m.k;
  const fields = fieldAgreement(data, source, copier, { ...m, k: factor });
  const agreeing = Object.entries(fields).filter(([, f]) => f.months >= 6 && f.matched >= 0.8 * f.months).map(([n]) => n);
  const score = clamp01(0.7 + 0.02 * (m.months - 12) + (agreeing.includes('employees') ? 0.1 : 0) + 0.04 * agreeing.filter((n) => n !== 'employees').length);
  const cu = units[copier]!;
  const su = units[source]!;
  const from = data.periods[m.t0]!;
  const to = data.periods[m.t1]!;
  const identical = Math.abs(factor - 1) < 0.001;
  const rel = identical ? '完全相同' : `为其${round(factor, 3)}倍`;
  const relEn = identical ? 'identical to' : `${round(factor, 3)}× those of`;
  let shapeN = 0;
  for (let t = m.t0 + 1; t <= m.t1; t++) {
    const r0 = data.revenue[source * P + t - 1]!;
    const r1 = data.revenue[source * P + t]!;
    if (r0 > 0 && r1 > 0) buf[shapeN++] = Math.log(r1 / r0);
  }
  return {
    subject: { kind: 'unit', id: cu.id },
    unit_ids: [cu.id, su.id],
    period: from,
    score,
    severity: severityOf(score),
    summary_zh: `${cu.name || cu.id}在${from}至${to}共${m.months}个月的营业收入与${su.name || su.id}${rel}（最大相对偏差${(m.maxDev * 100).toFixed(2)}%）${agreeing.length ? `，${agreeing.join('、')}也同比例` : ''}。`,
    summary_en: `${cu.id}'s revenue for the ${m.months} months ${from}–${to} is ${relEn} ${su.id} (max relative deviation ${(m.maxDev * 100).toFixed(2)}%)${agreeing.length ? `; ${agreeing.join(', ')} follow the same factor` : ''}.`,
    evidence: {
      copier: cu.id,
      source: su.id,
      copier_basis: basis,
      factor: round(factor, 4),
      matched_periods: [from, to],
      months: m.months,
      max_relative_deviation: round(m.maxDev, 5),
      source_monthly_change_spread: round(madSigma(buf, shapeN, work), 4),
      copier_revenue: rowSlice(data.revenue, copier * P, m.t0, m.t1),
      source_revenue: rowSlice(data.revenue, source * P, m.t0, m.t1),
      copier_tax_sales: rowSlice(data.taxSales, copier * P, m.t0, m.t1),
      source_tax_sales: rowSlice(data.taxSales, source * P, m.t0, m.t1),
      gap_change_spread: { [cu.id]: round(copier === a ? gapA : gapB, 4), [su.id]: round(copier === a ? gapB : gapA, 4) },
      filed_later_months: { [units[a]!.id]: laterA, [units[b]!.id]: laterB },
      fields,
      same_legal_rep: !!cu.legalRep && cu.legalRep === su.legalRep,
    },
  };
}

function looseFinding(data: DistrictData, m: LooseMatch, gapRatio: number, buf: Float64Array, work: Float64Array): RuleFinding {
  const { P, units } = data;
  const a = m.src;
  const b = m.dst;
  const gapOf = (u: number, t0: number, t1: number) => {
    const g = changeSpread(data.revenue, data.taxSales, u * P, t0, t1, buf, work, 6);
    return Number.isNaN(g) ? changeSpread(data.revenue, data.gridKwh, u * P, t0, t1, buf, work, 6) : g;
  };
  const gapA = gapOf(a, m.t0 - m.lag, m.t1 - m.lag);
  const gapB = gapOf(b, m.t0, m.t1);
  // A lagged copy follows its source; otherwise the unit whose reports leave its own tax/electricity.
  let copier = b;
  let basis = m.lag > 0 ? `reports the other unit's figures ${m.lag} month(s) later` : 'second unit of the pair';
  if (m.lag === 0 && gapA >= gapRatio * gapB) [copier, basis] = [a, 'its reports do not follow its own tax/electricity'];
  else if (m.lag === 0 && gapB >= gapRatio * gapA) basis = 'its reports do not follow its own tax/electricity';
  const source = copier === a ? b : a;
  const factor = copier === b ? m.k : 1 / m.k;
  const fieldNames: Record<string, string> = { revenue: '营业收入', wages: '工资', employees: '从业人数', profit: '利润', gross_output: '总产值' };
  const score = clamp01(0.55 + 0.02 * (m.months - 8) + 0.06 * m.agreeing.length - 0.03 * m.misses);
  const cu = units[copier]!;
  const su = units[source]!;
  const from = data.periods[m.t0]!;
  const to = data.periods[m.t1]!;
  const srcFrom = data.periods[m.t0 - m.lag]!;
  const srcTo = data.periods[m.t1 - m.lag]!;
  const fz = fieldNames[m.field]!;
  const lagZh = m.lag ? `滞后${m.lag}个月` : '';
  const lagEn = m.lag ? `, ${m.lag} month(s) late,` : '';
  const rowC = copier * P;
  const rowS = source * P;
  const field = m.field === 'revenue' ? data.revenue : data.wages;
  const [sc0, sc1] = copier === b ? [m.t0 - m.lag, m.t1 - m.lag] : [m.t0, m.t1];
  const [cc0, cc1] = copier === b ? [m.t0, m.t1] : [m.t0 - m.lag, m.t1 - m.lag];
  return {
    subject: { kind: 'unit', id: cu.id },
    unit_ids: [cu.id, su.id],
    period: data.periods[cc0]!,
    score,
    severity: severityOf(score),
    summary_zh: `${cu.name || cu.id}在${from}至${to}的${fz}${lagZh}跟随${su.name || su.id}（${srcFrom}至${srcTo}），${m.months}个月比值稳定在${round(factor, 3)}倍左右（最大相对偏差${(m.maxDev * 100).toFixed(1)}%，不符${m.misses}个月；来源单位剔除同行共同走势后的月变动离散度${(m.shape * 100).toFixed(1)}%），${m.agreeing.map((n) => fieldNames[n] ?? n).join('、')}也同样跟随。`,
    summary_en: `${cu.id}'s ${m.field}${lagEn} follows ${su.id}'s (${srcFrom}–${srcTo}) at about ${round(factor, 3)}× for ${m.months} months (max relative deviation ${(m.maxDev * 100).toFixed(1)}%, ${m.misses} mismatched month(s); the source's peer-adjusted monthly change spread is ${(m.shape * 100).toFixed(1)}%); ${m.agreeing.join(', ')} follow too.`,
    evidence: {
      copier: cu.id,
      source: su.id,
      copier_basis: basis,
      compared_field: m.field,
      lag_months: m.lag,
      factor: round(factor, 4),
      matched_periods: [from, to],
      source_periods: [srcFrom, srcTo],
      months: m.months,
      mismatched_months: m.misses,
      max_relative_deviation: round(m.maxDev, 5),
      source_peer_adjusted_change_spread: round(m.shape, 4),
      copier_series: rowSlice(field, rowC, cc0, cc1),
      source_series: rowSlice(field, rowS, sc0, sc1),
      gap_change_spread: { [units[a]!.id]: round(gapA, 4), [units[b]!.id]: round(gapB, 4) },
      fields: m.fields,
      agreeing_fields: m.agreeing,
      same_legal_rep: !!cu.legalRep && cu.legalRep === su.legalRep,
    },
  };
}
