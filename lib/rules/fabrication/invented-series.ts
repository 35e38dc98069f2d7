import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { changeSpread, isMultipleOf, log10BinomialTail, peerMedians, rowSlice } from './series-tools';

const STEPS = [10, 100, 1000, 10000];

/**
 * Invented monthly figures of one unit: revenue heaped on round numbers far beyond chance,
 * a series far smoother than the unit's own tax/electricity and its peers, and a headcount
 * frozen while social insurance moves. Each signal alone is weak; they are combined.
 */
export const inventedSeries = defineRule({
  id: 'fabricate.invented-series',
  version: 1,
  pattern: 'FALSIFY.FABRICATE',
  title: { zh: '凭空编造的月度数据（取整堆积、过度平滑）', en: 'Invented monthly figures (round-number heaping, implausibly smooth series)' },
  description: {
    zh: '编造的数字往往是整百整千、按固定比例增长、人数不变。取整份额与全区同类数字的取整基准率做二项检验（只考虑相对量级足够细的取整单位）；平滑度用月环比对数变化的稳健离散度，与同行业比较，并要求该单位与税务/电力之比的波动明显大于同行——真实业务在变而报表不变；合同收费类单位收入平稳但税务同样平稳且不取整，因此不报。单一信号只列入观察，信号叠加才需复核。',
    en: 'Invented figures tend to be whole hundreds or thousands, grow at a fixed rate and keep headcount frozen. The round share is tested binomially against the district base rate (only for rounding steps fine enough for the unit\'s magnitude); smoothness is the robust spread of monthly log changes against peers, and requires the unit\'s revenue/tax (or kWh) gap to move far more than peers\' — the real business moves while the reports do not. Contract-fee units are flat in tax too and not round, so stay silent. One signal alone is a watch-list item; combined signals go to review.',
  },
  scope: 'unit',
  reads: ['submissions', 'tax', 'electricity', 'social_insurance', 'units'],
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
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    const buf = new Float64Array(P);
    const work = new Float64Array(P);
    // District base rate of round figures per step (floor: uniform last digits).
    const roundCount = new Float64Array(STEPS.length);
    let figures = 0;
    for (let i = 0; i < data.revenue.length; i++) {
      const x = data.revenue[i]!;
      if (!(x > 0)) continue;
      figures++;
      for (let k = 0; k < STEPS.length; k++) if (isMultipleOf(x, STEPS[k]!)) roundCount[k]! += 1;
    }
    // Leave-one-out: the unit's own figures do not raise the base rate they are judged against.
    const baseRate = (k: number, own: number, n: number) => Math.min(0.5, Math.max(1 / STEPS[k]!, figures > n ? (roundCount[k]! - own) / (figures - n) : 0));

    const sRev = new Float64Array(U).fill(Number.NaN);
    const sGap = new Float64Array(U).fill(Number.NaN);
    for (let u = 0; u < U; u++) {
      const row = u * P;
      sRev[u] = changeSpread(data.revenue, null, row, 0, P - 1, buf, work, p.minMonths - 1);
      const gt = changeSpread(data.revenue, data.taxSales, row, 0, P - 1, buf, work, p.minMonths - 1);
      sGap[u] = Number.isNaN(gt) ? changeSpread(data.revenue, data.gridKwh, row, 0, P - 1, buf, work, p.minMonths - 1) : gt;
    }
    const peerRev = peerMedians(data, sRev, p.minPeers);
    const peerGap = peerMedians(data, sGap, p.minPeers);

    const out: RuleFinding[] = [];
    for (let u = 0; u < U; u++) {
      const row = u * P;
      let n = 0;
      let first = -1;
      for (let t = 0; t < P; t++) {
        if (data.revenue[row + t]! > 0) {
          buf[n++] = data.revenue[row + t]!;
          if (first < 0) first = t;
        }
      }
      if (n < p.minMonths) continue;
      const med = Float64Array.from(buf.subarray(0, n)).sort()[n >> 1]!;
      // Heaping: the most improbable eligible rounding step.
      let heap: { step: number; count: number; share: number; log10P: number; base: number } | null = null;
      for (let k = 0; k < STEPS.length; k++) {
        const step = STEPS[k]!;
        if (med < step * p.minStepsInMedian) break;
        let c = 0;
        for (let i = 0; i < n; i++) if (isMultipleOf(buf[i]!, step)) c++;
        const share = c / n;
        if (share < p.heapMinShare) continue;
        const base = baseRate(k, c, n);
        const lp = log10BinomialTail(n, c, base);
        if (lp <= p.heapMaxLog10P && (!heap || lp <= heap.log10P)) heap = { step, count: c, share, log10P: lp, base };
      }
      const coarse = heap !== null && heap.step / med >= p.coarseStep;
      const pr = peerRev.median[u]!;
      const pg = peerGap.median[u]!;
      const smooth = sRev[u]! <= p.smoothRatio * pr && sGap[u]! >= p.gapRatio * pg && pr > 0 && pg > 0;
      const strongSmooth = smooth && sRev[u]! <= (p.smoothRatio * pr) / 1.5 && sGap[u]! >= p.gapRatio * pg * 1.4;
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
      if (!heap && !smooth) continue;

      let score: number;
      if (heap && smooth) score = 0.85 + (frozen ? 0.1 : 0);
      // Round figures alone are an estimating habit as often as an invention (small firms that
      // report whole 10 000s): alone they are a watch-list item; with a frozen headcount, review.
      else if (heap) score = (coarse && frozen ? 0.6 : 0.4) + (frozen ? 0.15 : 0);
      else score = (strongSmooth ? 0.55 : 0.35) + (frozen ? 0.1 : 0);
      score = clamp01(score);
      const unit = units[u]!;
      const signals: string[] = [];
      const zh: string[] = [];
      if (heap) {
        signals.push('heaping');
        zh.push(`${heap.count}/${n}个月营业收入为${heap.step}的整倍数（全区基准${pct(heap.base, 2)}）`);
      }
      if (smooth) {
        signals.push('smooth');
        zh.push(`月环比波动${pct(sRev[u]!, 1)}，同行中位数${pct(pr, 1)}，而与税务/电力之比的波动${pct(sGap[u]!, 1)}（同行${pct(pg, 1)}）`);
      }
      if (frozen) {
        signals.push('frozen_headcount');
        zh.push(`从业人员始终为${eMax}人而社保人数在${iMin}–${iMax}间变动`);
      }
      const en: string[] = [];
      if (heap) en.push(`${heap.count} of ${n} monthly revenues are multiples of ${heap.step} (district base rate ${pct(heap.base, 2)})`);
      if (smooth) en.push(`monthly changes spread ${pct(sRev[u]!, 1)} against a peer median of ${pct(pr, 1)}, while its revenue/tax-or-kWh gap moves ${pct(sGap[u]!, 1)} (peers ${pct(pg, 1)})`);
      if (frozen) en.push(`headcount stays at ${eMax} while insured headcount ranges ${iMin}–${iMax}`);
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: data.periods[first] ?? null,
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
          heaping: heap && { step: heap.step, round_figures: heap.count, share: round(heap.share, 3), district_base_rate: round(heap.base, 5), log10_binomial_p: round(heap.log10P, 1), step_over_median: round(heap.step / med, 4), coarse },
          smoothness: {
            revenue_change_spread: round(sRev[u]!, 4),
            peer_median_revenue_change_spread: round(pr, 4),
            gap_change_spread: round(sGap[u]!, 4),
            peer_median_gap_change_spread: round(pg, 4),
            peer_basis: peerRev.basis[u],
            peer_n: peerRev.n[u],
            thresholds: { smoothRatio: p.smoothRatio, gapRatio: p.gapRatio },
          },
          headcount: { reported_min: eMin, reported_max: eMax, insured_min: Number.isFinite(iMin) ? iMin : null, insured_max: Number.isFinite(iMax) ? iMax : null, frozen },
        },
      });
    }
    return out;
  },
});
