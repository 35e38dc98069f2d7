import * as z from 'zod';
import { defineRule, round, type RuleFinding } from '../../engine/rule';
import { calibrate } from '../../engine/severity';
import type { DistrictData } from '../../engine/district-data';
import { CATEGORY_ZH } from '../../domain/category-labels';
import type { Category } from '../../domain/kinds';
import { empiricalUpper, logProfile, logProfileTail, shareOf, type LogProfile } from '../../stats/peer-evidence';
import { log10FisherCombined } from '../../stats/tails';
import { latestMarketStatus, MIN_PEERS, unitProfiles } from './evidence';
import { categoryOf, scopeCategories, sectionOf } from './industry-sections';

/** Honest firms of one trade differ in kWh per yuan or revenue per head by at least this much (ln units, ≈ ±10 %). */
const MIN_LOG_SCALE = 0.1;
/**
 * A profile is examined only where the two trades' honest units are apart by at least this many
 * robust SDs (their midpoint one SD from each): where they overlap more, the unit's value cannot
 * say which trade it is, and an examined-but-uninformative profile would only dilute the rest.
 */
const SEPARATION = 2;
/** Gross output within 2 % of sales is "copied from sales" (a report's rounding, not a production figure). */
const COPY_TOLERANCE = 0.02;

type ActivityProfile = 'kwhIntensity' | 'revenuePerHead';
const ACTIVITY: readonly ActivityProfile[] = ['kwhIntensity', 'revenuePerHead'];
const PROFILE_ZH: Record<ActivityProfile, string> = { kwhIntensity: '每千元营业收入用电', revenuePerHead: '人均月营业收入' };
const PROFILE_EN: Record<ActivityProfile, string> = { kwhIntensity: 'kWh per thousand yuan', revenuePerHead: 'monthly revenue per insured head' };

/** What market regulation's record says against the register: a code of another trade, its scope silent on the register's. */
type MarketClass = 'code' | null;

interface Fact {
  fact: string;
  zh: string;
  en: string;
  /** Share of the district's units (or peers) showing it, or the profile's tail probability. */
  log10P: number;
}

/** Share of revenue months whose gross output is blank or a copy of sales: a trader has no production to report. */
function outputAbsentShare(data: DistrictData, u: number): number {
  let n = 0;
  let absent = 0;
  for (let t = 0; t < data.P; t++) {
    const rev = data.revenue[u * data.P + t]!;
    if (!(rev > 0)) continue;
    n++;
    const go = data.grossOutput[u * data.P + t]!;
    if (Number.isNaN(go) || Math.abs(go / rev - 1) <= COPY_TOLERANCE) absent++;
  }
  return n >= 3 ? absent / n : Number.NaN;
}

/** Whether a unit with at least three revenue months has any grid reading; null when it has too few revenue months to say. */
function meterOf(data: DistrictData, u: number): boolean | null {
  let revenueMonths = 0;
  let metered = false;
  for (let t = 0; t < data.P; t++) {
    if (data.revenue[u * data.P + t]! > 0) revenueMonths++;
    if (data.gridKwh[u * data.P + t]! >= 0) metered = true;
  }
  return revenueMonths >= 3 ? metered : null;
}

function marketClassOf(data: DistrictData, u: number, category: Category) {
  const { withIndustry, withScope } = latestMarketStatus(data, u);
  const code = withIndustry?.registered_industry_code;
  const codeCat = categoryOf(code);
  const scopeCats = scopeCategories(withScope?.business_scope);
  const codeConflict = !!code && codeCat !== undefined && codeCat !== category;
  let cls: MarketClass = null;
  let implied: Category | null | undefined;
  // A licence whose scope names the register's own trade beside another (制造、批发) backs the
  // register: the register chose one of the unit's declared trades, and its code is secondary or outdated.
  if (codeConflict && !scopeCats.has(category)) {
    cls = 'code';
    implied = codeCat;
  }
  // A scope without the register's trade and without a code against it is not counted: a scope
  // lists whatever a firm may do, in words no dictionary covers, and its silence proves nothing.
  return { cls, implied, code, codeCat, scope: withScope?.business_scope, scopeCats, hasRecord: !!(withIndustry || withScope) };
}

/**
 * REGISTER.MISCLASSIFIED — the register's category contradicted by the unit's own industry code or
 * by market regulation's record, weighed by how common that contradiction is among the district's
 * units and confirmed (or not) by what the unit does: its meter, its revenue per head, its output.
 */
