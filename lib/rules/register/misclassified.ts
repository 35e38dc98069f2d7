import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { CATEGORY_ZH } from '../../domain/category-labels';
import { CATEGORIES, type Category } from '../../domain/kinds';
import { latestMarketStatus, unitProfiles } from './evidence';
import { categoryOf, scopeCategories, sectionOf } from './industry-sections';

/**
 * REGISTER.MISCLASSIFIED — the register's industry or category contradicted by its own
 * industry code, by market regulation's registered industry and business scope, or by the
 * unit's physical profile (kWh per yuan of revenue of another trade).
 */
export const misclassified = defineRule({
  id: 'register.misclassified',
  version: 2,
  pattern: 'REGISTER.MISCLASSIFIED',
  title: { zh: '行业或专业归类错误', en: 'Wrong industry or category' },
  description: {
    zh: '名录专业与其行业代码所属GB/T 4754-2017门类不符是名录内部的明确矛盾（高）；市场监管登记行业所属专业、经营范围关键词、单位每千元营业收入用电量相对各专业同行中位数的位置（制造业用电强度通常是批发业的数十倍）是三类独立佐证，逐项累加，单独一项仅为“低”，两项以上为“中/高”。登记行业仅小类或大类不同而专业相同的不报。',
    en: 'A category that contradicts the GB/T 4754-2017 section of the unit\'s own industry code is an internal contradiction of the register (high). The category implied by market regulation\'s registered industry, the business-scope keywords and where the unit\'s kWh per thousand yuan lies among the categories\' peers (manufacturing uses tens of times a trader\'s power) are independent corroborations that add up: one alone is low, two or more medium or high. A registered industry differing only in class or division within the same category stays silent.',
  },
  scope: 'unit',
  reads: ['units', 'market_status', 'submissions', 'electricity'],
  params: z.object({
    /** Electricity intensity this many times below (or above) the category's peer median is another trade's. */
    kwhFactor: z.number().min(1).default(4),
    /**
     * Categories whose revenue per kWh says nothing about the trade: a developer's revenue
     * arrives in handover lumps, so its kWh per yuan swings by tens of times year to year.
     */
    kwhUninformative: z.array(z.string()).default(['real_estate']),
    weightOwnCode: z.number().min(0).max(1).default(0.8),
    weightMarketCode: z.number().min(0).max(1).default(0.55),
    weightScope: z.number().min(0).max(1).default(0.25),
    weightElectricity: z.number().min(0).max(1).default(0.3),
    minScore: z.number().min(0).max(1).default(0.3),
  }),
  evaluate(data, params) {
    const out: RuleFinding[] = [];
    const profiles = unitProfiles(data);
    // The typical intensity of each category, to say which trade a unit's meter resembles.
    const categoryMedian = new Map<Category, number>();
    for (const c of CATEGORIES) {
      const d = profiles.peers('kwhIntensity', { category: c, industryCode: '__' });
      if (d && d.key === c) categoryMedian.set(c, d.median);
    }
    data.units.forEach((unit, u) => {
      if (!unit.known) return;
      const reasons: string[] = [];
      const reasonsEn: string[] = [];
      let score = 0;
      const own = categoryOf(unit.industryCode);
      const ownCode = own !== undefined && own !== unit.category;
      if (ownCode) {
        score += own === null ? params.weightOwnCode * 0.7 : params.weightOwnCode;
        reasons.push(`行业代码${unit.industryCode}属${sectionOf(unit.industryCode)!.section}门类（${own ? CATEGORY_ZH[own] : '非四上行业'}），名录专业却为${CATEGORY_ZH[unit.category]}`);
        reasonsEn.push(`industry code ${unit.industryCode} is section ${sectionOf(unit.industryCode)!.section} (${own ?? 'outside the register trades'}) but the category is ${unit.category}`);
      }
      const { withIndustry, withScope } = latestMarketStatus(data, u);
      const marketCode = withIndustry?.registered_industry_code;
      const marketCat = categoryOf(marketCode);
      const marketConflict = !!marketCode && marketCat !== undefined && marketCat !== unit.category;
      const scopeCats = scopeCategories(withScope?.business_scope);
      // A registered code of another trade while the business scope names the register's own trade is an outdated code: weaker.
      const scopeSupports = scopeCats.has(unit.category);
      if (marketConflict) {
        score += scopeSupports ? params.weightMarketCode / 2 : params.weightMarketCode;
        reasons.push(`市场监管登记行业${marketCode}（${marketCat ? CATEGORY_ZH[marketCat] : '非四上行业'}）`);
        reasonsEn.push(`market regulation registered industry ${marketCode} (${marketCat ?? 'outside the register trades'})`);
      }
      const scopeConflict = scopeCats.size > 0 && !scopeCats.has(unit.category);
      if (scopeConflict) {
        score += params.weightScope;
        reasons.push(`经营范围“${withScope!.business_scope}”`);
        reasonsEn.push(`business scope "${withScope!.business_scope}"`);
      }
      const intensity = profiles.kwhIntensity[u]!;
      const peer = profiles.peers('kwhIntensity', unit);
      let kwhConflict = false;
      let rel = Number.NaN;
      let resembles: Category | null = null;
      if (!params.kwhUninformative.includes(unit.category) && Number.isFinite(intensity) && intensity > 0 && peer && peer.key !== 'all' && peer.median > 0) {
        rel = intensity / peer.median;
        const outside = (rel < 1 / params.kwhFactor && intensity < peer.q10) || (rel > params.kwhFactor && intensity > peer.q90);
        if (outside) {
          let best = Infinity;
          for (const [c, m] of categoryMedian) {
            const dist = Math.abs(Math.log(intensity / m));
            if (dist < best) [best, resembles] = [dist, c];
          }
          kwhConflict = resembles !== null && resembles !== unit.category;
        }
        if (kwhConflict) {
          // Twice the factor away (e.g. 8× below the peers) is another trade's footprint — or a
          // meter that no longer matches inflated revenue, or power bought under another account:
          // weight 0.5 only beside a record-based signal, never on its own.
          const extreme = rel < 1 / (2 * params.kwhFactor) || rel > 2 * params.kwhFactor;
          const recordSignal = ownCode || marketConflict || scopeConflict;
          score += extreme && recordSignal ? Math.max(params.weightElectricity, 0.5) : params.weightElectricity;
          reasons.push(`每千元营业收入用电${intensity.toFixed(1)}千瓦时，同行（${peer.key}）中位数${peer.median.toFixed(1)}，接近${CATEGORY_ZH[resembles!]}水平`);
          reasonsEn.push(`${intensity.toFixed(1)} kWh per thousand yuan against a peer (${peer.key}) median of ${peer.median.toFixed(1)}, like ${resembles}`);
        }
      }
      score = clamp01(score);
      if (score < params.minScore) return;
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: unit.enteredPeriod ?? null,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `“${unit.name}”在名录中为${CATEGORY_ZH[unit.category]}（行业${unit.industryCode}），但${reasons.join('；')}`,
        summary_en: `"${unit.name}" is registered as ${unit.category} (industry ${unit.industryCode}), but ${reasonsEn.join('; ')}`,
        evidence: {
          register: { industry_code: unit.industryCode, category: unit.category, section: sectionOf(unit.industryCode)?.section ?? null, implied_category: own ?? null },
          market_regulation: { registered_industry_code: marketCode ?? null, implied_category: marketCat ?? null, business_scope: withScope?.business_scope ?? null, scope_categories: [...scopeCats] },
          electricity: { kwh_per_thousand_yuan: round(intensity, 2), peer: peer ? { group: peer.key, n: peer.n, median: round(peer.median, 2), q10: round(peer.q10, 2), q90: round(peer.q90, 2) } : null, category_medians: Object.fromEntries([...categoryMedian].map(([c, m]) => [c, round(m, 2)])), resembles },
          signals: { scope_supports_register: scopeSupports, kwh_relative_to_peer_median: round(rel, 3), own_code: ownCode, market_code: marketConflict, scope: scopeConflict, electricity: kwhConflict },
        },
      });
    });
    return out;
  },
});
