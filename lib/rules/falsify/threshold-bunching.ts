import type { DistrictData } from '../../engine/district-data';
import { defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { chiSquareSurvival } from '../../stats/chi-square';
import { windowRatio, windowSum, type AnnualWindow } from './annual-windows';
import { peerMemo, peerRatio, ratioProfiles, type PeerMemo, type PeerRatio } from './robust-series';
import { assessThreshold } from './threshold-cases';
import { LATE_MAX_MONTHS, MIN_COMMON_MONTHS, MIN_PEERS, Params } from './threshold-params';

export { assessEntryPush, assessThreshold } from './threshold-cases';
export { latePush } from './late-push';
export { THRESHOLD_DEFAULTS, type LatePush, type RatioBasis, type ThresholdCase } from './threshold-params';

/**
 * District density near each threshold, as evidence: units whose reported 12-month revenue lies
 * just below vs just above T (equal-width bins of `band`·T), the same for tax-implied revenue,
 * and a one-sided χ² (binomial) p-value of the excess above. The register holds only units
 * above the threshold, so the reported counts are truncated by design; the comparison with the
 * tax-implied counts is what tells bunching from truncation.
 */
function density(data: DistrictData, units: number[], w: AnnualWindow, T: number, band: number, memo: PeerMemo) {
  const prof = ratioProfiles(data);
  // One peer ratio per group (computed for its first unit): density is a district count, not a per-unit test.
  const groupStats = new Map<string, PeerRatio | null>();
  let repBelow = 0,
    repAbove = 0,
    taxBelow = 0,
    taxAbove = 0;
  for (const u of units) {
    const rep = windowSum(data, data.revenue, u, w).annual;
    if (rep >= T * (1 - band) && rep < T) repBelow++;
    else if (rep >= T && rep < T * (1 + band)) repAbove++;
    const tax = windowRatio(data, data.taxSales, u, w);
    const key = prof.key[u]!;
    const usable = tax.n >= MIN_COMMON_MONTHS;
    if (usable && !groupStats.has(key)) groupStats.set(key, peerRatio(data, prof.lnTax, 'tax', u, MIN_PEERS, memo));
    const peer = usable ? groupStats.get(key) : null;
    const imp = peer ? rep * Math.exp(peer.median - Math.log(tax.ratio)) : Number.NaN;
    if (imp >= T * (1 - band) && imp < T) taxBelow++;
    else if (imp >= T && imp < T * (1 + band)) taxAbove++;
  }
  const oneSided = (a: number, b: number) => (a + b === 0 ? 1 : a <= b ? 1 : chiSquareSurvival(((a - b) * (a - b)) / (a + b), 1) / 2);
  return {
    bin_width: round(T * band, 0),
    reported: { below: repBelow, above: repAbove, p_excess_above: round(oneSided(repAbove, repBelow), 4) },
    tax_implied: { below: taxBelow, above: taxAbove },
    excess_over_tax: repAbove - taxAbove,
  };
}

/**
 * RENT.THRESHOLD — reported annual revenue placed just over the register threshold while tax
 * (and electricity) show a smaller business.
 */
export const thresholdBunching = defineRule({
  id: 'falsify.threshold-bunching',
  version: 3,
  pattern: 'RENT.THRESHOLD',
  title: { zh: '数据寻租：营业收入卡线达标', en: 'Revenue placed just over the threshold' },
  description: {
    zh: '按自然年及截至最新月的12个月合计营业收入，找出恰好落在入库标准之上（默认+10%以内）的单位；用同行业“营业收入/税务销售额”比率中位数把税务销售额折合成营业收入，若低于标准一定幅度，且该单位的收入/税务比率相对同行的稳健z值明显偏高，则判为卡线寻租；用电相对同行同样偏低时为“高”。真实刚过标准的单位税务与收入相符，不报。区县层面标准附近的“刚好达标/刚好未达标”单位数（报表口径与税务折算口径）作为证据附上（名录本身在标准处截断，故与税务口径对比）。单位自身（窗口以外月份）的收入/税务比率长期稳定、与同行差异远超卡线所需（如出口零税率销售）且用电不矛盾时，按其自身比率折算，不报。入库申请申报额恰在标准之上（+10%以内）、而截至入库当月12个月税务折算的规模距标准不足25%的，属被推过标准的卡线入库，由本规则负责（虚假入库规则此时仅“低”）；规模更小的入库留给虚假入库规则（此处仅“低”）。全年折算未低于标准足够幅度时，再看“年末冲量”：窗口最后3–6个月每月营业收入都明显高于该单位自身常态的收入/税务比率（以其其余月份、包括另一年为基准，z值足够大），而窗口前几个月不高，且扣除这部分多报额后全年低于标准——税务是证人：真实的年末旺季税务同步上升；用电相对税务（与另一年同月相比）同样明显上升时视为真实增长，不报。某月未报时，若实报月份合计恰在标准之上，按实报合计判断。另一年营业收入远在标准之上（无需卡线）而收入/税务比率与本窗口相同的，该比率是单位自身经营特点（如出口零税率），整年口径的判断最多为“低”。',
    en: "Finds units whose 12-month revenue (each calendar year, and the 12 months to the latest period) lies just above their category threshold (within +10% by default) while tax-declared sales, converted with the peers' median revenue/tax ratio, put them below it by a margin and their own revenue/tax ratio is a robust-z outlier among peers; electricity low against peers too makes it high. Units genuinely just above the threshold have tax that agrees and stay silent. District counts just below and just above each threshold, by reported and by tax-implied revenue, are attached as evidence (the register is truncated at the threshold, hence the comparison with tax). A unit whose own revenue/tax ratio outside the window is long stable, departs from the peers' by more than a push could explain (zero-rated exports) and is not contradicted by electricity is judged by that ratio and stays silent. A register entry declaring just over the threshold (within +10%) while tax of the 12 months ending with the entry month implies a business less than 25% below it was pushed over: this rule owns it (the fake-entry rule stays low); entries by far smaller businesses are left to the fake-entry rule (low here). When the whole year is not far enough below, a late push is looked for: the window's last 3–6 months each report well above the unit's own revenue/tax ratio (measured on all its other months, the other year included; z high enough) while the window's earlier months do not, and without that excess the year falls below the threshold. Tax is the witness — a real year-end season raises tax in the same months; the meter rising against tax too (against the same months of the other year) is taken as a real surge and stays silent. With a month unfiled, the reports as filed are judged when their sum lands just over the threshold. When another year, reported well clear of the threshold (nothing to push), shows the same revenue/tax ratio, that ratio is the unit's trade (zero-rated exports) and a whole-year case stays low.",
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
      if (!d) densities.set(dKey, (d = density(data, byCategory.get(unit.category) ?? [], c.window, c.threshold, params.band, memo)));
      const from = data.periods[Math.max(0, c.window.from)] ?? data.periods[0]!;
      const to = data.periods[Math.min(data.P - 1, c.window.to)] ?? data.periods[data.P - 1]!;
      const taxShare = c.implied / c.threshold;
      const kwhNote = Number.isFinite(c.zKwh) && c.zKwh >= params.kwhZ;
      const own = c.basis.kind === 'own';
      const basisZh = own ? '按该单位自身长期稳定的收入/税务比率' : '按同行收入/税务比率';
      const basisEn = own ? "the unit's own long-stable revenue/tax ratio" : "the peers' revenue/tax ratio";
      const isEntry = c.kind === 'entry';
      const headZh = isEntry
        ? `${to}入库申报年营业收入${round(c.reported, 0)}千元，仅高出入库标准${c.threshold}千元${pct(c.reported / c.threshold - 1, 1)}`
        : `${from}至${to}营业收入合计${round(c.reported, 0)}千元，仅高出入库标准${c.threshold}千元${pct(c.reported / c.threshold - 1, 1)}`;
      const headEn = isEntry
        ? `Register entry ${c.entryEvent} in ${to} declares ${round(c.reported, 0)} a year, just ${pct(c.reported / c.threshold - 1, 1)} above the ${c.threshold} threshold`
        : `Revenue for ${from}–${to} totals ${round(c.reported, 0)}, just ${pct(c.reported / c.threshold - 1, 1)} above the ${c.threshold} threshold`;
      const entryZh = c.entryEvent && !isEntry ? (c.entryPushed ? `（入库申请${c.entryEvent}同样卡线）` : `（另有入库申请${c.entryEvent}）`) : isEntry ? '；申报额被推过标准，属卡线寻租' : '';
      const entryEn =
        c.entryEvent && !isEntry
          ? c.entryPushed
            ? ` (register entry ${c.entryEvent} was pushed over the same way)`
            : ` (register entry ${c.entryEvent} concerns this)`
          : isEntry
            ? '; the declaration was pushed over the threshold (rent-seeking)'
            : '';
      const lp = c.late;
      if (lp) {
        const lf = data.periods[lp.from]!;
        const lt = data.periods[lp.to]!;
        out.push({
          subject: { kind: 'unit', id: unit.id },
          unit_ids: [unit.id],
          period: from,
          score: round(c.score, 3),
          severity: c.calibration?.severity ?? severityOf(c.score),
          summary_zh: `${headZh}；但${lf}至${lt}这${lp.to - lp.from + 1}个月营业收入比该单位自身常态的“收入/税务销售额”比值高${pct(Math.expm1(lp.meanExcess), 1)}（其余月份及另一年与税务相符，z=${lp.z.toFixed(1)}），多报约${round(lp.excess, 0)}千元；扣除后全年仅${round(lp.without, 0)}千元，低于标准；诚实单位出现此差异的概率约${c.calibration?.false_alarm_rate.toPrecision(2)}${entryZh}`,
          summary_en: `${headEn}; but in ${lf}–${lt} (${lp.to - lp.from + 1} months) revenue runs ${pct(Math.expm1(lp.meanExcess), 1)} above the unit's own usual revenue/tax ratio (its other months, this year and the other, agree with tax; z = ${lp.z.toFixed(1)}), about ${round(lp.excess, 0)} more than tax supports; without it the year is ${round(lp.without, 0)}, below the threshold; an honest unit shows such a gap at a rate of about ${c.calibration?.false_alarm_rate.toPrecision(2)}${entryEn}`,
          evidence: {
            kind: 'late_push',
            window: { label: c.window.label, from, to },
            category: unit.category,
            threshold: c.threshold,
            reported_annual: round(c.reported, 1),
            above_threshold: round(c.reported / c.threshold - 1, 4),
            late_push: {
              from: lf,
              to: lt,
              mean_excess_over_own_ratio: round(Math.expm1(lp.meanExcess), 4),
              earlier_window_excess: round(Math.expm1(lp.priorExcess), 4),
              own_ratio: { months: lp.baseMonths, revenue_to_tax: round(Math.exp(lp.base), 3), sigma_log: round(lp.sigma, 3) },
              z: round(lp.z, 2),
              excess_revenue: round(lp.excess, 1),
              annual_without_excess: round(lp.without, 1),
              meter_vs_tax_change_same_months_other_year: Number.isFinite(lp.meterRise) ? round(Math.expm1(lp.meterRise), 4) : null,
            },
            tax: { months: c.taxMonths, annual_sales: round(c.taxAnnual, 1), unit_revenue_to_tax: round(c.reported / c.taxAnnual, 3) },
            district_density: d,
            register_entry: c.entryEvent,
            entry_pushed_over: c.entryPushed,
            calibration: c.calibration,
            params: { band: params.band, late_max_months: LATE_MAX_MONTHS, late_min_excess: params.sigmaFloor, late_prior_share: params.latePriorShare },
          },
        });
        continue;
      }
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: isEntry ? to : from,
        score: round(c.score, 3),
        severity: c.calibration?.severity ?? severityOf(c.score),
        summary_zh: `${headZh}；${isEntry ? `${from}至${to}税务申报销售额合计` : '税务申报销售额'}${isEntry && !own ? `按同类别同行业${c.peerTax.n}家单位同期12个月的收入/税务比率` : basisZh}折合，仅相当于${round(c.implied, 0)}千元（标准的${pct(taxShare)}）${kwhNote ? '，用电量同样显示规模偏小' : ''}${c.calibration ? `，诚实单位出现此差异的概率约${c.calibration.false_alarm_rate.toPrecision(2)}` : ''}${entryZh}`,
        summary_en: `${headEn}, while tax-declared sales${isEntry ? ` for ${from}–${to}` : ''} at ${isEntry && !own ? `the 12-month revenue/tax ratio of ${c.peerTax.n} peers (${c.peerTax.basis}) over the same months` : basisEn} imply only ${round(c.implied, 0)} (${pct(taxShare)} of the threshold)${kwhNote ? '; electricity also shows a smaller business' : ''}${c.calibration ? `, a gap an honest unit shows at a rate of about ${c.calibration.false_alarm_rate.toPrecision(2)}` : ''}${entryEn}`,
        evidence: {
          kind: c.kind,
          window: { label: c.window.label, from, to },
          category: unit.category,
          threshold: c.threshold,
          reported_annual: round(c.reported, 1),
          above_threshold: round(c.reported / c.threshold - 1, 4),
          tax: {
            months: c.taxMonths,
            annual_sales: round(c.taxAnnual, 1),
            implied_annual_revenue: round(c.implied, 1),
            unit_revenue_to_tax: round(c.reported / c.taxAnnual, 3),
            basis: { kind: c.basis.kind, n: c.basis.n, median_revenue_to_tax: round(Math.exp(c.basis.median), 3), sigma_log: round(c.basis.sigma, 3), se: round(c.basis.se, 3) },
            peer: { basis: c.peerTax.basis, n: c.peerTax.n, median_revenue_to_tax: round(Math.exp(c.peerTax.median), 3), sigma_log: round(c.peerTax.sigma, 3) },
            robust_z: round(c.zTax, 2),
          },
          electricity:
            Number.isFinite(c.kwhAnnual) && c.peerKwh
              ? {
                  annual_kwh: round(c.kwhAnnual, 0),
                  implied_annual_revenue: round(c.impliedKwh, 1),
                  peer: { basis: c.peerKwh.basis, n: c.peerKwh.n, median_revenue_per_kwh: round(Math.exp(c.peerKwh.median), 4), sigma_log: round(c.peerKwh.sigma, 3) },
                  robust_z: round(c.zKwh, 2),
                }
              : null,
          district_density: d,
          register_entry: c.entryEvent,
          entry_pushed_over: c.entryPushed,
          ...(c.calibration ? { calibration: c.calibration } : {}),
          params: {
            band: params.band,
            margin: params.margin,
            z_min: params.zMin,
            kwh_z: params.kwhZ,
            push_gap: params.pushGap,
            own_min_months: params.ownMinMonths,
            own_sigma_max: params.ownSigmaMax,
            own_departure: params.ownDeparture,
          },
        },
      });
    }
    return out;
  },
});
