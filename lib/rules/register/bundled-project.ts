import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';

const SEPARATORS = /[、，,;；\s]+/;
const VILLAGE = /[\u4e00-\u9fa5]{1,4}?(?:村|社区|居委会)/g;
const TOWN = /[\u4e00-\u9fa5]{2,4}?(?:镇|乡|街道)/g;
const WORK = /(工程|改造|建设|硬化|安装|整治|清淤|修缮|管网|路灯|道路|维修|绿化|提升|广场|坑塘|户厕|桥涵)/;
/** "等7个村" — the filer's own count of the villages a project spans. */
const VILLAGE_COUNT = /等([0-9]+|[一二两三四五六七八九十]+)个(?:行政村|自然村|村|社区)/;
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function smallNumber(text: string): number {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return CN_DIGITS[text] ?? 0;
}

/** Distinct place names (villages / communities, or towns) enumerated in a text. */
export function placeCount(text: string | undefined): number {
  if (!text) return 0;
  const s = text.normalize('NFKC');
  const towns = new Set(s.match(TOWN) ?? []);
  // Town names are cut out first: "埠村街道桥店庄村" is one village in a town whose name holds 村.
  const villages = new Set(s.replace(TOWN, '、').match(VILLAGE) ?? []);
  const stated = VILLAGE_COUNT.exec(s);
  return Math.max(villages.size, towns.size, stated ? smallNumber(stated[1]!) : 0);
}

/** Approval / filing numbers in a permit field (several joined by separators). */
export function permitCount(permit: string | undefined): number {
  if (!permit) return 0;
  return permit
    .normalize('NFKC')
    .split(SEPARATORS)
    .filter((t) => t.replace(/[^0-9A-Za-z]/g, '').length >= 6).length;
}

/** Segments of a name that each name a work (道路硬化、路灯安装…; 供水管网改造及文化广场及道路硬化). */
export function workCount(name: string): number {
  return name
    .normalize('NFKC')
    .split(/[、，,;；]+|以及|及/)
    .filter((s) => WORK.test(s)).length;
}

/**
 * REGISTER.BUNDLED_PROJECT (违规打捆) — separate small works filed as one project to reach the
 * project threshold.
 */
