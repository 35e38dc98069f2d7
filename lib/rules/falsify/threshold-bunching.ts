import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, pct, round, severityOf, type RuleContext, type RuleFinding } from '../../engine/rule';
import { chiSquareSurvival } from '../../stats/chi-square';
import { annualWindows, windowRatio, windowSum, type AnnualWindow } from './annual-windows';
import { peerMemo, peerRatio, ratioProfiles, type PeerMemo, type PeerRatio } from './robust-series';

const Params = z.object({
  /** Reported 12-month revenue within [T, T·(1 + band)] counts as bunched just above threshold T. */
  band: z.number().positive().default(0.1),
  /** Tax-implied annual revenue must be below T·(1 − margin). */
  margin: z.number().min(0).default(0.05),
  /** Months (of 12) with a report needed in a window; the sum is scaled to 12. */
  minMonths: z.number().int().min(1).max(12).default(11),
  /** Months with both a report and the cross source needed to measure the unit's ratio. */
  minCommon: z.number().int().min(1).max(12).default(8),
  /** Peers needed for a peer ratio (else the whole category is used). */
  minPeers: z.number().int().min(2).default(5),
  /** Robust z of the unit's revenue/tax ratio against peers needed for medium or high. */
  zMin: z.number().min(0).default(2),
  /** Robust z of revenue/kWh against peers that counts as electricity agreeing with tax. */
  kwhZ: z.number().min(0).default(1.5),
  /** Floor of the peer spread of log ratios (σ), so that a uniform group does not give huge z. */
  sigmaFloor: z.number().positive().default(0.04),
  /** Months after a window within which a register entry makes the case REGISTER.FAKE_ENTRY's. */
  entryLookahead: z.number().int().min(0).default(12),
});
type Params = z.output<typeof Params>;

export interface ThresholdCase {
  window: AnnualWindow;
  threshold: number;
  reported: number;
  /** Annual tax-declared sales (reported annual revenue over the unit's revenue/tax ratio on common months). */
  taxAnnual: number;
  taxMonths: number;
  implied: number;
  kwhAnnual: number;
  impliedKwh: number;
  zTax: number;
  zKwh: number;
  peerTax: PeerRatio;
  peerKwh: PeerRatio | null;
  score: number;
  entryEvent: string | null;
}

/**
 * The strongest bunched window of unit `u`, or null: reported 12-month revenue just above the
 * category threshold while tax-declared sales, converted with the peers' usual revenue/tax
 * ratio, put the unit below it. Exported so that the cross-source shift rule can leave such
 * units to this rule.
 */
export function assessThreshold(data: DistrictData, u: number, params: Params, ctx: RuleContext, memo: PeerMemo): ThresholdCase | null {
  const unit = data.units[u]!;
  const T = ctx.registerThresholds[unit.category];
  if (!T || !unit.known) return null;
  const prof = ratioProfiles(data);
  let best: ThresholdCase | null = null;
  for (const w of annualWindows(data)) {
    const rep = windowSum(data, data.revenue, u, w);
    if (rep.n < params.minMonths || !(rep.annual >= T && rep.annual <= T * (1 + params.band))) continue;
    const tax = windowRatio(data, data.taxSales, u, w);
    if (tax.n < params.minCommon) continue;
    const peerTax = peerRatio(data, prof.lnTax, 'tax', u, params.minPeers, memo);
    if (!peerTax) continue;
    // Tax-implied annual revenue: the reported annual revenue at the peers' revenue/tax ratio instead of the unit's own.
    const implied = rep.annual * Math.exp(peerTax.median - Math.log(tax.ratio));
    if (!(implied < T * (1 - params.margin))) continue;
    const zTax = (Math.log(tax.ratio) - peerTax.median) / Math.max(peerTax.sigma, params.sigmaFloor);
    const kwh = windowRatio(data, data.gridKwh, u, w);
    const peerKwh = kwh.n >= params.minCommon ? peerRatio(data, prof.lnKwh, 'kwh', u, params.minPeers, memo) : null;
    const impliedKwh = peerKwh ? rep.annual * Math.exp(peerKwh.median - Math.log(kwh.ratio)) : Number.NaN;
    const zKwh = peerKwh ? (Math.log(kwh.ratio) - peerKwh.median) / Math.max(peerKwh.sigma, params.sigmaFloor) : Number.NaN;
    const sGap = clamp01((1 - implied / T - params.margin) / 0.2);
    const sZ = clamp01((zTax - 1) / 3);
    const sK = Number.isFinite(zKwh) ? clamp01(zKwh / params.kwhZ) : 0.3;
    let score = 0.35 + 0.25 * sGap + 0.25 * sZ + 0.15 * sK;
    if (zTax < params.zMin) score = Math.min(score, 0.45);
    // Electricity that fits the reported revenue (or is missing) leaves tax alone: at most medium.
    if (!(zKwh >= params.kwhZ)) score = Math.min(score, 0.79);
    const wEnd = w.to;
    const entry = data.registerEvents.find((e) => {
      if (e.type !== 'entry' || e.unit_id !== unit.id) return false;
      const t = data.periodIndex.get(e.period);
      return t === undefined ? e.period > data.periods[w.from]! : t >= w.from && t <= wEnd + params.entryLookahead;
    });
    if (entry) score = Math.min(score, 0.45);
    if (!best || score > best.score) {
      best = { window: w, threshold: T, reported: rep.annual, taxAnnual: rep.annual / tax.ratio, taxMonths: tax.n, implied, kwhAnnual: rep.annual / kwh.ratio, impliedKwh, zTax, zKwh, peerTax, peerKwh, score, entryEvent: entry?.event_id ?? null };
    }
  }
  return best;
}

