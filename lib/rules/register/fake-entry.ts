import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, pct, type RuleFinding } from '../../engine/rule';
import { assessEntryPush, THRESHOLD_DEFAULTS } from '../falsify/threshold-bunching';
import { peerMemo } from '../falsify/robust-series';
import { DEFAULT_TAX_RATIO, fmt, usable, periodColumn, unitProfiles, windowStat } from './evidence';

/**
 * REGISTER.FAKE_ENTRY — an entry application whose declared revenue (and attached tax
 * evidence) the tax records, the meter and the insured headcount of the 12 months ending with
 * the entry month do not bear out (or, for a new unit, the months after entry). Entries pushed
 * just over the threshold are RENT.THRESHOLD's (falsify.threshold-bunching) and stay low here.
 */
export const fakeEntry = defineRule({
  id: 'register.fake-entry',
  version: 1,
  pattern: 'REGISTER.FAKE_ENTRY',
  title: { zh: '虚假入库', en: 'Entry not borne out by tax, electricity and headcount' },
  description: {
    zh: '入库申报的年营业收入与截至入库当月的12个月（数据约定的申报口径）税务申报销售额对照：按同类别同行业单位的“销售额/营业收入”比率（取低分位，宽容处理）换算，税务显示的规模明显不足申报额且低于入库标准的，视为入库依据不实；附带的税务材料金额与税务记录不符、用电和参保人数相对同行偏低、入库前报表突增而税务未同步，作为佐证。新设单位入库前几乎没有税务记录时，比较入库后报表与同期税务销售额、报表从业人员与参保人数，两者都对不上时最多为“中”。申报额仅略高于标准（标准+10%以内）而税务显示的真实规模接近标准的，属卡线寻租，归RENT.THRESHOLD，此处仅“低”。真实成长入库的单位税务同步增长，因而不报；税务记录缺失或起始较晚时最多为“中”。',
    en: 'The declared annual revenue of an entry is set against the tax-declared sales of the 12 months ending with the entry month (the contract\'s window for the declaration), converted with the tax/revenue ratio of the same category and industry (its lower decile, to be lenient): when tax shows a scale well short of the declaration and below the register threshold the entry is not borne out. Attached tax evidence exceeding the tax records, electricity and insured headcount low for the declared revenue among peers, and a jump in reports before entry that tax does not share corroborate. For a newly established unit with hardly any tax before entry, the reports after entry are set against tax and the insured headcount of the same months; both failing to follow gives at most medium. An entry declared just over the threshold (within +10%) by a business not far below it was pushed over: RENT.THRESHOLD owns it and this rule stays low. A unit that really grew through the threshold shows the growth in tax too and stays silent; missing or late tax records cap the finding at medium.',
  },
  scope: 'register_event',
  reads: ['register_events', 'units', 'submissions', 'tax', 'electricity', 'social_insurance'],
  params: z.object({
    /** Months of the window that must have tax records for a tax-based high finding. */
    minTaxMonths: z.number().int().min(1).default(9),
    /** Fewer tax months than this: tax is treated as missing. */
    partialTaxMonths: z.number().int().min(1).default(4),
    /** Shortfall of tax (relative to the peers' lower-decile ratio) that counts fully. */
    fullShortfall: z.number().positive().default(0.3),
    /** How far below the threshold tax-implied revenue must lie to count fully. */
    fullBelowThreshold: z.number().positive().default(0.25),
    /** Attached tax evidence above the tax records by this share counts fully. */
    fullEvidenceGap: z.number().positive().default(0.4),
    /** Smallest score reported (as low). */
    minScore: z.number().min(0).max(1).default(0.3),
    /** Months after the entry whose reports are set against tax and insured headcount when tax before entry is missing. */
    postMonths: z.number().int().min(1).default(12),
    /** Post-entry shortfall of tax against reported revenue (vs the peers' lower-decile ratio) that counts fully. */
    postFullShortfall: z.number().positive().default(0.7),
    /** Reported staff per insured head after entry from which the headcount claim starts to count, and the excess that counts fully. */
    staffRatioFrom: z.number().positive().default(1.5),
    staffRatioFull: z.number().positive().default(3),
    /** Largest score while an entry pushed just over the threshold is RENT.THRESHOLD's (see falsify.threshold-bunching). */
    pushedCap: z.number().min(0).max(1).default(0.45),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const profiles = unitProfiles(data);
    const memo = peerMemo();
    const P = data.P;
    for (const e of data.registerEvents) {
      if (e.type !== 'entry') continue;
      const declared = e.declared_annual_revenue;
      const u = data.unitIndex.get(e.unit_id);
      if (u === undefined || declared === undefined || !(declared > 0)) continue;
      const unit = data.units[u]!;
      const peerUnit = { category: e.category, industryCode: unit.industryCode };
      const T = ctx.registerThresholds[e.category] ?? null;
      const te = periodColumn(data, e.period);
      // The contract's window for declared_annual_revenue: the 12 months ending with the entry month.
      const from = te - 11;
      const to = te;
      const tax = windowStat(data, data.taxSales, u, from, to);
      const kwh = windowStat(data, data.gridKwh, u, from, to);
      const heads = windowStat(data, data.insured, u, from, to);
      const peerTax = profiles.peers('taxRatio', peerUnit);
      const ratioMedian = peerTax?.median ?? DEFAULT_TAX_RATIO.median;
      const ratioLow = Math.min(ratioMedian, peerTax?.q10 ?? DEFAULT_TAX_RATIO.q10);
      const taxKnown = tax.n >= params.partialTaxMonths;

      // Tax: shortfall against even a low-ratio peer, and the revenue tax implies against the threshold.
      const taxAnnual = tax.annual;
      const ratio = taxKnown ? taxAnnual / declared : Number.NaN;
      const shortfall = taxKnown ? 1 - ratio / ratioLow : Number.NaN;
      const implied = taxKnown ? taxAnnual / ratioMedian : Number.NaN;
      const belowBy = taxKnown && T ? 1 - implied / T : Number.NaN;
      const sTax = taxKnown ? clamp01(shortfall / params.fullShortfall) : 0;
      const sThr = Number.isFinite(belowBy) ? clamp01(belowBy / params.fullBelowThreshold) : 0;
      const evidenceGap = taxKnown && e.evidence_tax_revenue !== undefined && taxAnnual > 0 ? e.evidence_tax_revenue / taxAnnual - 1 : Number.NaN;
      const sEvid = Number.isFinite(evidenceGap) ? clamp01(evidenceGap / params.fullEvidenceGap) : 0;

      // Physical corroboration: the meter and the insured headcount against the declared revenue, among peers.
      const peerKwh = usable(profiles.peers('kwhIntensity', peerUnit));
      const kwhPerRevenue = kwh.n >= params.partialTaxMonths ? kwh.annual / declared : Number.NaN;
      const kwhLow = peerKwh && Number.isFinite(kwhPerRevenue) ? kwhPerRevenue < peerKwh.q10 : false;
      const peerHead = usable(profiles.peers('revenuePerHead', peerUnit));
      const revPerHead = heads.n >= params.partialTaxMonths && heads.median > 0 ? declared / 12 / heads.median : Number.NaN;
      const headLow = peerHead && Number.isFinite(revPerHead) ? revPerHead > peerHead.q90 : false;
      const sPhys = (kwhLow ? 0.5 : 0) + (headLow ? 0.5 : 0);

      // A jump in reports just before entry that tax does not share.
      let jump = Number.NaN;
      const early = windowStat(data, data.revenue, u, from - 1, te - 4);
      const late = windowStat(data, data.revenue, u, te - 3, te);
      const earlyTax = windowStat(data, data.taxSales, u, from - 1, te - 4);
      const lateTax = windowStat(data, data.taxSales, u, te - 3, te);
      if (early.n >= 3 && late.n >= 2 && earlyTax.n >= 3 && lateTax.n >= 2 && early.median > 0 && earlyTax.median > 0 && lateTax.median > 0) {
        jump = late.median / early.median / (lateTax.median / earlyTax.median);
      }
      const sJump = Number.isFinite(jump) ? clamp01((jump - 1.15) / 0.35) : 0;

      // After entry: reports against tax and the insured headcount over the same months — the
      // only scale evidence for a newly established unit with (almost) no tax before entry.
      const postTo = Math.min(P - 1, te + params.postMonths - 1);
      const postRev = windowStat(data, data.revenue, u, te, postTo);
      const postTax = windowStat(data, data.taxSales, u, te, postTo);
      const postRatio = postRev.n >= 3 && postTax.n >= 1 && postRev.sum > 0 ? postTax.sum / postRev.sum : Number.NaN;
      const postShortfall = Number.isFinite(postRatio) ? 1 - postRatio / ratioLow : Number.NaN;
      const postEmp = windowStat(data, data.employees, u, te, postTo);
      const postIns = windowStat(data, data.insured, u, te, postTo);
      const staffRatio = postEmp.n >= 3 && postIns.n >= 3 && postIns.median > 0 ? postEmp.median / postIns.median : Number.NaN;
      const sPostTax = Number.isFinite(postShortfall) ? clamp01(postShortfall / params.postFullShortfall) : 0;
      const sStaff = Number.isFinite(staffRatio) ? clamp01((staffRatio - params.staffRatioFrom) / params.staffRatioFull) : 0;

      let score: number;
      if (taxKnown) {
        if (!(shortfall > 0) && !(belowBy > 0) && !(sJump > 0)) continue;
        score = T ? 0.45 * sTax + 0.3 * sThr + 0.15 * sEvid + 0.1 * sPhys : 0.7 * sTax + 0.2 * sEvid + 0.1 * sPhys;
        score = Math.min(1, score + 0.15 * sJump);
        if (tax.n < params.minTaxMonths) score = Math.min(score, 0.79);
      } else {
        // Tax missing: only the physical footprint speaks, and missing evidence is at most medium.
        // Reports after entry that tax and the insured headcount both fail to follow count as much.
        score = Math.min(0.79, 0.35 * sPhys + (kwhLow && headLow ? 0.3 : 0) + 0.15 * sJump + 0.6 * sPostTax * sStaff);
      }
      // Declared just over the threshold with a real business not far below it: pushed over, RENT.THRESHOLD's.
      const push = T && declared <= T * (1 + THRESHOLD_DEFAULTS.band) ? assessEntryPush(data, u, e, THRESHOLD_DEFAULTS, ctx, memo) : null;
      const pushed = !!push && push.score >= 0.5;
      if (pushed) score = Math.min(score, params.pushedCap);
      if (score < params.minScore) continue;
      const months = `${data.periods[Math.max(0, from)] ?? e.period}…${data.periods[Math.min(P - 1, to)] ?? e.period}`;
      const summary_zh = taxKnown
        ? `${e.period}入库申报年营业收入${fmt(declared)}千元，截至入库当月12个月的税务申报销售额折合全年${fmt(taxAnnual)}千元（${tax.n}个月），按${peerTax ? '同行' : '一般'}比率仅支持约${fmt(implied)}千元${T ? `，入库标准${T}千元` : ''}${Number.isFinite(evidenceGap) && evidenceGap > 0.1 ? `；所附税务材料${fmt(e.evidence_tax_revenue!)}千元高于税务记录${pct(evidenceGap)}` : ''}`
        : `${e.period}入库申报年营业收入${fmt(declared)}千元，缺少税务记录；用电${kwhLow ? '低于' : '符合'}同行水平，参保人数${headLow ? '偏少' : '相符'}${sPostTax * sStaff > 0 ? `；入库后报表营业收入${fmt(postRev.sum)}千元而税务销售额仅${fmt(postTax.sum)}千元，报表从业人员约${fmt(postEmp.median)}人而参保仅${fmt(postIns.median)}人` : ''}`;
      const summary_en = taxKnown
        ? `Entry in ${e.period} declares ${fmt(declared)} thousand yuan a year; tax-declared sales of the 12 months up to the entry month come to ${fmt(taxAnnual)} a year (${tax.n} months), supporting about ${fmt(implied)} at ${peerTax ? "the peers'" : 'a general'} ratio${T ? ` against the threshold of ${T}` : ''}${Number.isFinite(evidenceGap) && evidenceGap > 0.1 ? `; the attached tax evidence (${fmt(e.evidence_tax_revenue!)}) exceeds the tax records by ${pct(evidenceGap)}` : ''}`
        : `Entry in ${e.period} declares ${fmt(declared)} thousand yuan a year with no tax records; electricity ${kwhLow ? 'is below' : 'matches'} peers and insured headcount ${headLow ? 'is low' : 'matches'} for that revenue${sPostTax * sStaff > 0 ? `; after entry reports show ${fmt(postRev.sum)} of revenue against ${fmt(postTax.sum)} of tax-declared sales, and about ${fmt(postEmp.median)} staff against ${fmt(postIns.median)} insured` : ''}`;
      const pushZh = pushed ? `；申报额仅略高于标准而税务显示规模接近标准，属卡线寻租，见RENT.THRESHOLD` : '';
      const pushEn = pushed ? `; declared just over the threshold by a business not far below it: pushed over, see RENT.THRESHOLD` : '';
      out.push({
        subject: { kind: 'register_event', id: e.event_id },
        unit_ids: [e.unit_id],
        period: e.period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: summary_zh + pushZh,
        summary_en: summary_en + pushEn,
        evidence: {
          event: { event_id: e.event_id, type: e.type, reason: e.reason, category: e.category, period: e.period, declared_annual_revenue: declared, evidence_tax_revenue: e.evidence_tax_revenue ?? null, submitted_by: e.submitted_by },
          window: months,
          threshold: T,
          tax: { months: tax.n, sum: round(tax.sum, 1), annualised: round(taxAnnual, 1), ratio_to_declared: round(ratio, 3), shortfall_vs_low_peer_ratio: round(shortfall, 3), implied_revenue: round(implied, 1), below_threshold_by: round(belowBy, 3), evidence_gap: round(evidenceGap, 3) },
          peer_tax_ratio: peerTax ? { group: peerTax.key, n: peerTax.n, median: round(peerTax.median, 3), q10: round(peerTax.q10, 3) } : { group: 'default', ...DEFAULT_TAX_RATIO },
          electricity: { months: kwh.n, annualised_kwh: round(kwh.annual, 0), kwh_per_declared_revenue: round(kwhPerRevenue, 2), peer: peerKwh ? { group: peerKwh.key, n: peerKwh.n, median: round(peerKwh.median, 2), q10: round(peerKwh.q10, 2) } : null, low: kwhLow },
          insured: { months: heads.n, median_headcount: heads.median, declared_monthly_revenue_per_head: round(revPerHead, 1), peer: peerHead ? { group: peerHead.key, n: peerHead.n, median: round(peerHead.median, 1), q90: round(peerHead.q90, 1) } : null, low: headLow },
          pre_entry_jump_vs_tax: Number.isFinite(jump) ? round(jump, 3) : null,
          after_entry: { months: postRev.n, reported_revenue: round(postRev.sum, 1), tax_months: postTax.n, tax_sales: round(postTax.sum, 1), tax_to_revenue: round(postRatio, 3), shortfall_vs_low_peer_ratio: round(postShortfall, 3), reported_staff: Number.isFinite(postEmp.median) ? postEmp.median : null, insured: Number.isFinite(postIns.median) ? postIns.median : null, staff_per_insured: round(staffRatio, 2) },
          pushed_over_threshold: push ? { score: round(push.score, 3), tax_implied_revenue: round(push.implied, 1), basis: push.basis.kind, owner: pushed ? 'RENT.THRESHOLD' : 'REGISTER.FAKE_ENTRY' } : null,
          components: { tax: round(sTax, 2), threshold: round(sThr, 2), evidence: round(sEvid, 2), physical: sPhys, jump: round(sJump, 2), after_entry_tax: round(sPostTax, 2), after_entry_staff: round(sStaff, 2) },
        },
      });
    }
    return out;
  },
});
