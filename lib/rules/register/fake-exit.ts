import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, pct, type RuleFinding } from '../../engine/rule';
import type { DistrictData } from '../../engine/district-data';
import { median } from '../../stats/robust';
import { DEFAULT_TAX_RATIO, fmt, latestMarketStatus, periodColumn, unitProfiles, windowStat } from './evidence';

/** Median tax/revenue over the unit's months up to column `to` (both sources present). */
function ownRatioBefore(data: DistrictData, u: number, to: number): { n: number; ratio: number } {
  const vals: number[] = [];
  for (let t = 0; t <= Math.min(to, data.P - 1); t++) {
    const r = data.revenue[u * data.P + t]!;
    const x = data.taxSales[u * data.P + t]!;
    if (r > 0 && x > 0) vals.push(x / r);
  }
  return { n: vals.length, ratio: vals.length ? median(vals) : Number.NaN };
}

/** Median revenue/tax over columns [from, to] where both sources are present. */
function ratioStat(data: DistrictData, u: number, from: number, to: number): { n: number; median: number } {
  const vals: number[] = [];
  for (let t = Math.max(0, from); t <= Math.min(to, data.P - 1); t++) {
    const r = data.revenue[u * data.P + t]!;
    const x = data.taxSales[u * data.P + t]!;
    if (r > 0 && x > 0) vals.push(r / x);
  }
  return { n: vals.length, median: vals.length ? median(vals) : Number.NaN };
}

/**
 * REGISTER.FAKE_EXIT — an exit (below threshold, ceased, …) while tax and the meter show the
 * unit still above the threshold, typically after reported figures were cut while the other
 * sources stayed flat.
 */