export const misclassified = defineRule({
  id: 'register.misclassified',
  version: 4,
  pattern: 'REGISTER.MISCLASSIFIED',
  title: { zh: '行业或专业归类错误', en: 'Wrong industry or category' },
  description: {
    zh: '记录事实：名录专业与自身行业代码所属GB/T 4754-2017门类不符；市场监管登记行业属于另一专业且经营范围不含本专业（经营范围同时列出本专业的，视为名录选取了其中一项经营，不作为矛盾）。每项事实的证据强度取其在本区同专业单位中出现的频率（多元经营企业登记另一行业并不少见，单凭此项不足以认定）；数据期内以该专业入库另计一项（按本专业期内入库单位的比例）。活动佐证：每千元营业收入用电量、人均营业收入在本专业同行中（对数尺度，中位数与MAD）偏向所指专业的程度（仅在两专业同行相距两个稳健标准差以上时考察），有营业收入而无任何电网用电记录（按本专业单位中无电表的比例计，仅当所指专业的单位更常无电表时考察：工厂和门店用电，贸易公司、写字间未必），以及工业单位工业总产值空缺或照抄销售额的月份比例在工业同行中的位置。各项概率以Fisher法合并为每个诚实单位的误报率，按统一标准定为高/中/低；没有记录事实的不报。',
    en: "Record facts: a category contradicting the GB/T 4754-2017 section of the unit's own industry code; a market-regulation registered industry of another trade whose business scope does not name the register's trade (a scope naming both means the register chose one of the unit's declared trades). Each fact weighs as much as it is rare among the district's units of the category (diversified firms often register another trade, so that alone proves little); entering the register under the category within the data's window is one more fact, weighed by the share of the category's units that did. Activity facts: how far the unit's kWh per thousand yuan and revenue per head lie toward the implied trade among its peers (log scale, median and MAD; examined only where the two trades' peers are two robust SDs apart), revenue with no grid meter at all (weighed by the share of the category's units without one, examined only where the implied trade's units lack a meter more often: a factory or a shop draws power, a trading house or an office may not), and, for an industry unit, where its share of months with gross output blank or copied from sales lies among industry peers. Fisher's method combines the probabilities into a false-alarm rate per honest unit, which sets the severity on the common scale; no record fact, no finding.",
  },
  scope: 'unit',
  reads: ['units', 'market_status', 'submissions', 'electricity', 'social_insurance'],
  params: z.object({
    /** A combined false-alarm rate above this is not even a watch-list signal. */
    watchListRate: z.number().positive().max(1).default(0.05),
  }),
  evaluate(data, params) {
    const profiles = unitProfiles(data);
    const known = data.units.map((u, i) => (u.known ? i : -1)).filter((i) => i >= 0);
    const market = new Map(known.map((u) => [u, marketClassOf(data, u, data.units[u]!.category)]));
    // How common each record fact is: own-code contradictions among all coded units, each market
    // class among the category's units with a market record.
    let coded = 0;
    let ownConflicts = 0;
    const withRecord = new Map<Category, number>();
    const classCount = new Map<string, number>();
    for (const u of known) {
      const unit = data.units[u]!;
      const own = categoryOf(unit.industryCode);
      if (own !== undefined) {
        coded++;
        if (own !== unit.category) ownConflicts++;
      }
      const m = market.get(u)!;
      if (m.hasRecord) withRecord.set(unit.category, (withRecord.get(unit.category) ?? 0) + 1);
      if (m.cls) classCount.set(`${unit.category}|${m.cls}`, (classCount.get(`${unit.category}|${m.cls}`) ?? 0) + 1);
    }
    // Units that entered the register within the data's window (entered_period or an entry event).
    const entered = new Set<number>();
    const first = data.periods[0] ?? '';
    for (const u of known) if ((data.units[u]!.enteredPeriod ?? '') >= first && data.units[u]!.enteredPeriod) entered.add(u);
    for (const e of data.registerEvents)
      if (e.type === 'entry') {
        const u = data.unitIndex.get(e.unit_id);
        if (u !== undefined) entered.add(u);
      }
    const categorySize = new Map<Category, number>();
    const enteredByCategory = new Map<Category, number>();
    for (const u of known) {
      const c = data.units[u]!.category;
      categorySize.set(c, (categorySize.get(c) ?? 0) + 1);
      if (entered.has(u)) enteredByCategory.set(c, (enteredByCategory.get(c) ?? 0) + 1);
    }
    // Activity profiles of each category and category × division (log scale).
    const peerCache = new Map<string, LogProfile | null>();
    const peerProfile = (p: ActivityProfile, category: Category, division?: string): LogProfile | null => {
      const key = `${p}|${category}|${division ?? ''}`;
      if (!peerCache.has(key)) {
        const members = known.filter((u) => data.units[u]!.category === category && (!division || data.units[u]!.industryCode.startsWith(division)));
        peerCache.set(
          key,
          logProfile(
            members.map((u) => profiles[p][u]!),
            MIN_PEERS,
            MIN_LOG_SCALE,
          ),
        );
      }
      return peerCache.get(key)!;
    };
    // Units of each category with revenue but no grid meter at all: a factory or a shop draws power
    // from the grid; a trading house, an office or a site may not. An absent meter points to the
    // implied trade only where that trade's units lack one more often than the register's own.
    const meterless = new Map<Category, { k: number; n: number }>();
    const noMeter = new Set<number>();
    for (const u of known) {
      const m = meterOf(data, u);
      if (m === null) continue;
      const c = data.units[u]!.category;
      const s = meterless.get(c) ?? { k: 0, n: 0 };
      s.n++;
      if (!m) {
        s.k++;
        noMeter.add(u);
      }
      meterless.set(c, s);
    }
    const industryUnits = known.filter((u) => data.units[u]!.category === 'industry');
    const outputShares = industryUnits.map((u) => outputAbsentShare(data, u)).filter((s) => Number.isFinite(s));
    const out: RuleFinding[] = [];
    for (const u of known) {
      const unit = data.units[u]!;
      const facts: Fact[] = [];
      const own = categoryOf(unit.industryCode);
      const ownConflict = own !== undefined && own !== unit.category;
      if (ownConflict) {
        const share = shareOf(ownConflicts - 1, coded);
        facts.push({
          fact: 'own_code',
          log10P: Math.log10(share),
          zh: `行业代码${unit.industryCode}属${sectionOf(unit.industryCode)!.section}门类（${own ? CATEGORY_ZH[own] : '非四上行业'}），本区有此矛盾的单位占${pct(share)}`,
          en: `industry code ${unit.industryCode} is section ${sectionOf(unit.industryCode)!.section} (${own ?? 'outside the register trades'}), a contradiction ${pct(share)} of the district's coded units show`,
        });
      }
      const m = market.get(u)!;
      if (m.cls) {
        const share = shareOf((classCount.get(`${unit.category}|${m.cls}`) ?? 1) - 1, withRecord.get(unit.category) ?? 0);
        const scope = m.scope ? `，经营范围“${m.scope}”` : '';
        const what = `市场监管登记行业${m.code}（${m.codeCat ? CATEGORY_ZH[m.codeCat] : '非四上行业'}）${scope}`;
        const whatEn = `market regulation registered industry ${m.code} (${m.codeCat ?? 'outside the register trades'})${m.scope ? `, business scope "${m.scope}"` : ''}`;
        facts.push({
          fact: `market_${m.cls}`,
          log10P: Math.log10(share),
          zh: `${what}，本区${CATEGORY_ZH[unit.category]}单位中占${pct(share)}`,
          en: `${whatEn}, as for ${pct(share)} of the district's ${unit.category} units`,
        });
      }
      if (!facts.length) continue;
      // A category is chosen when the unit enters the register: an entry in the data's window under
      // a contradicted category is a classification made now, not a legacy one. Weighed by how many
      // of the category's units entered in the window.
      if (entered.has(u)) {
        const share = shareOf((enteredByCategory.get(unit.category) ?? 1) - 1, categorySize.get(unit.category) ?? 0);
        facts.push({
          fact: 'entered_as_category',
          log10P: Math.log10(share),
          zh: `于${unit.enteredPeriod ?? '本期'}以${CATEGORY_ZH[unit.category]}入库，本区该专业在数据期内入库的单位占${pct(share)}`,
          en: `entered the register as ${unit.category} in the data's window${unit.enteredPeriod ? ` (${unit.enteredPeriod})` : ''}, as ${pct(share)} of the district's ${unit.category} units did`,
        });
      }
      const recordFacts = facts.length;
      const implied = ownConflict ? own : m.implied;
      if (implied && implied !== unit.category) {
        facts.push(...activityFacts(data, u, unit.category, implied, peerProfile, profiles));
        const ownMeter = meterless.get(unit.category);
        const implMeter = meterless.get(implied);
        if (noMeter.has(u) && ownMeter && implMeter && implMeter.n >= MIN_PEERS && ownMeter.n >= MIN_PEERS && implMeter.k / implMeter.n > (ownMeter.k - 1) / ownMeter.n) {
          const share = shareOf(ownMeter.k - 1, ownMeter.n);
          facts.push({
            fact: 'no_meter',
            log10P: Math.log10(share),
            zh: `有营业收入但无任何电网用电记录，本区${CATEGORY_ZH[unit.category]}单位中占${pct(share)}（${CATEGORY_ZH[implied]}单位中占${pct(implMeter.k / implMeter.n)}）`,
            en: `revenue but no grid meter at all, as for ${pct(share)} of the district's ${unit.category} units (${pct(implMeter.k / implMeter.n)} of ${implied} units)`,
          });
        }
      }
      if (unit.category === 'industry' && implied !== 'industry') {
        const s = outputAbsentShare(data, u);
        if (Number.isFinite(s)) {
          const p = empiricalUpper(s, outputShares);
          facts.push({
            fact: 'gross_output',
            log10P: Math.log10(p),
            zh: `${pct(s)}的月份工业总产值空缺或照抄销售额，工业同行中不少于此比例的占${pct(p)}`,
            en: `gross output blank or copied from sales in ${pct(s)} of months, a share ${pct(p)} of industry peers reach`,
          });
        }
      }
      const log10P = log10FisherCombined(facts.map((f) => f.log10P));
      const cal = calibrate({
        statistic: 'Fisher combination of record and activity facts',
        value: round(-2 * Math.LN10 * facts.reduce((s, f) => s + f.log10P, 0), 2),
        null: `χ²(${2 * facts.length}): each fact's share among the district's units of the category, each profile's normal tail among its peers`,
        log10P,
      });
      if (cal.calibration.false_alarm_rate > params.watchListRate) continue;
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: unit.enteredPeriod ?? null,
        score: round(cal.score, 3),
        severity: cal.severity,
        summary_zh: `“${unit.name}”在名录中为${CATEGORY_ZH[unit.category]}（行业${unit.industryCode}），但${facts.map((f) => f.zh).join('；')}；合并后诚实单位的误报率约${rateZh(cal.calibration.false_alarm_rate)}`,
        summary_en: `"${unit.name}" is registered as ${unit.category} (industry ${unit.industryCode}), but ${facts.map((f) => f.en).join('; ')}; combined, an honest unit shows this with probability ${cal.calibration.false_alarm_rate.toPrecision(2)}`,
        evidence: {
          calibration: cal.calibration,
          register: { industry_code: unit.industryCode, category: unit.category, section: sectionOf(unit.industryCode)?.section ?? null, implied_category: own ?? null },
          market_regulation: { registered_industry_code: m.code ?? null, implied_category: m.codeCat ?? null, business_scope: m.scope ?? null, scope_categories: [...m.scopeCats], class: m.cls },
          implied_category: implied ?? null,
          facts: facts.map((f) => ({ fact: f.fact, log10_p: round(f.log10P, 2), en: f.en })),
          signals: { own_code: ownConflict, market: m.cls !== null, record_facts: recordFacts, activity_facts: facts.length - recordFacts },
        },
      });
    }
    return out;
  },
});

