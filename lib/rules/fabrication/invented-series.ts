import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { exactRelation, ghostStats, halfSteps, ratioSpread, repeatedReports, terminalDigits, type RelationRun } from './invention-signals';
import { isMultipleOf, log10BinomialTail, peerMedians, rowSlice } from './series-tools';
import { changeCorrelationSmall, changeSpreadSmall, sortSmall } from './small-stats';

type Field = 'profit' | 'grossOutput' | 'mainRevenue';
const RELATIONS: { field: Field; zh: string; en: string }[] = [
  { field: 'profit', zh: '利润总额', en: 'profit' },
  { field: 'grossOutput', zh: '工业总产值', en: 'gross output' },
  { field: 'mainRevenue', zh: '主营业务收入', en: 'main-business revenue' },
];

const STEPS = [10, 100, 1000, 10000];
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
 */
export const inventedSeries = defineRule({
  id: 'fabricate.invented-series',
  version: 2,
  pattern: 'FALSIFY.FABRICATE',
  title: { zh: '凭空编造的月度数据（取整堆积、过度平滑、字段间精确比例、整表照抄上月）', en: 'Invented monthly figures (round-number heaping, implausibly smooth series, exact field ratios, reports carried forward)' },
  description: {
    zh: '编造的数字往往是整百整千、按固定比例增长、人数不变。取整份额与全区同类数字的取整基准率做二项检验（只考虑相对量级足够细的取整单位）；平滑度用月环比对数变化的稳健离散度，与同行业比较，并要求该单位与税务/电力之比的波动明显大于同行——真实业务在变而报表不变；合同收费类单位收入平稳但税务同样平稳且不取整，因此不报。单一信号只列入观察，信号叠加才需复核。另有四类本身即可佐证编造的信号：利润或总产值逐月恰为营业收入的固定倍数（精确到填报位数，按全区该比例的自然波动估算偶然概率，全区普遍如此的换算关系不计），且营业收入的逐月变动与本单位纳税申报/电表读数不相关（若相关，则只是按固定利润率估算的真实销售，仅列入观察）；整张报表照抄上月而税务或电表读数在变；营业收入末位非零数字明显偏好某一数字，且逐月纳税申报显示收入不随之变动；单位无任何税务、电力、社保记录且营业执照经营异常或被吊销，同时数字本身有编造迹象（经营异常但仍有这些记录的单位、执照正常而在外地纳税的单位均不报）。',
    en: 'Invented figures tend to be whole hundreds or thousands, grow at a fixed rate and keep headcount frozen. The round share is tested binomially against the district base rate (only for rounding steps fine enough for the unit\'s magnitude); smoothness is the robust spread of monthly log changes against peers, and requires the unit\'s revenue/tax (or kWh) gap to move far more than peers\' — the real business moves while the reports do not. Contract-fee units are flat in tax too and not round, so stay silent. One signal alone is a watch-list item; combined signals go to review. Four further signals corroborate invention by themselves: profit or gross output an exact multiple of revenue month after month (to the precision written; the chance is judged with the district\'s own spread of that ratio, and a relation the district shares is a convention and ignored) while revenue\'s monthly changes do not move with the unit\'s own VAT sales or meter (when they do, it is an estimated margin on real sales: watch list only); whole reports carried forward unchanged while tax or the meter moved; a last-digit preference in revenue that monthly VAT sales show is not followed; and a unit with not one tax, grid or insurance record whose licence is abnormal or revoked, when its figures also look invented (abnormal units that still leave records, and active units taxed elsewhere, stay silent).',
  },
  scope: 'unit',
  reads: ['submissions', 'tax', 'electricity', 'social_insurance', 'market_status', 'units'],
  params: z.object({
    minMonths: z.number().int().min(6).default(12),
    /** A rounding step is tested only when the unit's median figure is at least this many steps. */
    minStepsInMedian: z.number().default(5),
    /** Heaping: minimum share of round figures and maximum log10 binomial tail. */
    heapMinShare: z.number().default(0.6),
    heapMaxLog10P: z.number().default(-8),
    /** Heaping counts as coarse (stand-alone review) when step / median ≥ this. */
    coarseStep: z.number().default(0.01),
    /** Smooth: revenue change spread ≤ this × peers' median … */
    smoothRatio: z.number().default(0.35),
    /** … while the revenue/reference gap moves ≥ this × peers' gap spread. */
    gapRatio: z.number().default(1.8),
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
    const S = STEPS.length;
    // District base rate of round figures per step (floor: uniform last digits), and each unit's
    // own count per step for its heaping test.
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

    const sRev = new Float64Array(U).fill(Number.NaN);
    const sGap = new Float64Array(U).fill(Number.NaN);
    for (let u = 0; u < U; u++) {
      const row = u * P;
      sRev[u] = changeSpreadSmall(data.revenue, null, row, 0, P - 1, buf, work, p.minMonths - 1);
      const gt = changeSpreadSmall(data.revenue, data.taxSales, row, 0, P - 1, buf, work, p.minMonths - 1);
      sGap[u] = Number.isNaN(gt) ? changeSpreadSmall(data.revenue, data.gridKwh, row, 0, P - 1, buf, work, p.minMonths - 1) : gt;
    }
    const peerRev = peerMedians(data, sRev, p.minPeers);
    const peerGap = peerMedians(data, sGap, p.minPeers);

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
      // The median is needed only where some step's share qualifies, or for a finding (sorted lazily).
      let med = Number.NaN;
      // Heaping: the most improbable eligible rounding step.
      let heap: { step: number; count: number; share: number; log10P: number; base: number } | null = null;
      for (let k = 0; k < STEPS.length; k++) {
        const step = STEPS[k]!;
        const c = unitRound[u * S + k]!;
        const share = c / n;
        if (share < p.heapMinShare) continue;
        if (Number.isNaN(med)) {
          sortSmall(sorted, n);
          med = sorted[n >> 1]!;
        }
        if (med < step * p.minStepsInMedian) break;
        const base = baseRate(k, c, n);
        const lp = log10BinomialTail(n, c, base);
        if (lp <= p.heapMaxLog10P && (!heap || lp <= heap.log10P)) heap = { step, count: c, share, log10P: lp, base };
      }
      const coarse = heap !== null && heap.step / med >= p.coarseStep;
      const pr = peerRev.median[u]!;
      const pg = peerGap.median[u]!;
      const smooth = sRev[u]! <= p.smoothRatio * pr && sGap[u]! >= p.gapRatio * pg && pr > 0 && pg > 0;
      const strongSmooth = smooth && sRev[u]! <= (p.smoothRatio * pr) / 1.5 && sGap[u]! >= p.gapRatio * pg * 1.4;
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
      const inventedLook = heap !== null || smooth || relation !== null || digits !== null || rep.repeats >= p.repeatMinMonths;
      const ghost = ghostish && inventedLook;
      if (!heap && !smooth && !relation && !carried && !digits && !ghost) continue;
      if (Number.isNaN(med)) {
        sortSmall(sorted, n);
        med = sorted[n >> 1]!;
      }

      const relTrack = relation ? tracks(data, row, relation.run.t0, relation.run.t1, p.trackMinCorr) : null;
      const wholeTrack = heap || digits ? tracks(data, row, 0, P - 1, p.trackMinCorr) : null;
      const heapTrack = heap ? wholeTrack : null;
      const digTrack = digits ? wholeTrack : null;
      // Frozen headcount while social insurance moves.
      let eMin = Infinity;
      let eMax = -Infinity;
      let iMin = Infinity;
      let iMax = -Infinity;
      let ne = 0;
      for (let t = 0; t < P; t++) {
        const e = data.employees[row + t]!;
        const ins = data.insured[row + t]!;
        if (!Number.isNaN(e)) {
          ne++;
          eMin = Math.min(eMin, e);
          eMax = Math.max(eMax, e);
        }
        if (!Number.isNaN(ins)) {
          iMin = Math.min(iMin, ins);
          iMax = Math.max(iMax, ins);
        }
      }
      const frozen = ne >= p.minMonths && eMin === eMax && eMax > 0 && iMax > iMin && iMax - iMin >= 0.05 * iMax;

      let score = 0;
      if (heap && smooth) score = 0.85 + (frozen ? 0.1 : 0);
      // Round figures alone are an estimating habit as often as an invention (small firms that
      // report whole 10 000s): alone they are a watch-list item; with a frozen headcount, review.
      else if (heap) score = (coarse && frozen ? 0.6 : 0.4) + (frozen ? 0.15 : 0);
      else if (smooth) score = (strongSmooth ? 0.55 : 0.35) + (frozen ? 0.1 : 0);
      // A profit that is an exact share of an untracked revenue every month is arithmetic, not
      // bookkeeping; when revenue does track tax it is an estimated profit on real sales: watch only.
      if (relation) score = Math.max(score, relTrack!.tracking ? 0.45 : 0.6);
      if (carried) score = Math.max(score, 0.6);
      // A digit preference is weaker evidence: review only when monthly tax shows revenue does not follow it.
      if (digits) score = Math.max(score, digTrack!.untracked ? 0.55 : 0.4);
      if (ghost) score = Math.max(score, 0.65);
      const strong = [relation !== null && !relTrack!.tracking, carried, digits !== null && digTrack!.untracked, ghost, heap !== null && smooth].filter(Boolean).length;
      if (strong >= 2) score += 0.1;
      score = clamp01(score);
      const unit = units[u]!;
      const signals: string[] = [];
      const zh: string[] = [];
      const en: string[] = [];
      if (heap) {
        signals.push('heaping');
        zh.push(`${heap.count}/${n}个月营业收入为${heap.step}的整倍数（全区基准${pct(heap.base, 2)}）`);
        en.push(`${heap.count} of ${n} monthly revenues are multiples of ${heap.step} (district base rate ${pct(heap.base, 2)})`);
      }
      if (smooth) {
        signals.push('smooth');
        zh.push(`月环比波动${pct(sRev[u]!, 1)}，同行中位数${pct(pr, 1)}，而与税务/电力之比的波动${pct(sGap[u]!, 1)}（同行${pct(pg, 1)}）`);
        en.push(`monthly changes spread ${pct(sRev[u]!, 1)} against a peer median of ${pct(pr, 1)}, while its revenue/tax-or-kWh gap moves ${pct(sGap[u]!, 1)} (peers ${pct(pg, 1)})`);
      }
      if (relation) {
        const r = relation.run;
        const x = RELATIONS[relation.k]!;
        signals.push('exact_relation');
        zh.push(`${data.periods[r.t0]}至${data.periods[r.t1]}共${r.months}个月${x.zh}恰为营业收入的${round(r.ratio, 4)}倍（精确到填报位数，收入在其间变动${pct(r.denSpan - 1, 0)}；全区该比例的自然波动${pct(relations[relation.k]!.sigma, 1)}，偶然概率约10^${Math.round(r.log10P)}）${relTrack!.tracking ? '，但营业收入与税务/电力同步变动' : '，且营业收入不随税务/电力变动'}`);
        en.push(`${x.en} is exactly ${round(r.ratio, 4)}× revenue in ${r.months} months ${data.periods[r.t0]}–${data.periods[r.t1]} (to the precision written, while revenue ranges ${pct(r.denSpan - 1, 0)}; this ratio's district spread is ${pct(relations[relation.k]!.sigma, 1)}, chance about 10^${Math.round(r.log10P)})${relTrack!.tracking ? ', though revenue moves with tax/electricity' : ', and revenue does not move with tax/electricity'}`);
      }
      if (carried) {
        signals.push('carried_forward');
        zh.push(`${rep.repeats}个月整张报表与上月完全相同（最长连续${rep.longestBlock}个月），其中${rep.movedOutside}个月税务申报或电表读数变动${pct(p.repeatMoveTol, 0)}以上${rep.kwhFrozen ? `，${rep.kwhFrozen}个月自报用电量一度不差而电表读数在变` : ''}`);
        en.push(`the whole report repeats the previous month's in ${rep.repeats} months (longest block ${rep.longestBlock} months), while tax-declared sales or metered kWh moved by ${pct(p.repeatMoveTol, 0)} or more in ${rep.movedOutside} of them${rep.kwhFrozen ? `; in ${rep.kwhFrozen} the self-reported kWh repeats to the kWh while the meter moved` : ''}`);
      }
      if (digits) {
        signals.push('digit_preference');
        zh.push(`${digits.distinct}个不同营业收入数字中${digits.count}个末位非零数字为${digits.digit}（均匀应约1/8，偶然概率约10^${Math.round(digits.log10P)}）${digTrack!.untracked ? '，且收入不随逐月纳税申报变动' : ''}`);
        en.push(`${digits.count} of ${digits.distinct} distinct revenue figures end (last non-zero digit) in ${digits.digit} (about 1 in 8 expected; chance about 10^${Math.round(digits.log10P)})${digTrack!.untracked ? ', and revenue does not move with its monthly VAT sales' : ''}`);
      }
      if (ghost) {
        signals.push('ghost');
        zh.push(`${gs.months}个月报表（${gs.staffedMonths}个月有从业人员）却无任何税务、电力、社保记录，营业执照状态为${gs.status === 'revoked' ? '吊销' : '经营异常'}（${gs.statusDate}）`);
        en.push(`${gs.months} monthly reports (${gs.staffedMonths} with staff) but not one tax, grid or social-insurance record, and the licence is ${gs.status} since ${gs.statusDate}`);
      }
      if (frozen) {
        signals.push('frozen_headcount');
        zh.push(`从业人员始终为${eMax}人而社保人数在${iMin}–${iMax}间变动`);
        en.push(`headcount stays at ${eMax} while insured headcount ranges ${iMin}–${iMax}`);
      }
      // The month the invented stretch shows first: the start of the exact relation or of the repeats.
      const starts = [relation ? relation.run.t0 : -1, carried ? rep.firstRepeat : -1].filter((t) => t >= 0);
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
          heaping: heap && { revenue_change_correlation: { tax: fin(heapTrack!.tax), kwh: fin(heapTrack!.kwh) }, step: heap.step, round_figures: heap.count, share: round(heap.share, 3), district_base_rate: round(heap.base, 5), log10_binomial_p: round(heap.log10P, 1), step_over_median: round(heap.step / med, 4), coarse },
          smoothness: {
            revenue_change_spread: round(sRev[u]!, 4),
            peer_median_revenue_change_spread: round(pr, 4),
            gap_change_spread: round(sGap[u]!, 4),
            peer_median_gap_change_spread: round(pg, 4),
            peer_basis: peerRev.basis[u],
            peer_n: peerRev.n[u],
            thresholds: { smoothRatio: p.smoothRatio, gapRatio: p.gapRatio },
          },
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
          carried_forward: rep.repeats > 0 ? { repeated_months: rep.repeats, outside_moved: rep.movedOutside, reported_kwh_frozen_while_meter_moved: rep.kwhFrozen, longest_block: rep.longestBlock, first: data.periods[rep.firstRepeat] ?? null, grid_kwh: rowSlice(data.gridKwh, row, 0, P - 1, 0), reported_kwh: rowSlice(data.reportedKwh, row, 0, P - 1, 0) } : null,
          digit_preference: digits && { distinct_figures: digits.distinct, digit: digits.digit, count: digits.count, log10_chance: round(digits.log10P, 1), revenue_change_correlation: { tax: fin(digTrack!.tax), kwh: fin(digTrack!.kwh), tracking: digTrack!.tracking, untracked: digTrack!.untracked } },
          ghost: ghostish ? { months: gs!.months, staffed_months: gs!.staffedMonths, tax_grid_insurance_records: gs!.outsideRecords, licence_status: gs!.status, status_date: gs!.statusDate, figures_look_invented: inventedLook } : null,
          headcount: { reported_min: eMin, reported_max: eMax, insured_min: Number.isFinite(iMin) ? iMin : null, insured_max: Number.isFinite(iMax) ? iMax : null, frozen },
        },
      });
    }
    return out;
  },
});
