import * as z from 'zod';
import type { RegisterEventRecord } from '../../contract/schemas';
import type { Severity } from '../../domain/finding';
import { calibrate, type Calibration } from '../../engine/severity';
import { columnOf, entryTaxEvidence, windowExcess, type EntryTaxEvidence, type WindowExcess } from '../../engine/register-evidence';
import type { DistrictData } from '../../engine/district-data';
import { defineRule, round, pct, type RuleFinding } from '../../engine/rule';
import { fmt } from './evidence';

type Cap = { severity: Severity; reason_en: string; reason_zh: string };

const Params = z.object({
  /** Months of the window with tax records below which the annualised tax can reach at most medium (a ramp-up or a part year). */
  minTaxMonths: z.number().int().min(1).max(12).default(9),
  /** Fewer tax months than this: tax before entry is treated as missing and the months after entry are judged instead. */
  partialTaxMonths: z.number().int().min(1).max(12).default(4),
  /** Months after the entry whose reports are set against tax and insured headcount when tax before entry is missing. */
  postMonths: z.number().int().min(3).default(12),
  /** Floor of the peers' spread of 12-month log ratios: the ordinary year-to-year movement of one unit's ratio. */
  sigmaFloor: z.number().positive().default(0.03),
});
type Params = z.output<typeof Params>;

const PART_YEAR: Cap = {
  severity: 'medium',
  reason_en: 'tax covers only part of the 12 months: annualising a ramp-up or a part year can understate a real business',
  reason_zh: '税务记录不足12个月，按部分月份折算全年可能低估新设或起步阶段的真实规模',
};
const ABOVE_THRESHOLD: Cap = {
  severity: 'low',
  reason_en: 'tax itself supports revenue above the threshold: the entry stands, only the figure is padded',
  reason_zh: '税务折算规模本身已达入库标准，入库成立，仅申报额偏高',
};
const AFTER_ENTRY: Cap = {
  severity: 'medium',
  reason_en: 'without tax before entry the scale rests on the months after it',
  reason_zh: '入库前缺少税务记录，规模判断只能依据入库后的月份',
};

/** The declaration against the tax of the 12 months ending with the entry month. */
function judgeDeclaration(ev: EntryTaxEvidence, T: number | null, params: Params) {
  const cap = ev.taxMonths < params.minTaxMonths ? PART_YEAR : T && ev.implied >= T ? ABOVE_THRESHOLD : undefined;
  return calibrate({
    statistic: 'z of ln(declared revenue / 12-month tax-declared sales) above the peers’ 12-month ln(revenue/tax)',
    value: round(ev.z, 2),
    null: `peers ${ev.peer!.group} (n = ${ev.peer!.n}) over the same months, centre ${ev.basis === 'own' ? "the unit's own year before" : 'the peers’ median'} ln ratio ${round(ev.peer!.centre, 3)}, robust σ ${round(ev.peer!.sigma, 3)}; Student t`,
    log10P: ev.log10P,
    ...(cap ? { cap } : {}),
  });
}

/** The months after entry: reports against tax and reported staff against insured heads, both among peers. */
function judgeAfterEntry(data: DistrictData, u: number, te: number, params: Params): { tax: WindowExcess; staff: WindowExcess; cal: ReturnType<typeof calibrate> } | null {
  const to = Math.min(data.P - 1, te + params.postMonths - 1);
  const tax = windowExcess(data, u, 'revenue/tax', data.revenue, data.taxSales, te, to, params.sigmaFloor);
  const staff = windowExcess(data, u, 'employees/insured', data.employees, data.insured, te, to, params.sigmaFloor);
  // Both must fail: a new firm whose tax follows its reports, or whose staff are insured, is real.
  if (tax.numMonths < 3 || !(tax.z > 0) || !(staff.z > 0)) return null;
  // Tax alone sets the strength: it measures the money the declaration claims. A new firm insures
  // its staff some months after hiring them, so the mature peers' staff/insured spread would
  // overstate how rare the headcount gap is; it only has to point the same way.
  const cal = calibrate({
    statistic: 'after-entry z of ln(reported revenue / tax-declared sales) above peers, with reported staff above insured heads',
    value: round(tax.z, 2),
    null: `peers ${tax.peer!.group} (n = ${tax.peer!.n}) over the same months; Student t`,
    log10P: tax.log10P,
    cap: AFTER_ENTRY,
  });
  return { tax, staff, cal };
}

