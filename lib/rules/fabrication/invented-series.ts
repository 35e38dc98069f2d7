import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { exactRelation, ghostStats, halfSteps, ratioSpread, repeatedReports, terminalDigits, type RelationRun } from './invention-signals';
import { regimeEvidence, roundBaseRates } from './invented-regime';
import { peerMedians, rowSlice } from './series-tools';
import { changeCorrelationSmall, changeSpreadSmall, sortSmall } from './small-stats';

type Field = 'profit' | 'grossOutput' | 'mainRevenue';
const RELATIONS: { field: Field; zh: string; en: string }[] = [
  { field: 'profit', zh: '利润总额', en: 'profit' },
  { field: 'grossOutput', zh: '工业总产值', en: 'gross output' },
  { field: 'mainRevenue', zh: '主营业务收入', en: 'main-business revenue' },
];

const fin = (x: number): number | null => (Number.isFinite(x) ? round(x, 2) : null);

/** Does revenue move with the unit's own VAT sales or metered kWh month to month (over t0..t1)? */
function tracks(data: { revenue: Float64Array; taxSales: Float64Array; gridKwh: Float64Array }, row: number, t0: number, t1: number, trackMinCorr: number) {
  const ct = changeCorrelationSmall(data.revenue, data.taxSales, row, t0, t1, 6);
  const cg = changeCorrelationSmall(data.revenue, data.gridKwh, row, t0, t1, 6);
  const tracking = ct >= trackMinCorr || cg >= trackMinCorr;
  // Without a reference it is not shown to track; `untracked` needs monthly tax to show it does not.
  return { tracking, untracked: !tracking && Number.isFinite(ct), tax: ct, kwh: cg };
}

/**
 * Invented monthly figures of one unit: revenue heaped on round numbers far beyond chance,
 * a series far smoother than the unit's own tax/electricity and its peers, and a headcount
 * frozen while social insurance moves. Each of these alone is weak; they are combined.
 *
 * Version 2 adds signals that corroborate invention on their own (see invention-signals.ts):
 * profit or output an exact multiple of revenue month after month (to the precision written,
 * judged with the district's own spread of that ratio and skipped where the district shares the
 * relation) while revenue does not track tax/electricity; whole reports carried forward
 * unchanged while tax or the meter moved; a last-digit preference in revenue that does not track
 * tax; and a unit with not one tax, grid or insurance record whose licence is abnormal/revoked,
 * when its figures also look invented.
 *
 * Version 3 grades round and smooth figures by calibrate(): one p-value Fisher-combined from
 * parts each judged against a null from the district (see invented-regime.ts) — tracking of
 * tax/meter ranked among the district's units (a trade that tracks less as a whole, such as
 * developers, among its own), headcount and wage repeats against the district's mixture of
 * repeat habits (some honest firms never update their headcount) — and keeps a finding on the
 * watch list unless a tax, meter, staff or companion-figure record contradicts it (p ≤ 0.01).
 */