export const bundledProject = defineRule({
  id: 'register.bundled-project',
  version: 2,
  pattern: 'REGISTER.BUNDLED_PROJECT',
  title: { zh: '项目违规打捆', en: 'Small works bundled into one project' },
  description: {
    zh: '打捆项目的特征相互独立：子项目数大于1、名称或地址列举多个村/镇、多个审批号、无审批号、无单一坐标、计划总投资刚过5000千元。单一特征可能合法（如名称列举产品、坐标漏填），因此逐项累加评分，仅凭一个弱特征为“低”；距标准越远，凑数动机越弱，分数按比例降低。一个审批号、一个坐标、子项目为1的单体项目即使刚过标准也不报。名称在三个以上村（含“等N个村”的自述村数）列举几类不同工程（用“、”或“及”连接）另行加分——一条管网穿过几个村是一项工程，几个村各做不同的工程是几项；子项目（或所列村）平均规模低于标准且总额不超过标准两倍时，任何一部分都不够入库，按“刚过标准”计分。',
    en: 'The signs of a bundle are independent: more than one component, several villages or towns listed in the name or address, several approval numbers, no approval number, no single coordinate, planned investment just over the 5 000 threshold. Each alone can be innocent (a name listing products, a coordinate left out), so the signs add up and one weak sign is low; the further above the threshold, the weaker the motive and the lower the score. A single project with one permit, one location and one component stays silent even just above the threshold. A name listing several kinds of work (joined by 、 or 及) across three or more villages (a stated "等N个村" counts) adds to the score — one network through several villages is one work, different works in different villages are several; and when the average component (or listed village) is below the threshold and the total within twice it, no part could enter alone, so the project is scored as just over the threshold.',
  },
  scope: 'project',
  reads: ['projects'],
  params: z.object({
    /** Planned investment up to threshold × (1 + nearBand) counts as "just over". */
    nearBand: z.number().positive().default(0.3),
    /** Weight of each strong sign (several components, several places, several permits). */
    strongWeight: z.number().positive().default(0.3),
    minScore: z.number().min(0).max(1).default(0.3),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const T = ctx.projectThreshold;
    for (const p of data.projects) {
      const planned = p.planned_investment;
      if (!(planned >= T)) continue;
      let near = planned <= T * (1 + params.nearBand) ? 1 : planned <= 2 * T ? 0.6 : 0.3;
      const components = p.component_count ?? 1;
      // "韩屯村至谢庄村段" is one route, not several works.
      const route = /[至到]|—|～|~/.test(`${p.name}`);
      const places = route ? 1 : Math.max(placeCount(p.name), placeCount(p.address));
      const permits = permitCount(p.permit_id);
      const works = workCount(p.name);
      const noCoords = p.lat === undefined || p.lon === undefined;
      const signs = {
        several_components: components > 1,
        several_places: places >= 2,
        several_permits: permits >= 2,
        no_permit: permits === 0,
        no_coordinates: noCoords,
        several_works: works >= 2,
      };
      // Several kinds of work in three or more villages are separate works, not one network.
      const mixedWorks = places >= 3 && works >= 2;
      // Parts the filer names (components, or three or more villages): when the average part is
      // below the threshold and the total within twice it, no part could enter alone — the bundle
      // is what passes, however far the total lies above the threshold.
      const parts = components > 1 ? components : places >= 3 ? places : 1;
      const partsBelow = parts > 1 && planned / parts < T && planned <= 2 * T;
      if (partsBelow) near = 1;
      const w = params.strongWeight;
      const raw =
        (signs.several_components ? w : 0) +
        (signs.several_places ? (places >= 3 ? w + 0.1 : w) : 0) +
        (signs.several_permits ? w : 0) +
        (signs.no_permit ? 0.15 : 0) +
        (signs.no_coordinates ? 0.1 : 0) +
        (signs.several_works ? 0.1 : 0) +
        (mixedWorks ? 0.1 : 0);
      const strong = +signs.several_components + +signs.several_places + +signs.several_permits;
      let score = clamp01(raw) * near;
      // Without a single strong sign the record is merely incomplete: watch-list at most.
      if (strong === 0) score = Math.min(score, 0.45);
      if (score < params.minScore) continue;
      const listed = [
        signs.several_components ? `子项目${components}个` : '',
        signs.several_places ? `列举${places}个村/镇` : '',
        signs.several_permits ? `${permits}个审批号` : '',
        signs.no_permit ? '无审批号' : '',
        signs.no_coordinates ? '无坐标' : '',
        signs.several_works ? `${works}类工程` : '',
      ]
        .filter(Boolean)
        .join('、');
      const listedEn = [
        signs.several_components ? `${components} components` : '',
        signs.several_places ? `${places} places listed` : '',
        signs.several_permits ? `${permits} permit numbers` : '',
        signs.no_permit ? 'no permit number' : '',
        signs.no_coordinates ? 'no coordinates' : '',
        signs.several_works ? `${works} kinds of work` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push({
        subject: { kind: 'project', id: p.project_id },
        unit_ids: [p.owner_unit_id],
        period: p.start_period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `项目“${p.name}”计划总投资${planned}千元（标准${T}千元，高出${(((planned - T) / T) * 100).toFixed(1)}%），${listed}，疑为多个小项目打捆入库`,
        summary_en: `Project "${p.name}" plans ${planned} thousand yuan (threshold ${T}, ${(((planned - T) / T) * 100).toFixed(1)}% above) with ${listedEn}: probably several small works bundled to pass the threshold`,
        evidence: {
          project: {
            project_id: p.project_id,
            name: p.name,
            owner_unit_id: p.owner_unit_id,
            planned_investment: planned,
            address: p.address ?? null,
            lat: p.lat ?? null,
            lon: p.lon ?? null,
            permit_id: p.permit_id ?? null,
            component_count: p.component_count ?? null,
            registered_by: p.registered_by,
          },
          threshold: T,
          above_threshold_by: round((planned - T) / T, 4),
          nearness_factor: near,
          average_part: parts > 1 ? round(planned / parts, 1) : null,
          parts_below_threshold: partsBelow,
          mixed_works_in_villages: mixedWorks,
          counts: { components, places, permits, works },
          signs,
          strong_signs: strong,
        },
      });
    }
    return out;
  },
});