function texts(e: RegisterEventRecord, ev: EntryTaxEvidence, T: number | null, cal: Calibration, post: ReturnType<typeof judgeAfterEntry>) {
  const d = e.declared_annual_revenue!;
  const rate = cal.false_alarm_rate.toPrecision(2);
  if (!post) {
    const gap = e.evidence_tax_revenue !== undefined && ev.taxAnnual > 0 ? e.evidence_tax_revenue / ev.taxAnnual - 1 : Number.NaN;
    const peerZh = ev.basis === 'own' ? '该单位入库前一年自身的收入/税务比率' : `同类别同行业${ev.peer!.n}家单位同期12个月的收入/税务比率`;
    const peerEn = ev.basis === 'own' ? "the unit's own revenue/tax ratio of the year before" : `the 12-month revenue/tax ratio of ${ev.peer!.n} peers (${ev.peer!.group}) over the same months`;
    return {
      zh: `${e.period}入库申报年营业收入${fmt(d)}千元，截至入库当月12个月税务申报销售额合计折合全年${fmt(ev.taxAnnual)}千元（${ev.taxMonths}个月），按${peerZh}仅支持约${fmt(ev.implied)}千元${T ? `（入库标准${T}千元）` : ''}；申报额高出同行离散度的${ev.z.toFixed(1)}倍，诚实单位出现此差异的概率约${rate}${Number.isFinite(gap) && gap > 0.1 ? `；所附税务材料${fmt(e.evidence_tax_revenue!)}千元高于税务记录${pct(gap)}` : ''}`,
      en: `Entry in ${e.period} declares ${fmt(d)} thousand yuan a year; tax-declared sales of the 12 months to the entry month come to ${fmt(ev.taxAnnual)} a year (${ev.taxMonths} months), supporting about ${fmt(ev.implied)} at ${peerEn}${T ? ` against the threshold of ${T}` : ''}; the declaration lies ${ev.z.toFixed(1)} peer spreads above, a gap an honest unit shows at a rate of about ${rate}${Number.isFinite(gap) && gap > 0.1 ? `; the attached tax evidence (${fmt(e.evidence_tax_revenue!)}) exceeds the tax records by ${pct(gap)}` : ''}`,
    };
  }
  const empSum = post.staff.numSum / Math.max(1, post.staff.numMonths);
  const insSum = post.staff.denSum / Math.max(1, post.staff.denMonths);
  return {
    zh: `${e.period}入库申报年营业收入${fmt(d)}千元，入库前税务记录不足（${ev.taxMonths}个月）；入库后${post.tax.numMonths}个月报表营业收入${fmt(post.tax.numSum)}千元而税务销售额仅${fmt(post.tax.denSum)}千元，报表从业人员约${fmt(empSum)}人而参保仅${fmt(insSum)}人，收入相对税务的偏离以同行同期为准，诚实单位出现的概率约${rate}`,
    en: `Entry in ${e.period} declares ${fmt(d)} thousand yuan a year with little tax before entry (${ev.taxMonths} months); in the ${post.tax.numMonths} months after entry reports show ${fmt(post.tax.numSum)} of revenue against ${fmt(post.tax.denSum)} of tax-declared sales, and about ${fmt(empSum)} staff against ${fmt(insSum)} insured, revenue over tax far from peers over the same months (rate ${rate} for an honest unit)`,
  };
}

/**
 * REGISTER.FAKE_ENTRY — an entry whose declared revenue the tax records of the 12 months ending
 * with the entry month do not bear out, judged against the peers' 12-month revenue/tax ratio over
 * the same months; for a unit with little tax before entry, reports after entry that neither tax
 * nor the insured headcount follow. Whether an entry just over the threshold is rent-seeking
 * (RENT.THRESHOLD) is decided by attribution, not here.
 */