export const inventedSeries = defineRule({
  id: 'fabricate.invented-series',
  version: 3,
  pattern: 'FALSIFY.FABRICATE',
  title: {
    zh: '凭空编造的月度数据（取整堆积、过度平滑、字段间精确比例、整表照抄上月）',
    en: 'Invented monthly figures (round-number heaping, implausibly smooth series, exact field ratios, reports carried forward)',
  },
  description: {
    zh: '编造的数字往往是整百整千、按固定比例增长、人数不变。取整份额与全区同类数字的取整基准率做二项检验（只考虑相对量级足够细的取整单位）；平滑度用月环比对数变化的稳健离散度，与同行业比较，并要求该单位与税务/电力之比的波动明显大于同行——真实业务在变而报表不变；合同收费类单位收入平稳但税务同样平稳且不取整，因此不报。单一信号只列入观察，信号叠加才需复核。另有四类本身即可佐证编造的信号：利润或总产值逐月恰为营业收入的固定倍数（精确到填报位数，按全区该比例的自然波动估算偶然概率，全区普遍如此的换算关系不计），且营业收入的逐月变动与本单位纳税申报/电表读数不相关（若相关，则只是按固定利润率估算的真实销售，仅列入观察）；整张报表照抄上月而税务或电表读数在变；营业收入末位非零数字明显偏好某一数字，且逐月纳税申报显示收入不随之变动；单位无任何税务、电力、社保记录且营业执照经营异常或被吊销，同时数字本身有编造迹象（经营异常但仍有这些记录的单位、执照正常而在外地纳税的单位均不报）。严重程度由合并后的偶然概率决定：取整、平稳、收入不随税务/电力变动、人数或工资逐月不变各自与全区数据比较（整体上本就不随税务变动的行业，如房地产开发，只与本行业比较；人数不变与全区各单位自身的更新习惯比较，因为有的正常小企业从不更新人数），再合并；没有税务、电力、社保或其他报表数字与之矛盾时只列入观察。',
    en: "Invented figures tend to be whole hundreds or thousands, grow at a fixed rate and keep headcount frozen. The round share is tested binomially against the district base rate (only for rounding steps fine enough for the unit's magnitude); smoothness is the robust spread of monthly log changes against peers, and requires the unit's revenue/tax (or kWh) gap to move far more than peers' — the real business moves while the reports do not. Contract-fee units are flat in tax too and not round, so stay silent. One signal alone is a watch-list item; combined signals go to review. Four further signals corroborate invention by themselves: profit or gross output an exact multiple of revenue month after month (to the precision written; the chance is judged with the district's own spread of that ratio, and a relation the district shares is a convention and ignored) while revenue's monthly changes do not move with the unit's own VAT sales or meter (when they do, it is an estimated margin on real sales: watch list only); whole reports carried forward unchanged while tax or the meter moved; a last-digit preference in revenue that monthly VAT sales show is not followed; and a unit with not one tax, grid or insurance record whose licence is abnormal or revoked, when its figures also look invented (abnormal units that still leave records, and active units taxed elsewhere, stay silent). Severity follows the combined chance: rounding, smoothness, revenue not following tax/electricity and headcount or wages repeated month to month are each judged against the district (a trade whose revenue as a whole does not follow its tax, such as developers, only against its own trade; repeated headcount against the district's own updating habits, since some honest small firms never update theirs) and combined; without a tax, electricity, insurance or other-figure record contradicting them, findings stay on the watch list.",
  },
  scope: 'unit',
  reads: ['submissions', 'tax', 'electricity', 'social_insurance', 'market_status', 'units'],
  params: z.object({
    minMonths: z.number().int().min(6).default(12),
    /** A rounding step is tested only when the unit's median figure is at least this many steps. */
    minStepsInMedian: z.number().default(5),
    /** Shortest stretch of months (at the end of the series) tested as an invented regime. */
    minSegment: z.number().int().min(4).default(6),
    minPeers: z.number().int().default(5),
    /** Exact relation: a run of ≥ relationMinMonths months (≥ relationMinChanged changing) with log10 chance ≤ relationMaxLog10P … */
    relationMaxLog10P: z.number().default(-10),
    relationMinMonths: z.number().int().default(8),
    relationMinChanged: z.number().int().default(6),
    /** … while revenue moves (max / min over the run) … */
    relationMinDenSpan: z.number().default(1.03),
    /** … for ratios whose district spread is ≥ this (below: derived by convention) … */
    relationMinSpread: z.number().default(0.01),
    /** … and that at most this share of the district's units show (more: a convention; a couple of units never make one). */
    relationMaxShare: z.number().default(0.03),
    relationConventionMinUnits: z.number().int().default(3),
    /** Carried forward: ≥ this many whole-report repeats (revenue and ≥ repeatMinOther other figures equal) … */
    repeatMinMonths: z.number().int().default(3),
    repeatMinOther: z.number().int().default(3),
    /** … with tax or metered kWh moving ≥ this (log change) in at least repeatMinMonths of them. */
    repeatMoveTol: z.number().default(0.05),
    /** Last-digit preference: log10 chance of the favourite last non-zero digit (Bonferroni), and minimum distinct figures. */
    digitMaxLog10P: z.number().default(-4.5),
    digitMinDistinct: z.number().int().default(10),
    /** Revenue tracks its own records when its monthly changes correlate ≥ this with tax-declared sales or metered kWh. */
    trackMinCorr: z.number().default(0.5),
    /** Ghost: share of reported months with staff. */
    ghostMinStaffedShare: z.number().default(0.8),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    const buf = new Float64Array(P);
    const work = new Float64Array(P);
    const sorted = new Float64Array(P);
    const { unitRound, baseRate } = roundBaseRates(data);

    const sRev = new Float64Array(U).fill(Number.NaN);
    for (let u = 0; u < U; u++) {
      const row = u * P;
      sRev[u] = changeSpreadSmall(data.revenue, null, row, 0, P - 1, buf, work, p.minMonths - 1);
    }
    const peerRev = peerMedians(data, sRev, p.minPeers);
    const regimes = regimeEvidence(data, p, sRev, peerRev.median, baseRate, unitRound);

    // Exact relations field / revenue: per pair the district's spread of the ratio, each unit's
    // best run, and the share of units showing one (a relation many units share is a convention).
    const revHalf = halfSteps(data.revenue);
    const relations = RELATIONS.map(({ field }) => {
      const num = data[field];
      const sigma = ratioSpread(data, num, data.revenue, p.minMonths);
      const runs: (RelationRun | null)[] = new Array<RelationRun | null>(U).fill(null);
      let eligible = 0;
      let hits = 0;
      if (!(sigma >= p.relationMinSpread)) return { field, sigma, runs, share: Number.NaN, enabled: false };
      for (let u = 0; u < U; u++) {
        let m = 0;
        for (let t = 0; t < P; t++) if (num[u * P + t]! > 0 && data.revenue[u * P + t]! > 0) m++;
        if (m < p.minMonths) continue;
        eligible++;
        const r = exactRelation(num, data.revenue, u * P, P, sigma, 0.005, p.relationMinMonths, revHalf);
        if (r && r.log10P <= p.relationMaxLog10P && r.months >= p.relationMinMonths && r.changed >= p.relationMinChanged && r.denSpan >= p.relationMinDenSpan) {
          runs[u] = r;
          hits++;
        }
      }
      const share = eligible ? hits / eligible : Number.NaN;
      return { field, sigma, runs, share, enabled: hits < p.relationConventionMinUnits || share <= p.relationMaxShare };
    });

    // Only a unit whose latest market status is abnormal or revoked can be a ghost (ghostStats finds no status otherwise).
    const ghostCandidate = new Uint8Array(U);
    for (const [u, list] of data.marketStatus) {
      const latest = list[list.length - 1]?.status;
      if ((latest === 'abnormal' || latest === 'revoked') && u >= 0 && u < U) ghostCandidate[u] = 1;
    }
    const out: RuleFinding[] = [];
    for (let u = 0; u < U; u++) {
      const row = u * P;
      let n = 0;
      let first = -1;
      for (let t = 0; t < P; t++) {
        if (data.revenue[row + t]! > 0) {
          sorted[n++] = data.revenue[row + t]!;
          if (first < 0) first = t;
        }
      }
      if (n < p.minMonths) continue;
      sortSmall(sorted, n);
      const med = sorted[n >> 1]!;
      const reg = regimes[u] ?? null;
      // Exact relation: the most improbable enabled pair.
      let relation: { k: number; run: RelationRun } | null = null;
      for (let k = 0; k < relations.length; k++) {
        const r = relations[k]!.runs[u];
        if (relations[k]!.enabled && r && (!relation || r.log10P < relation.run.log10P)) relation = { k, run: r };
      }
      const rep = repeatedReports(data, row, p.repeatMinOther, p.repeatMoveTol);
      const carried = rep.repeats >= p.repeatMinMonths && rep.movedOutside >= p.repeatMinMonths && rep.longestBlock >= 3;
      const dg = terminalDigits(data.revenue, row, P);
      const digits = dg !== null && dg.distinct >= p.digitMinDistinct && dg.log10P <= p.digitMaxLog10P ? dg : null;
      const gs = ghostCandidate[u] ? ghostStats(data, u) : null;
      const ghostish = gs !== null && gs.outsideRecords === 0 && gs.status !== null && gs.months >= p.minMonths && gs.staffedMonths >= p.ghostMinStaffedShare * gs.months;
      const inventedLook = reg !== null || relation !== null || digits !== null || rep.repeats >= p.repeatMinMonths;
      const ghost = ghostish && inventedLook;
      if (!reg && !relation && !carried && !digits && !ghost) continue;

      const relTrack = relation ? tracks(data, row, relation.run.t0, relation.run.t1, p.trackMinCorr) : null;
      const digTrack = digits ? tracks(data, row, 0, P - 1, p.trackMinCorr) : null;
      // Round and smooth figures are scored by the strength of their evidence; the signals below
      // keep their review levels until they carry a tail probability of their own.
      let score = reg ? reg.score : 0;
      // A profit that is an exact share of an untracked revenue every month is arithmetic, not
      // bookkeeping; when revenue does track tax it is an estimated profit on real sales: watch only.
      if (relation) score = Math.max(score, relTrack!.tracking ? 0.45 : 0.6);
      if (carried) score = Math.max(score, 0.6);
      // A digit preference is weaker evidence: review only when monthly tax shows revenue does not follow it.
      if (digits) score = Math.max(score, digTrack!.untracked ? 0.55 : 0.4);
      if (ghost) score = Math.max(score, 0.65);
      const strong = [relation !== null && !relTrack!.tracking, carried, digits !== null && digTrack!.untracked, ghost, reg !== null && reg.severity !== 'low'].filter(Boolean).length;
      if (strong >= 2) score += 0.1;
      score = clamp01(score);
      const unit = units[u]!;
      const signals: string[] = [];
      const zh: string[] = [];
      const en: string[] = [];
      if (reg) {
        signals.push(...reg.signals);
        zh.push(reg.zh);
        en.push(reg.en);
      }
      if (relation) {
        const r = relation.run;
        const x = RELATIONS[relation.k]!;
        signals.push('exact_relation');
        zh.push(
          `${data.periods[r.t0]}至${data.periods[r.t1]}共${r.months}个月${x.zh}恰为营业收入的${round(r.ratio, 4)}倍（精确到填报位数，收入在其间变动${pct(r.denSpan - 1, 0)}；全区该比例的自然波动${pct(relations[relation.k]!.sigma, 1)}，偶然概率约10^${Math.round(r.log10P)}）${relTrack!.tracking ? '，但营业收入与税务/电力同步变动' : '，且营业收入不随税务/电力变动'}`,
        );
        en.push(
          `${x.en} is exactly ${round(r.ratio, 4)}× revenue in ${r.months} months ${data.periods[r.t0]}–${data.periods[r.t1]} (to the precision written, while revenue ranges ${pct(r.denSpan - 1, 0)}; this ratio's district spread is ${pct(relations[relation.k]!.sigma, 1)}, chance about 10^${Math.round(r.log10P)})${relTrack!.tracking ? ', though revenue moves with tax/electricity' : ', and revenue does not move with tax/electricity'}`,
        );
      }
      if (carried) {
        signals.push('carried_forward');
        zh.push(
          `${rep.repeats}个月整张报表与上月完全相同（最长连续${rep.longestBlock}个月），其中${rep.movedOutside}个月税务申报或电表读数变动${pct(p.repeatMoveTol, 0)}以上${rep.kwhFrozen ? `，${rep.kwhFrozen}个月自报用电量一度不差而电表读数在变` : ''}`,
        );
        en.push(
          `the whole report repeats the previous month's in ${rep.repeats} months (longest block ${rep.longestBlock} months), while tax-declared sales or metered kWh moved by ${pct(p.repeatMoveTol, 0)} or more in ${rep.movedOutside} of them${rep.kwhFrozen ? `; in ${rep.kwhFrozen} the self-reported kWh repeats to the kWh while the meter moved` : ''}`,
        );
      }
      if (digits) {
        signals.push('digit_preference');
        zh.push(
          `${digits.distinct}个不同营业收入数字中${digits.count}个末位非零数字为${digits.digit}（均匀应约1/8，偶然概率约10^${Math.round(digits.log10P)}）${digTrack!.untracked ? '，且收入不随逐月纳税申报变动' : ''}`,
        );
        en.push(
          `${digits.count} of ${digits.distinct} distinct revenue figures end (last non-zero digit) in ${digits.digit} (about 1 in 8 expected; chance about 10^${Math.round(digits.log10P)})${digTrack!.untracked ? ', and revenue does not move with its monthly VAT sales' : ''}`,
        );
      }
      if (ghost) {
        signals.push('ghost');
        zh.push(`${gs.months}个月报表（${gs.staffedMonths}个月有从业人员）却无任何税务、电力、社保记录，营业执照状态为${gs.status === 'revoked' ? '吊销' : '经营异常'}（${gs.statusDate}）`);
        en.push(`${gs.months} monthly reports (${gs.staffedMonths} with staff) but not one tax, grid or social-insurance record, and the licence is ${gs.status} since ${gs.statusDate}`);
      }
      // The month the invented stretch shows first: the start of the exact relation or of the repeats.
      const starts = [relation ? relation.run.t0 : -1, carried ? rep.firstRepeat : -1, reg ? reg.t0 : -1].filter((t) => t >= 0);
      const from = starts.length ? Math.min(...starts) : first;
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: data.periods[from] ?? null,
        score,
        severity: severityOf(score),
        summary_zh: `疑似编造数据：${zh.join('；')}。`,
        summary_en: `Figures look invented: ${en.join('; ')}.`,
        evidence: {
          signals,
          months: n,
          periods: [data.periods[0], data.periods[P - 1]],
          revenue: rowSlice(data.revenue, row, 0, P - 1),
          tax_sales: rowSlice(data.taxSales, row, 0, P - 1),
          median_revenue: round(med, 1),
          ...(reg ? { calibration: reg.calibration, regime: reg.evidence } : {}),
          smoothness: { revenue_change_spread: round(sRev[u]!, 4), peer_median_revenue_change_spread: round(peerRev.median[u]!, 4), peer_basis: peerRev.basis[u], peer_n: peerRev.n[u] },
          exact_relation: relation && {
            field: RELATIONS[relation.k]!.field,
            over: 'revenue',
            ratio: round(relation.run.ratio, 6),
            from: data.periods[relation.run.t0],
            to: data.periods[relation.run.t1],
            months: relation.run.months,
            changed_months: relation.run.changed,
            revenue_max_over_min: round(relation.run.denSpan, 3),
            log10_chance: round(relation.run.log10P, 1),
            district_ratio_spread: round(relations[relation.k]!.sigma, 4),
            district_share_with_relation: round(relations[relation.k]!.share, 4),
            revenue_change_correlation: { tax: fin(relTrack!.tax), kwh: fin(relTrack!.kwh), tracking: relTrack!.tracking, trackMinCorr: p.trackMinCorr },
            field_values: rowSlice(data[RELATIONS[relation.k]!.field], row, 0, P - 1),
            thresholds: { relationMaxLog10P: p.relationMaxLog10P, relationMaxShare: p.relationMaxShare },
          },
          carried_forward:
            rep.repeats > 0
              ? {
                  repeated_months: rep.repeats,
                  outside_moved: rep.movedOutside,
                  reported_kwh_frozen_while_meter_moved: rep.kwhFrozen,
                  longest_block: rep.longestBlock,
                  first: data.periods[rep.firstRepeat] ?? null,
                  grid_kwh: rowSlice(data.gridKwh, row, 0, P - 1, 0),
                  reported_kwh: rowSlice(data.reportedKwh, row, 0, P - 1, 0),
                }
              : null,
          digit_preference: digits && {
            distinct_figures: digits.distinct,
            digit: digits.digit,
            count: digits.count,
            log10_chance: round(digits.log10P, 1),
            revenue_change_correlation: { tax: fin(digTrack!.tax), kwh: fin(digTrack!.kwh), tracking: digTrack!.tracking, untracked: digTrack!.untracked },
          },
          ghost: ghostish
            ? {
                months: gs!.months,
                staffed_months: gs!.staffedMonths,
                tax_grid_insurance_records: gs!.outsideRecords,
                licence_status: gs!.status,
                status_date: gs!.statusDate,
                figures_look_invented: inventedLook,
              }
            : null,
        },
      });
    }
    return out;
  },
});