/** Default parameters, for rules that defer to this one. */
export const THRESHOLD_DEFAULTS: Params = Params.parse({});

/**
 * District density near each threshold, as evidence: units whose reported 12-month revenue lies
 * just below vs just above T (equal-width bins of `band`·T), the same for tax-implied revenue,
 * and a one-sided χ² (binomial) p-value of the excess above. The register holds only units
 * above the threshold, so the reported counts are truncated by design; the comparison with the
 * tax-implied counts is what tells bunching from truncation.
 */
function density(data: DistrictData, units: number[], w: AnnualWindow, T: number, band: number, memo: PeerMemo, params: Params) {
  const prof = ratioProfiles(data);
  // One peer ratio per group (computed for its first unit): density is a district count, not a per-unit test.
  const groupStats = new Map<string, PeerRatio | null>();
  let repBelow = 0, repAbove = 0, taxBelow = 0, taxAbove = 0;
  for (const u of units) {
    const rep = windowSum(data, data.revenue, u, w).annual;
    if (rep >= T * (1 - band) && rep < T) repBelow++;
    else if (rep >= T && rep < T * (1 + band)) repAbove++;
    const tax = windowRatio(data, data.taxSales, u, w);
    const key = prof.key[u]!;
    const usable = tax.n >= params.minCommon;
    if (usable && !groupStats.has(key)) groupStats.set(key, peerRatio(data, prof.lnTax, 'tax', u, params.minPeers, memo));
    const peer = usable ? groupStats.get(key) : null;
    const imp = peer ? rep * Math.exp(peer.median - Math.log(tax.ratio)) : Number.NaN;
    if (imp >= T * (1 - band) && imp < T) taxBelow++;
    else if (imp >= T && imp < T * (1 + band)) taxAbove++;
  }
  const oneSided = (a: number, b: number) => (a + b === 0 ? 1 : a <= b ? 1 : chiSquareSurvival(((a - b) * (a - b)) / (a + b), 1) / 2);
  return { bin_width: round(T * band, 0), reported: { below: repBelow, above: repAbove, p_excess_above: round(oneSided(repAbove, repBelow), 4) }, tax_implied: { below: taxBelow, above: taxAbove }, excess_over_tax: repAbove - taxAbove };
}

/**
 * RENT.THRESHOLD — reported annual revenue placed just over the register threshold while tax
 * (and electricity) show a smaller business.
 */
