import * as z from 'zod';
import { defineRule, type RuleFinding } from '../../engine/rule';
import { usccDivisionCode } from '../../contract/uscc';

/**
 * Cross-district registration (REGISTER.MISCLASSIFIED, low only): the administrative division
 * embedded in the unit's credit code is another district's while the unit reports here.
 */
export const crossDistrict = defineRule({
  id: 'register.cross-district',
  version: 1,
  pattern: 'REGISTER.MISCLASSIFIED',
  title: { zh: '异地登记单位在本区报送', en: 'Unit registered in another district reports here' },
  description: {
    zh: '统一社会信用代码第3–8位为登记管理机关行政区划码；与本区代码不同（市级登记机关的代码除外）而在本区报送的单位，可能属地归属错误或跨区重复统计。登记地与经营地不同很常见，故只作“低”级观察线索。',
    en: 'Characters 3–8 of the credit code are the division of the registering authority; a unit registered in another district (the city-level authority excepted) that reports here may be assigned to the wrong district or counted twice across districts. Registration and operation often differ legitimately, so this is a low watch-list signal only.',
  },
  scope: 'unit',
  reads: ['units', 'submissions'],
  params: z.object({
    /** Treat codes of the district's own city (xxxx00) as local: city-level authorities register many firms. */
    allowCityLevel: z.boolean().default(true),
    score: z.number().min(0).max(0.49).default(0.3),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const district = ctx.districtCode;
    if (!district) return out;
    const P = data.P;
    data.units.forEach((unit, u) => {
      if (unit.id.length !== 18) return;
      const division = usccDivisionCode(unit.id);
      if (!/^\d{6}$/.test(division) || division === district) return;
      if (params.allowCityLevel && division === `${district.slice(0, 4)}00`) return;
      let reports = 0;
      let first: string | null = null;
      for (let t = 0; t < P; t++) {
        if (Number.isNaN(data.revenue[u * P + t]!)) continue;
        reports++;
        first ??= data.periods[t]!;
      }
      if (!reports && !unit.inRegister) return;
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: first,
        score: params.score,
        severity: 'low',
        summary_zh: `统一社会信用代码中的登记地区划码为${division}，不是本区（${district}），但该单位在本区${reports ? `报送了${reports}个月报表` : '名录中'}`,
        summary_en: `The credit code's registration division is ${division}, not this district (${district}), yet the unit ${reports ? `filed ${reports} monthly reports here` : 'is in this register'}`,
        evidence: { uscc_division_code: division, district_code: district, reports, first_report: first, in_register: unit.inRegister, town_code: unit.townCode },
      });
    });
    return out;
  },
});