/** The unit's meter and revenue per head toward the implied trade, where the two trades' peers tell them apart. */
function activityFacts(
  data: DistrictData,
  u: number,
  category: Category,
  implied: Category,
  peerProfile: (p: ActivityProfile, c: Category, d?: string) => LogProfile | null,
  profiles: ReturnType<typeof unitProfiles>,
): Fact[] {
  const facts: Fact[] = [];
  const division = data.units[u]!.industryCode.slice(0, 2);
  for (const p of ACTIVITY) {
    const own = peerProfile(p, category);
    const other = peerProfile(p, implied);
    if (!own || !other) continue;
    // A profile on which the two trades' honest units overlap says nothing about which one this is (SEPARATION).
    const gap = other.centre - own.centre;
    if (Math.abs(gap) < SEPARATION * own.scale) continue;
    const peers = (division.length === 2 ? peerProfile(p, category, division) : null) ?? own;
    const value = profiles[p][u]!;
    const tail = logProfileTail(value, peers, gap > 0 ? 1 : -1);
    if (!Number.isFinite(tail.z)) continue;
    const ratio = value / Math.exp(peers.centre);
    facts.push({
      fact: p,
      log10P: tail.log10P,
      zh: `${PROFILE_ZH[p]}${fmtNum(value)}，为${CATEGORY_ZH[category]}同行（${peers.n}家）中位数的${fmtNum(ratio)}倍（${CATEGORY_ZH[implied]}中位数${fmtNum(Math.exp(other.centre))}），偏离${fmtNum(tail.z)}个稳健标准差`,
      en: `${PROFILE_EN[p]} ${fmtNum(value)} is ${fmtNum(ratio)} times the median of ${peers.n} ${category} peers (${implied} median ${fmtNum(Math.exp(other.centre))}), ${fmtNum(tail.z)} robust SDs toward ${implied}`,
    });
  }
  return facts;
}

/** A rate as a Chinese reader writes it: 0.0061, or 3.2×10^-9 (no exponent letter). */
function rateZh(x: number): string {
  if (x >= 1e-3) return x.toPrecision(2);
  const e = Math.floor(Math.log10(x));
  return `${(x / 10 ** e).toFixed(1)}×10^${e}`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function fmtNum(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toPrecision(2)) : '—';
}