export const thresholdBunching = defineRule({
  id: 'falsify.threshold-bunching',
  version: 1,
  pattern: 'RENT.THRESHOLD',
  title: { zh: '数据寻租：营业收入卡线达标', en: 'Revenue placed just over the threshold' },
  description: {
    zh: '按自然年及截至最新月的12个月合计营业收入，找出恰好落在入库标准之上（默认+10%以内）的单位；用同行业“营业收入/税务销售额”比率中位数把税务销售额折合成营业收入，若低于标准一定幅度，且该单位的收入/税务比率相对同行的稳健z值明显偏高，则判为卡线寻租；用电相对同行同样偏低时为“高”。真实刚过标准的单位税务与收入相符，不报。区县层面标准附近的“刚好达标/刚好未达标”单位数（报表口径与税务折算口径）作为证据附上（名录本身在标准处截断，故与税务口径对比）。有入库申请的留给虚假入库规则（此处仅“低”）。',
    en: 'Finds units whose 12-month revenue (each calendar year, and the 12 months to the latest period) lies just above their category threshold (within +10% by default) while tax-declared sales, converted with the peers\' median revenue/tax ratio, put them below it by a margin and their own revenue/tax ratio is a robust-z outlier among peers; electricity low against peers too makes it high. Units genuinely just above the threshold have tax that agrees and stay silent. District counts just below and just above each threshold, by reported and by tax-implied revenue, are attached as evidence (the register is truncated at the threshold, hence the comparison with tax). Units with a register entry in or after the window are left to the fake-entry rule (low here).',
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity', 'register_events'],
  params: Params,
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const memo = peerMemo();
    const densities = new Map<string, ReturnType<typeof density>>();
    const byCategory = new Map<string, number[]>();
    data.units.forEach((x, i) => {
      if (!x.known) return;
      const list = byCategory.get(x.category);
      if (list) list.push(i);
      else byCategory.set(x.category, [i]);
    });
    for (let u = 0; u < data.units.length; u++) {
      const c = assessThreshold(data, u, params, ctx, memo);
      if (!c) continue;
      const unit = data.units[u]!;
      const dKey = `${unit.category}|${c.window.label}`;
      let d = densities.get(dKey);
      if (!d) densities.set(dKey, (d = density(data, byCategory.get(unit.category) ?? [], c.window, c.threshold, params.band, memo, params)));
      const from = data.periods[c.window.from]!;
      const to = data.periods[c.window.to]!;
      const taxShare = c.implied / c.threshold;
      const kwhNote = Number.isFinite(c.zKwh) && c.zKwh >= params.kwhZ;
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: from,
        score: round(c.score, 3),
        severity: severityOf(c.score),
        summary_zh: `${from}至${to}营业收入合计${round(c.reported, 0)}千元，仅高出入库标准${c.threshold}千元${pct(c.reported / c.threshold - 1, 1)}；按同行收入/税务比率折算，税务申报销售额仅相当于${round(c.implied, 0)}千元（标准的${pct(taxShare)}）${kwhNote ? '，用电量同样显示规模偏小' : ''}${c.entryEvent ? `（另有入库申请${c.entryEvent}）` : ''}`,
        summary_en: `Revenue for ${from}–${to} totals ${round(c.reported, 0)}, just ${pct(c.reported / c.threshold - 1, 1)} above the ${c.threshold} threshold, while tax-declared sales at the peers' revenue/tax ratio imply only ${round(c.implied, 0)} (${pct(taxShare)} of the threshold)${kwhNote ? '; electricity also shows a smaller business' : ''}${c.entryEvent ? ` (register entry ${c.entryEvent} concerns this)` : ''}`,
        evidence: {
          window: { label: c.window.label, from, to },
          category: unit.category,
          threshold: c.threshold,
          reported_annual: round(c.reported, 1),
          above_threshold: round(c.reported / c.threshold - 1, 4),
          tax: { months: c.taxMonths, annual_sales: round(c.taxAnnual, 1), implied_annual_revenue: round(c.implied, 1), unit_revenue_to_tax: round(c.reported / c.taxAnnual, 3), peer: { basis: c.peerTax.basis, n: c.peerTax.n, median_revenue_to_tax: round(Math.exp(c.peerTax.median), 3), sigma_log: round(c.peerTax.sigma, 3) }, robust_z: round(c.zTax, 2) },
          electricity: Number.isFinite(c.kwhAnnual) && c.peerKwh ? { annual_kwh: round(c.kwhAnnual, 0), implied_annual_revenue: round(c.impliedKwh, 1), peer: { basis: c.peerKwh.basis, n: c.peerKwh.n, median_revenue_per_kwh: round(Math.exp(c.peerKwh.median), 4), sigma_log: round(c.peerKwh.sigma, 3) }, robust_z: round(c.zKwh, 2) } : null,
          district_density: d,
          register_entry: c.entryEvent,
          params: { band: params.band, margin: params.margin, z_min: params.zMin },
        },
      });
    }
    return out;
  },
});
