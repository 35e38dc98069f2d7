import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import type { ProjectRecord } from '../../contract/schemas';
import { bigramSimilarity, blocks, normaliseAddress, normaliseProjectName, numberTokens, regionPrefixes } from './names';

/** Distance in metres between two WGS-84 points (equirectangular; exact enough below a few km). */
function metres(a: ProjectRecord, b: ProjectRecord): number {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return Number.NaN;
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/**
 * Project name for comparison: the generic suffix removed (normaliseProjectName), the owner's
 * legal-form words and a leading region name too — "达康公司·雅苑商住楼项目" and "达康·雅苑商住楼项目",
 * "章丘区正金铸造新建厂房项目" and "正金铸造新建厂房项目" name one work each. Region names are read
 * from the district's own addresses (regionPrefixes), not hard-coded.
 */
export function projectNameKey(name: string, prefixes: readonly string[] = []): string {
  let s = normaliseProjectName(name).replace(/(集团)?(股份)?(有限(责任)?)?公司/g, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      if (s.startsWith(p) && s.length - p.length >= 4) {
        s = s.slice(p.length);
        changed = true;
      }
    }
  }
  return s;
}

/**
 * REGISTER.DUPLICATE (projects) — the same fixed-asset project filed twice: blocked by owner,
 * permit number and normalised name, confirmed by investment, location, start and progress.
 */