export const fakeEntry = defineRule({
  id: 'register.fake-entry',
  version: 2,
  pattern: 'REGISTER.FAKE_ENTRY',
  title: { zh: '虚假入库', en: 'Entry not borne out by tax' },
  description: {
    zh: '入库申报的年营业收入与截至入库当月12个月（数据约定的申报口径）的税务申报销售额合计对照：同类别同行业单位同期12个月“营业收入/税务销售额”对数比的中位数与稳健离散度构成原假设（按季申报、迟报一月的单位在12个月合计中自然抵消），申报额高出税务所能支持的规模越多、越罕见，等级越高（诚实单位误报率不高于千分之一为“高”，百分之一为“中”）。单位入库前一年有完整报表时，取其自身比率与同行比率中较宽容者。税务记录不足9个月时按同行同月份折算，最多为“中”；税务折算规模已达入库标准的仅为“低”（入库成立，只是申报额偏高）。入库前税务记录不足4个月的新设单位，比较入库后报表与同期税务销售额、报表从业人员与参保人数，收入相对税务明显偏离同行（以税务衡量规模）且从业人员多于参保人数时最多为“中”。真实成长入库的单位税务同步增长，因而不报。',
    en: "The declared annual revenue of an entry is set against the tax-declared sales of the 12 months ending with the entry month (the contract's window for the declaration). The null is the median and robust spread of ln(revenue/tax) over the same 12 months among peers of the category and industry division (sums over 12 months, so quarterly VAT filing and a sale declared a month late cancel); the rarer the declaration's excess over what tax supports, the higher the severity (high when an honest unit would show it at a rate of 1e-3 or less, medium at 1e-2). A unit with a full year of reports before the window is judged by the more lenient of its own ratio and the peers'. With fewer than 9 months of tax the peers are annualised over the same months and the finding is at most medium; when tax itself supports revenue above the threshold it is low (the entry stands, only the figure is padded). For a new unit with fewer than 4 months of tax before entry, the reports after entry are set against tax and reported staff against the insured headcount of the same months; revenue far above tax among peers (tax measures the scale) with more staff reported than insured gives at most medium. A unit that really grew through the threshold shows the growth in tax too and stays silent.",
  },
  scope: 'register_event',
  reads: ['register_events', 'units', 'submissions', 'tax', 'social_insurance'],
  params: Params,
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    for (const e of data.registerEvents) {
      if (e.type !== 'entry') continue;
      const declared = e.declared_annual_revenue;
      const u = data.unitIndex.get(e.unit_id);
      if (u === undefined || declared === undefined || !(declared > 0)) continue;
      const T = ctx.registerThresholds[e.category] ?? null;
      const ev = entryTaxEvidence(data, u, e.period, declared, params.sigmaFloor);
      let cal: ReturnType<typeof calibrate>;
      let post: ReturnType<typeof judgeAfterEntry> = null;
      if (ev.taxMonths >= params.partialTaxMonths) {
        if (!ev.peer || !(ev.z > 0)) continue;
        cal = judgeDeclaration(ev, T, params);
      } else {
        post = judgeAfterEntry(data, u, columnOf(data, e.period), params);
        if (!post) continue;
        cal = post.cal;
      }
      // Below a rate of about one in seven the statistic carries nothing worth a watch-list line.
      if (!(cal.score > 0)) continue;
      const text = texts(e, ev, T, cal.calibration, post);
      out.push({
        subject: { kind: 'register_event', id: e.event_id },
        unit_ids: [e.unit_id],
        period: e.period,
        score: round(cal.score, 3),
        severity: cal.severity,
        summary_zh: text.zh,
        summary_en: text.en,
        evidence: {
          event: {
            event_id: e.event_id,
            type: e.type,
            reason: e.reason,
            category: e.category,
            period: e.period,
            declared_annual_revenue: declared,
            evidence_tax_revenue: e.evidence_tax_revenue ?? null,
            submitted_by: e.submitted_by,
          },
          window: `${data.periods[Math.max(0, ev.from)] ?? e.period}…${data.periods[Math.min(data.P - 1, ev.to)] ?? e.period}`,
          threshold: T,
          tax: {
            months: ev.taxMonths,
            sum: round(ev.taxSum, 1),
            annualised: round(ev.taxAnnual, 1),
            implied_revenue: round(ev.implied, 1),
            log_declared_to_tax: round(ev.logRatio, 4),
            basis: ev.basis,
            own_log_ratio_year_before: ev.own === null ? null : round(ev.own, 4),
            z: round(ev.z, 2),
            evidence_gap: e.evidence_tax_revenue !== undefined && ev.taxAnnual > 0 ? round(e.evidence_tax_revenue / ev.taxAnnual - 1, 3) : null,
          },
          peer_null: ev.peer ? { group: ev.peer.group, n: ev.peer.n, centre_log_ratio: round(ev.peer.centre, 4), sigma_log: round(ev.peer.sigma, 4) } : null,
          after_entry: post
            ? {
                months: post.tax.numMonths,
                reported_revenue: round(post.tax.numSum, 1),
                tax_months: post.tax.denMonths,
                tax_sales: round(post.tax.denSum, 1),
                tax_to_revenue: round(post.tax.denSum / post.tax.numSum, 3),
                z_revenue_to_tax: round(post.tax.z, 2),
                reported_staff: round(post.staff.numSum / Math.max(1, post.staff.numMonths), 1),
                insured: round(post.staff.denSum / Math.max(1, post.staff.denMonths), 1),
                staff_per_insured: round(post.staff.numSum / post.staff.numMonths / (post.staff.denSum / post.staff.denMonths), 2),
                z_staff_to_insured: round(post.staff.z, 2),
              }
            : null,
          calibration: cal.calibration,
        },
      });
    }
    return out;
  },
});