export const fakeExit = defineRule({
  id: 'register.fake-exit',
  version: 2,
  pattern: 'REGISTER.FAKE_EXIT',
  title: { zh: '虚假退库', en: 'Exit while still above the threshold' },
  description: {
    zh: '以退库前后数月税务申报销售额的月中位数（对季节和单月波动稳健）按单位自身或同行的“销售额/营业收入”比率（取较大者，保守）折合年营业收入，与入库标准对照；退库前报表收入骤降而税务、用电保持平稳的，作为佐证。以“注销/吊销”退库但市场监管仍为存续且税务持续的也列入。真实退库单位的税务和用电同步下降，因而不报；只有用电时最多为“中”。单位自身的税务/收入比率取退库前9个月以前的月份（退库前压低报表会抬高全期比率、掩盖规模）；报表相对税务明显下降（同一比率的前后对比，不受季节影响）时，以退库前12个月税务折算全年。退库申报额低于标准、而该单位自己退库前12个月的报表（税务相符）高于标准的，作为佐证。以“停业”退库的，只有退库当月及以后仍有相当规模的税务才算矛盾——税务归零是真实停业。迁出的单位在数据末尾只剩两个月时，两个月的税务即可判断。',
    en: "The median monthly tax-declared sales around the exit (robust to seasons and single months) is converted to annual revenue with the larger of the unit's own and the peers' tax/revenue ratio (the conservative choice) and compared with the threshold; reported revenue cut before the exit while tax and electricity stayed flat corroborates. Exits claiming deregistration that market regulation does not show, with tax continuing, are included. Genuine exits show the fall in tax and electricity too and stay silent; electricity alone gives at most medium. The unit's own tax/revenue ratio comes from months at least 9 before the exit (reports cut before it would inflate a whole-history ratio and hide the business); when the reports fell away from tax (the same ratio, late vs early: free of seasons), tax of the 12 months before the exit shows the year. A declaration below the threshold that the unit's own 12 months of reports (with tax agreeing) put above it corroborates. An exit as ceased is contradicted only by tax at scale from the exit month on — tax falling to nothing is a real closure. A unit that moved out with only two months of data left after the exit is judged on those two.",
  },
  scope: 'register_event',
  reads: ['register_events', 'units', 'submissions', 'tax', 'electricity', 'market_status'],
  params: z.object({
    /** Exit reasons that claim the unit shrank or stopped. */
    reasons: z.array(z.string()).default(['below_threshold', 'ceased', 'other']),
    /**
     * Exit reasons that say the unit left the district or stopped existing on its own: judged
     * only on records after the exit, since the months before it are real business here.
     */
    goneReasons: z.array(z.string()).default(['moved_out', 'merged']),
    /** Months before the exit counted as "recent" (the run rate uses these and the months after). */
    recentMonths: z.number().int().min(1).default(3),
    /** Months after the exit used when available. */
    afterMonths: z.number().int().min(0).default(6),
    /** Minimum months with tax in the recent window for a tax-based finding. */
    minMonths: z.number().int().min(1).default(3),
    /** Tax-implied revenue above the threshold by this share counts fully. */
    fullAbove: z.number().positive().default(0.3),
    /** Implied revenue must exceed the threshold by this margin before anything is said. */
    margin: z.number().min(0).default(0.05),
    minScore: z.number().min(0).max(1).default(0.3),
    /** The unit's own tax/revenue ratio is taken from months at least this far before the exit (before any cut of the reports)… */
    ownRatioGap: z.number().int().min(1).default(9),
    /** …when it has this many of them; else from its whole history. */
    ownRatioMinMonths: z.number().int().min(1).default(3),
    /** Divergence (reports against tax, last months vs well before) from which it counts, and the further span to count fully. */
    divFrom: z.number().min(0).default(0.1),
    divFull: z.number().positive().default(0.2),
    /** Divergence from which the reports count as cut away from tax, so that tax of the whole year before the exit shows the business. */
    cutDivergence: z.number().positive().default(0.25),
    /** The unit's own 12 months of reports above its exit declaration by this share counts fully (when they are over T and the declaration under). */
    claimFull: z.number().positive().default(0.2),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const profiles = unitProfiles(data);
    for (const e of data.registerEvents) {
      if (e.type !== 'exit') continue;
      const claimsDeregistration = e.reason === 'deregistered' || e.reason === 'revoked';
      const claimsGone = params.goneReasons.includes(e.reason);
      if (!params.reasons.includes(e.reason) && !claimsDeregistration && !claimsGone) continue;
      const u = data.unitIndex.get(e.unit_id);
      const T = ctx.registerThresholds[e.category] ?? null;
      if (u === undefined || !T) continue;
      const unit = data.units[u]!;
      const te = periodColumn(data, e.period);
      if (claimsDeregistration) {
        const { latest } = latestMarketStatus(data, u);
        if (!latest || latest.status === 'deregistered' || latest.status === 'revoked') continue;
      }
      // Run rate around the exit, and the unit's honest baseline well before it.
      // A unit that moved out or merged leaves this district's tax and grid records: months after
      // the exit that still show it here at scale are the evidence, nothing before.
      const recentFrom = claimsGone ? te + 1 : te - params.recentMonths;
      const recentTax = windowStat(data, data.taxSales, u, recentFrom, te + params.afterMonths - 1);
      const baseRev = windowStat(data, data.revenue, u, te - 18, te - params.recentMonths - 3);
      const baseTax = windowStat(data, data.taxSales, u, te - 18, te - params.recentMonths - 3);
      const baseKwh = windowStat(data, data.gridKwh, u, te - 18, te - params.recentMonths - 3);
      const recentKwh = windowStat(data, data.gridKwh, u, recentFrom, te + params.afterMonths - 1);
      const lastRev = windowStat(data, data.revenue, u, te - params.recentMonths - 1, te);
      const lastTax = windowStat(data, data.taxSales, u, te - params.recentMonths - 1, te);
      // The unit's own tax/revenue ratio from months well before the exit: reports cut in the
      // months before it (the fraud itself) would otherwise lift the ratio and hide the business.
      const early = ownRatioBefore(data, u, te - params.ownRatioGap);
      const ownRatio = early.n >= params.ownRatioMinMonths ? early.ratio : profiles.taxRatio[u]!;
      const peer = profiles.peers('taxRatio', { category: e.category, industryCode: unit.industryCode });
      const ratio = Math.max(Number.isFinite(ownRatio) ? ownRatio : 0, peer?.median ?? DEFAULT_TAX_RATIO.median);
      // Reported revenue cut before the exit while tax did not follow: the unit's revenue/tax
      // ratio over the last months before the exit against its ratio well before (free of
      // seasons, which move both); else the older comparison of medians.
      const lastRatio = ratioStat(data, u, te - params.recentMonths - 1, te - 1);
      const earlyRatio = ratioStat(data, u, 0, te - params.ownRatioGap);
      let divergence = Number.NaN;
      if (lastRatio.n >= 2 && earlyRatio.n >= params.ownRatioMinMonths) divergence = 1 - lastRatio.median / earlyRatio.median;
      else if (lastRev.n >= 2 && baseRev.n >= 3 && baseRev.median > 0 && lastTax.n >= 2 && baseTax.n >= 3 && baseTax.median > 0) {
        divergence = 1 - lastRev.median / baseRev.median / (lastTax.median / baseTax.median);
      }
      // A unit that moved out may have too few months left in the data after its exit; two months
      // of tax at scale here are evidence enough of that claim.
      const minMonths = claimsGone ? Math.min(params.minMonths, Math.max(2, data.P - 1 - te)) : params.minMonths;
      const taxKnown = recentTax.n >= minMonths;
      let impliedTax = taxKnown ? (recentTax.median * 12) / ratio : Number.NaN;
      // Reports cut away from tax: tax of the 12 months before the exit, which did not fall, shows the year.
      const yearTax = windowStat(data, data.taxSales, u, te - 12, te - 1);
      const impliedYear = yearTax.n >= 9 ? yearTax.annual / ratio : Number.NaN;
      const cutAway = !claimsGone && divergence >= params.cutDivergence;
      if (taxKnown && cutAway && impliedYear > impliedTax) impliedTax = impliedYear;
      // Electricity: the unit's baseline revenue scaled by how its metered use moved.
      const kwhTrend = recentKwh.n >= params.minMonths && baseKwh.n >= 3 && baseKwh.median > 0 ? recentKwh.median / baseKwh.median : Number.NaN;
      const impliedKwh = Number.isFinite(kwhTrend) && baseRev.n >= 3 ? baseRev.median * 12 * kwhTrend : Number.NaN;
      const implied = taxKnown ? impliedTax : impliedKwh;
      if (!(implied > T * (1 + params.margin))) continue;
      // A unit that says it ceased is contradicted only by business from the exit month on: tax
      // falling to nothing there is the honest closure of a firm that was large until it stopped.
      const after = windowStat(data, data.taxSales, u, te, te + params.afterMonths - 1);
      const afterImplied = after.n ? (after.median * 12) / ratio : Number.NaN;
      if (e.reason === 'ceased' && after.n > 0 && !(afterImplied > T * (1 + params.margin))) continue;
      const sAbove = clamp01((implied / T - 1) / params.fullAbove);
      const sDiv = Number.isFinite(divergence) ? clamp01((divergence - params.divFrom) / params.divFull) : 0;
      const sKwh = Number.isFinite(kwhTrend) ? clamp01((kwhTrend - 0.6) / 0.25) : 0;
      // The exit's own claim against the unit's own reports for the 12 months before it: a
      // declaration below the threshold that its filings (with tax agreeing, checked above) put over it.
      const claimed = e.declared_annual_revenue;
      const ownYear = windowStat(data, data.revenue, u, te - 12, te - 1);
      const ownAnnual = ownYear.n >= 9 ? ownYear.annual : Number.NaN;
      const claimGap = claimed !== undefined && claimed > 0 && claimed < T && ownAnnual >= T * (1 + params.margin) ? ownAnnual / claimed - 1 : Number.NaN;
      const sClaim = Number.isFinite(claimGap) ? clamp01(claimGap / params.claimFull) : 0;
      let score = 0.5 * sAbove + 0.3 * Math.max(sDiv, sClaim) + 0.2 * sKwh;
      if (claimsDeregistration) score = Math.min(score + 0.2, 1);
      if (!taxKnown) score = Math.min(score, 0.79);
      if (score < params.minScore) continue;
      const basis = taxKnown ? '税务' : '用电';
      out.push({
        subject: { kind: 'register_event', id: e.event_id },
        unit_ids: [e.unit_id],
        period: e.period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${e.period}以“${e.reason}”退库${claimed !== undefined ? `（申报年收入${fmt(claimed)}千元）` : ''}，但${basis}显示退库前后折合年营业收入约${fmt(implied)}千元，高于标准${T}千元${Number.isFinite(claimGap) ? `；该单位自己退库前12个月的报表合计折年${fmt(ownAnnual)}千元，同样高于标准` : ''}${Number.isFinite(divergence) && divergence > 0.15 ? `；退库前报表收入相对税务下降${pct(divergence)}` : ''}${Number.isFinite(kwhTrend) ? `，用电为此前的${pct(kwhTrend)}` : ''}`,
        summary_en: `Exit in ${e.period} (${e.reason}${claimed !== undefined ? `, claiming ${fmt(claimed)} a year` : ''}) while ${taxKnown ? 'tax' : 'electricity'} around the exit implies about ${fmt(implied)} thousand yuan a year, above the threshold of ${T}${Number.isFinite(claimGap) ? `; its own reports for the 12 months before the exit come to ${fmt(ownAnnual)} a year, over the threshold too` : ''}${Number.isFinite(divergence) && divergence > 0.15 ? `; reported revenue fell ${pct(divergence)} relative to tax before the exit` : ''}${Number.isFinite(kwhTrend) ? `; electricity at ${pct(kwhTrend)} of its earlier level` : ''}`,
        evidence: {
          event: { event_id: e.event_id, reason: e.reason, category: e.category, period: e.period, declared_annual_revenue: claimed ?? null, submitted_by: e.submitted_by },
          threshold: T,
          recent_window: { from: e.period, months_before: params.recentMonths, months_after: params.afterMonths },
          tax: {
            months: recentTax.n,
            median_monthly: round(recentTax.median, 1),
            ratio_used: round(ratio, 3),
            own_ratio: round(ownRatio, 3),
            peer: peer ? { group: peer.key, n: peer.n, median: round(peer.median, 3) } : null,
            implied_annual_revenue: round(impliedTax, 1),
          },
          electricity: { recent_median_kwh: round(recentKwh.median, 0), baseline_median_kwh: round(baseKwh.median, 0), trend: round(kwhTrend, 3), implied_annual_revenue: round(impliedKwh, 1) },
          reported: {
            baseline_median: round(baseRev.median, 1),
            last_months_median: round(lastRev.median, 1),
            divergence_vs_tax: round(divergence, 3),
            revenue_to_tax_last: round(lastRatio.median, 3),
            revenue_to_tax_early: round(earlyRatio.median, 3),
            own_12_months_annual: round(ownAnnual, 1),
            cut_away_from_tax: cutAway,
          },
          tax_year_before_exit: { months: yearTax.n, annual: round(yearTax.annual, 1), implied_annual_revenue: round(impliedYear, 1) },
          market_status: claimsDeregistration ? (latestMarketStatus(data, u).latest ?? null) : undefined,
          components: { above: round(sAbove, 2), divergence: round(sDiv, 2), claim_vs_own_reports: round(sClaim, 2), electricity: round(sKwh, 2) },
        },
      });
    }
    return out;
  },
});