export const duplicateProject = defineRule({
  id: 'register.duplicate-project',
  version: 2,
  pattern: 'REGISTER.DUPLICATE',
  title: { zh: '项目重复入库', en: 'Project filed twice' },
  description: {
    zh: '按项目法人、审批备案号、规范化项目名称（去掉“项目/工程”等后缀、“公司/有限公司”等字样和名称开头的省市区县名）分块，块内比对计划总投资、地址或坐标、开工时间、审批号和月度完成投资；同一法人、同一地点、名称几乎相同，且计划总投资几乎相同、审批号相同或月度完成投资逐月几乎一致（同一进度报了两次）的判为重复。名称中期次或编号不同（一期/二期）的视为不同项目。对象为登记较晚的一条。',
    en: 'Projects are blocked by owner, permit number and normalised name (generic suffixes such as 项目/工程 and legal-form words such as 公司/有限公司 and a leading province/city/county name removed) and compared within blocks on planned investment, address or coordinates, start, permit and monthly completed investment; the same owner, place and nearly the same name, with nearly the same planned investment, the same permit or month-by-month matching completed investment (one progress reported twice), make a duplicate. Names differing in phase or number (一期/二期) are different works. The subject is the later registration.',
  },
  scope: 'project',
  reads: ['projects', 'project_progress'],
  params: z.object({
    /** Relative difference of planned investment counted as the same. */
    investmentTolerance: z.number().min(0).default(0.02),
    /** Coordinates closer than this (metres) are the same site. */
    sameSiteMetres: z.number().positive().default(200),
    nameSimilarity: z.number().min(0).max(1).default(0.8),
    maxBlock: z.number().int().min(2).default(50),
    minScore: z.number().min(0).max(1).default(0.3),
  }),
  evaluate(data, params) {
    const projects = data.projects;
    const prefixes = regionPrefixes(projects.map((p) => p.address));
    const names = projects.map((p) => projectNameKey(p.name, prefixes));
    const numbers = projects.map((p) => numberTokens(p.name));
    const addresses = projects.map((p) => normaliseAddress(p.address, []));
    const idx = projects.map((_, i) => i);
    const pairs = new Set<string>();
    const add = (b: number[]) => {
      for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) pairs.add(`${Math.min(b[i]!, b[j]!)}|${Math.max(b[i]!, b[j]!)}`);
    };
    for (const b of blocks(idx, (i) => projects[i]!.owner_unit_id, params.maxBlock)) add(b);
    for (const b of blocks(idx, (i) => (projects[i]!.permit_id ?? '').replace(/\s+/g, ''), params.maxBlock)) add(b);
    for (const b of blocks(idx, (i) => names[i]!, params.maxBlock)) add(b);
    const out: RuleFinding[] = [];
    for (const key of pairs) {
      const [i, j] = key.split('|').map(Number) as [number, number];
      const a = projects[i]!;
      const b = projects[j]!;
      const sim = bigramSimilarity(names[i]!, names[j]!);
      const nameEq = names[i] !== '' && names[i] === names[j];
      const nameNear = !nameEq && sim >= params.nameSimilarity;
      const sameOwner = a.owner_unit_id === b.owner_unit_id;
      const invDiff = Math.abs(a.planned_investment - b.planned_investment) / Math.max(a.planned_investment, b.planned_investment, 1);
      const invEq = invDiff <= params.investmentTolerance;
      const dist = metres(a, b);
      const siteEq = (addresses[i] !== '' && addresses[i] === addresses[j]) || dist <= params.sameSiteMetres;
      const permitEq = !!a.permit_id && a.permit_id === b.permit_id;
      const startEq = a.start_period === b.start_period;
      // Monthly completed investment: median relative difference over common months.
      const pa = data.progress.get(a.project_id);
      const pb = data.progress.get(b.project_id);
      const diffs: number[] = [];
      if (pa && pb) for (let t = 0; t < pa.length; t++) if (pa[t]! > 0 && pb[t]! > 0) diffs.push(Math.abs(Math.log(pa[t]! / pb[t]!)));
      diffs.sort((x, y) => x - y);
      const progDist = diffs.length ? diffs[diffs.length >> 1]! : Number.NaN;
      const progEq = diffs.length >= 3 && progDist <= 0.03;
      // Different phase or number markers (一期 / 二期) are different works. A marker on one side only
      // ("（一期）" added to a re-filing) is a different work only unless plan, site and start all agree.
      if (numbers[i] !== numbers[j] && ((numbers[i] && numbers[j]) || !(invEq && siteEq && startEq))) continue;
      // Besides the plan or the permit, the same months of completed investment (re-filed progress) tie the pair.
      if (!(nameEq || nameNear) || !(invEq || permitEq || progEq)) continue;
      let score = clamp01((nameEq ? 0.3 : 0.2) + (sameOwner ? 0.15 : 0) + (invEq ? 0.25 : 0) + (siteEq ? 0.15 : 0) + (permitEq ? 0.15 : 0) + (startEq ? 0.05 : 0) + (progEq ? 0.15 : 0));
      // Different owners at different sites share a generic name and a round budget by chance: low at most.
      if (!sameOwner && !siteEq && !permitEq) score = Math.min(score, 0.45);
      if (score < params.minScore) continue;
      const later = a.registered_at > b.registered_at || (a.registered_at === b.registered_at && a.project_id > b.project_id) ? a : b;
      const earlier = later === a ? b : a;
      const units = [...new Set([later.owner_unit_id, earlier.owner_unit_id])];
      const finding: RuleFinding = {
        subject: { kind: 'project', id: later.project_id },
        unit_ids: units,
        period: later.start_period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `项目“${later.name}”（${later.project_id}，${later.registered_at.slice(0, 10)}登记）与“${earlier.name}”（${earlier.project_id}）${sameOwner ? '同一法人、' : ''}计划总投资${later.planned_investment}/${earlier.planned_investment}千元${siteEq ? '、地点相同' : ''}${permitEq ? '、审批号相同' : ''}${progEq ? `、${diffs.length}个月完成投资几乎一致` : ''}，疑为重复入库`,
        summary_en: `Project "${later.name}" (${later.project_id}, registered ${later.registered_at.slice(0, 10)}) matches "${earlier.name}" (${earlier.project_id}): ${sameOwner ? 'same owner, ' : ''}planned ${later.planned_investment} vs ${earlier.planned_investment} thousand yuan${siteEq ? ', same site' : ''}${permitEq ? ', same permit' : ''}${progEq ? `, completed investment matching for ${diffs.length} months` : ''}: probably filed twice`,
        evidence: {
          duplicate: {
            project_id: later.project_id,
            name: later.name,
            owner: later.owner_unit_id,
            planned: later.planned_investment,
            address: later.address ?? null,
            permit_id: later.permit_id ?? null,
            start_period: later.start_period,
            registered_at: later.registered_at,
          },
          original: {
            project_id: earlier.project_id,
            name: earlier.name,
            owner: earlier.owner_unit_id,
            planned: earlier.planned_investment,
            address: earlier.address ?? null,
            permit_id: earlier.permit_id ?? null,
            start_period: earlier.start_period,
            registered_at: earlier.registered_at,
          },
          name_similarity: round(sim, 3),
          investment_relative_difference: round(invDiff, 4),
          distance_m: Number.isFinite(dist) ? Math.round(dist) : null,
          shared: { owner: sameOwner, name: nameEq, similar_name: nameNear, investment: invEq, site: siteEq, permit: permitEq, start: startEq },
          progress: { months_compared: diffs.length, median_abs_log_ratio: round(progDist, 4), near_identical: progEq },
        },
      };
      out.push(finding);
      // Both records are the duplicate (as a unit finding names both units): which one is the copy
      // is a guess from the registration date, and either may carry the double-counted progress.
      out.push({
        ...finding,
        subject: { kind: 'project', id: earlier.project_id },
        period: earlier.start_period,
        summary_zh: `项目“${earlier.name}”（${earlier.project_id}）与较晚登记的“${later.name}”（${later.project_id}）疑为同一项目重复入库：${finding.summary_zh}`,
        summary_en: `Project "${earlier.name}" (${earlier.project_id}) is the other record of a probable double registration: ${finding.summary_en}`,
      });
    }
    return out.sort((x, y) => y.score - x.score);
  },
});
