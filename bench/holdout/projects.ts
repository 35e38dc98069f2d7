import { localMs, seasonFactor } from './calendar';
import type { IdPool } from './ids';
import type { HProject, HUnit, ProjectRow, Town, World } from './model';
import { classOf, villageName, zihao } from './names';
import type { Rng } from './rng';
import { count, isoAt, r1 } from './util';
import { addUnit, newUnit } from './world';

function townCentre(w: World, town: Town): [number, number] {
  const i = w.towns.indexOf(town);
  return [36.6 + (i % 5) * 0.045, 117.35 + Math.floor(i / 5) * 0.075];
}

function shortName(u: HUnit): string {
  return u.name.replace(/^(济南市章丘区|济南|章丘|山东|章丘区)/, '').replace(/(集团有限公司|股份有限公司|有限责任公司|有限公司).*$/, '');
}

function permit(rng: Rng, w: World, year: number, industry: string | undefined): string {
  return `${year}-${w.districtCode}-${(industry ?? '48').slice(0, 2)}-0${rng.chance(0.85) ? 3 : 2}-${rng.int(100000, 999999)}`;
}

/**
 * Monthly completed investment of a project: an S-curve over its duration, slowed by the
 * festival and the northern winter stop, noisy; only months inside the window are kept.
 */
export function progressSeries(w: World, rng: Rng, planned: number, start: number, duration: number, completion: number): (number | null)[] {
  const P = w.cal.P;
  const weights: number[] = [];
  for (let k = 0; k < duration; k++) {
    const t = start + k;
    const m = ((((w.cal.startMonth + t) % 12) + 12) % 12) + 1;
    const y = Math.floor((w.cal.startMonth + t) / 12);
    const s = Math.sin((Math.PI * (k + 0.5)) / duration) ** 1.2;
    const winter = m === 12 || m === 1 || m === 2 ? 0.55 : 1;
    weights.push(Math.max(0.02, s * winter * seasonFactor('construction', y, m) * Math.exp(rng.normal(0, 0.25))));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const out: (number | null)[] = new Array(P).fill(null);
  weights.forEach((wt, k) => {
    const t = start + k;
    if (t >= 0 && t < P) out[t] = r1((planned * completion * wt) / total);
  });
  return out;
}

let seq = 0;
const projectNames = new Set<string>();
function uniqueProject(name: string): string {
  let n = name;
  for (let k = 2; projectNames.has(n); k++) n = name.replace(/(项目|工程)$/, `（${['二', '三', '四', '五', '六'][Math.min(4, k - 2)]}标段）$1`);
  projectNames.add(n);
  return n;
}
function atLeast(rng: Rng, min: number, draw: () => number): number {
  for (let i = 0; i < 50; i++) {
    const x = draw();
    if (x >= min) return x;
  }
  return min * rng.uniform(1.05, 1.5);
}
function projectId(w: World, year: number): string {
  seq++;
  return `P${w.districtCode}${year}${String(seq).padStart(4, '0')}`;
}

function register(
  w: World,
  rng: Rng,
  owner: HUnit,
  fields: Omit<ProjectRow, 'project_id' | 'owner_unit_id' | 'registered_at' | 'registered_by' | 'town_code' | 'start_period'> & { start: number; town?: Town; noPermit?: boolean },
  progress: (number | null)[],
  role?: string,
): HProject {
  const t = fields.start;
  const regT = t - rng.int(0, 2);
  const regMs = localMs(Math.floor((w.cal.startMonth + regT) / 12), ((((w.cal.startMonth + regT) % 12) + 12) % 12) + 1, rng.int(1, 28), rng.int(8, 17), rng.int(0, 59), rng.int(0, 59));
  const year = new Date(regMs).getUTCFullYear();
  const town = fields.town ?? owner.town;
  const [lat0, lon0] = townCentre(w, town);
  const row: ProjectRow = {
    project_id: projectId(w, year),
    name: fields.name,
    owner_unit_id: owner.id,
    planned_investment: fields.planned_investment,
    town_code: town.code,
    address: fields.address ?? `山东省${w.cityName}${w.districtName}${town.name}${villageName(rng)}`,
    lat: fields.lat ?? (rng.chance(0.7) ? Number((lat0 + rng.uniform(-0.02, 0.02)).toFixed(6)) : undefined),
    lon: fields.lon ?? (rng.chance(0.7) ? Number((lon0 + rng.uniform(-0.03, 0.03)).toFixed(6)) : undefined),
    start_period: `${Math.floor((w.cal.startMonth + t) / 12)}-${String(((((w.cal.startMonth + t) % 12) + 12) % 12) + 1).padStart(2, '0')}`,
    industry_code: fields.industry_code,
    permit_id: fields.permit_id,
    component_count: fields.component_count,
    registered_at: isoAt(regMs),
    registered_by: rng.chance(0.5) ? town.account : owner.account,
  };
  if (row.permit_id === undefined && !fields.noPermit && rng.chance(0.92)) row.permit_id = permit(rng, w, year, row.industry_code);
  const p: HProject = { row, progress, role };
  w.projects.push(p);
  return p;
}

const RE_NAMES = ['御府', '华府', '学府', '花园', '雅苑', '壹号院', '公馆', '名邸'];
const INFRA = ['道路提升改造工程', '污水管网建设工程', '安置房建设项目', '产业园基础设施配套项目', '中小学改扩建项目', '农贸市场改造项目'];

/** Fixed-asset projects: honest ones (with their look-alikes) and the project frauds. */
export function buildProjects(w: World, rng: Rng, ids: IdPool, names: Set<string>): void {
  seq = 0;
  projectNames.clear();
  const P = w.cal.P;
  // Town investment platforms (镇街平台公司) own the public works.
  const platformCls = classOf('7212')!;
  const platforms: HUnit[] = [];
  for (const town of rng.sample(
    w.towns.filter((t) => t.kind !== 'park'),
    count(w, 6, 3),
  )) {
    const u = addUnit(w, newUnit(w, rng, ids, names, platformCls, rng.uniform(12_000, 80_000), town));
    u.name = `济南市章丘区${town.name.replace(/(街道|镇)$/, '')}${rng.pick(['城市建设投资', '城乡发展', '建设发展'])}有限公司`;
    u.role = 'platform';
    platforms.push(u);
  }
  const industry = rng.shuffle(w.units.filter((u) => u.category === 'industry' && u.inRegister && u.role === undefined));
  const realEstate = rng.shuffle(w.units.filter((u) => u.category === 'real_estate' && u.inRegister));
  const logistics = rng.shuffle(w.units.filter((u) => u.category === 'services' && ['5990', '5431'].includes(u.industryCode)));
  const n = count(w, 150, 20);
  const startT = () => rng.int(-18, P - 3);
  const honest = (owner: HUnit, kind: 'industry' | 'real_estate' | 'platform' | 'logistics') => {
    const start = startT();
    let planned: number;
    let name: string;
    let industryCode: string | undefined;
    let duration: number;
    switch (kind) {
      case 'industry': {
        planned = atLeast(rng, 5200, () => rng.lognormal(14_000, 0.8));
        const what = rng.pick([
          '智能化技术改造项目',
          '新建厂房及配套设施项目',
          '设备更新改造项目',
          '研发中心建设项目',
          `年产${rng.int(2, 50)}万件${owner.cls.word}产品生产线建设项目`,
          '屋顶分布式光伏发电项目',
        ]);
        name = uniqueProject(`${shortName(owner)}${what}`);
        industryCode = what.includes('光伏') ? '4416' : owner.industryCode;
        duration = rng.int(8, 24);
        break;
      }
      case 'real_estate':
        planned = rng.lognormal(150_000, 0.7);
        name = uniqueProject(`${zihao(rng)}·${rng.pick(RE_NAMES)}${rng.pick(['住宅小区', '商住楼', '小区'])}项目`);
        industryCode = '7010';
        duration = rng.int(24, 40);
        break;
      case 'platform':
        planned = atLeast(rng, 5200, () => rng.lognormal(20_000, 0.8));
        name = uniqueProject(`${rng.chance(0.6) ? `${w.cal.year(Math.max(0, start))}年` : ''}${owner.town.name}${rng.chance(0.5) ? villageName(rng) : ''}${rng.pick(INFRA)}`);
        industryCode = rng.chance(0.5) ? '4813' : undefined;
        duration = rng.int(10, 24);
        break;
      case 'logistics':
        planned = atLeast(rng, 5200, () => rng.lognormal(12_000, 0.6));
        name = uniqueProject(`${shortName(owner)}仓储物流中心项目`);
        industryCode = '5990';
        duration = rng.int(10, 20);
        break;
    }
    planned = r1(planned);
    const progress = progressSeries(w, rng, planned, start, duration, rng.uniform(0.85, 1.02));
    return register(
      w,
      rng,
      owner,
      { name, planned_investment: planned, start, industry_code: rng.chance(0.75) ? industryCode : undefined, component_count: rng.chance(0.4) ? 1 : undefined },
      progress,
    );
  };
  const used = { industry: 0, real_estate: 0, logistics: 0 };
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted([
      ['industry', 0.55],
      ['real_estate', 0.22],
      ['platform', 0.13],
      ['logistics', 0.1],
    ] as const);
    // One project per industrial or logistics owner here; developers may run two estates, platforms many works.
    const owner =
      kind === 'industry'
        ? industry[used.industry++]
        : kind === 'real_estate'
          ? realEstate[used.real_estate++ % Math.max(1, realEstate.length)]
          : kind === 'platform'
            ? rng.pick(platforms)
            : logistics[used.logistics++];
    if (!owner) continue;
    if (kind === 'real_estate' && used.real_estate > realEstate.length * 2) continue;
    honest(owner, kind);
  }

  // Look-alikes: phased projects, legitimate multi-component projects, honest just-over-threshold projects.
  for (let i = 0; i < count(w, 4); i++) {
    const owner = rng.chance(0.5) ? realEstate[realEstate.length - 1 - i] : industry[industry.length - 1 - i];
    if (!owner) continue;
    const base = owner.category === 'real_estate' ? `${zihao(rng)}·${rng.pick(RE_NAMES)}项目` : `${shortName(owner)}新厂区建设项目`;
    const t1 = rng.int(-6, P - 16);
    const t2 = t1 + rng.int(10, 14);
    const p1 = rng.lognormal(owner.category === 'real_estate' ? 90_000 : 12_000, 0.3);
    const a = register(w, rng, owner, { name: `${base}（一期）`, planned_investment: r1(p1), start: t1, industry_code: owner.industryCode }, progressSeries(w, rng, p1, t1, 18, 0.95));
    const p2 = p1 * rng.uniform(0.6, 1.4);
    const b = register(w, rng, owner, { name: `${base}（二期）`, planned_investment: r1(p2), start: t2, industry_code: owner.industryCode }, progressSeries(w, rng, p2, t2, 18, 0.95));
    w.lookalikes.push({
      kind: 'project_phases',
      unit_ids: [owner.id],
      subject_ids: [a.row.project_id, b.row.project_id],
      risk: ['REGISTER.DUPLICATE'],
      detail: `${base}: phase one and two, separate permits, started ${a.row.start_period} and ${b.row.start_period}`,
    });
  }
  for (let i = 0; i < count(w, 4); i++) {
    const owner = rng.pick(platforms);
    const planned = r1(rng.uniform(20_000, 80_000));
    const start = rng.int(0, P - 10);
    const cc = rng.int(2, 3);
    const p = register(
      w,
      rng,
      owner,
      { name: `${owner.town.name}${rng.pick(['片区棚户区改造项目', '产业园标准厂房及配套道路项目', '安置区建设项目'])}`, planned_investment: planned, start, component_count: cc },
      progressSeries(w, rng, planned, start, rng.int(14, 24), 0.95),
    );
    w.lookalikes.push({
      kind: 'legit_multi_component',
      unit_ids: [owner.id],
      subject_ids: [p.row.project_id],
      risk: ['REGISTER.BUNDLED_PROJECT'],
      detail: `one permitted project of ${planned} in ${cc} parts`,
    });
  }
  for (let i = 0; i < count(w, 5); i++) {
    const owner = industry[industry.length - 10 - i];
    if (!owner) continue;
    const planned = r1(rng.uniform(5000, 5400));
    const start = rng.int(0, P - 12);
    const p = register(
      w,
      rng,
      owner,
      {
        name: `${shortName(owner)}${rng.pick(['生产线技术改造项目', '新建车间项目', '设备更新项目'])}`,
        planned_investment: planned,
        start,
        component_count: rng.chance(0.5) ? 1 : undefined,
        industry_code: owner.industryCode,
      },
      progressSeries(w, rng, planned, start, rng.int(8, 12), rng.uniform(0.92, 1.0)),
    );
    w.lookalikes.push({
      kind: 'project_just_over_threshold_honest',
      unit_ids: [owner.id],
      subject_ids: [p.row.project_id],
      risk: ['RENT.THRESHOLD', 'REGISTER.BUNDLED_PROJECT'],
      detail: `a real single project planned at ${planned}, built to plan`,
    });
  }

  // 违规打捆: small works bundled into one record to clear 5 000.
  const bundledVariants = rng.shuffle(['explicit_components', 'implicit_list', 'multiple_permits', 'explicit_components', 'implicit_list'] as const).slice(0, count(w, 5, 3));
  for (const variant of bundledVariants) {
    const owner = rng.pick(platforms);
    const k = rng.int(3, 7);
    const villages = Array.from({ length: k }, () => villageName(rng));
    const start = rng.int(0, P - 10);
    const planned = r1(variant === 'explicit_components' ? rng.uniform(5000, 6800) : rng.uniform(5000, 5600));
    const works = rng.sample(['道路硬化', '污水管网', '路灯安装', '坑塘整治', '文化广场', '供水管网改造'], rng.int(2, 3));
    const name =
      variant === 'implicit_list'
        ? `${owner.town.name}${villages.slice(0, 3).join('、')}等${k}个村${works.join('及')}工程`
        : variant === 'multiple_permits'
          ? `${owner.town.name}2024年农村人居环境整治提升项目`
          : `${owner.town.name}${works[0]}等基础设施建设项目`;
    const progress: (number | null)[] = new Array(P).fill(null);
    let t = start;
    let left = planned * rng.uniform(0.8, 1.0);
    for (let c = 0; c < k && t < P; c++) {
      const piece = c === k - 1 ? left : (left / (k - c)) * rng.uniform(0.6, 1.4);
      const months = rng.int(1, 2);
      for (let m = 0; m < months && t < P; m++, t++) progress[t] = r1(piece / months);
      left -= piece;
      if (rng.chance(0.4) && t < P) progress[t++] = 0;
    }
    const year = Math.floor((w.cal.startMonth + start) / 12);
    const row = register(
      w,
      rng,
      owner,
      {
        name,
        planned_investment: planned,
        start,
        component_count: variant === 'explicit_components' ? k : variant === 'multiple_permits' ? undefined : rng.chance(0.5) ? 1 : undefined,
        permit_id: variant === 'multiple_permits' ? Array.from({ length: k }, () => permit(rng, w, year, '48')).join('、') : undefined,
        noPermit: variant === 'implicit_list' && rng.chance(0.5),
        lat: undefined,
        lon: undefined,
        address: `山东省${w.cityName}${w.districtName}${owner.town.name}${villages.join('、')}`,
      },
      progress,
      'BUNDLED',
    );
    w.truth.push({
      pattern: 'REGISTER.BUNDLED_PROJECT',
      variant,
      subject: { kind: 'project', id: row.row.project_id },
      unit_ids: [owner.id],
      subject_ids: [row.row.project_id],
      periods: [row.row.start_period],
      detail: `${name}: ${k} village works of a few hundred to ~1 500 each filed as one project of ${planned}${variant === 'explicit_components' ? ` (component_count ${k})` : variant === 'multiple_permits' ? ` under ${k} separate permits` : ''}`,
    });
  }

  // 重复: the same project registered twice, progress reported on both.
  const originals = rng.shuffle(w.projects.filter((p) => p.role === undefined && p.progress.some((x) => x !== null) && !w.lookalikes.some((l) => l.subject_ids?.includes(p.row.project_id))));
  for (let i = 0; i < count(w, 2, 2) && i < originals.length; i++) {
    const orig = originals[i]!;
    orig.role = 'DUPLICATE_ORIGINAL';
    const owner = w.byId.get(orig.row.owner_unit_id)!;
    const startT = w.cal.index(orig.row.start_period);
    const lag = rng.int(2, 8);
    const name = rng.pick([orig.row.name.replace('建设项目', '项目'), orig.row.name.replace('项目', '工程项目'), `${w.districtName}${orig.row.name}`, orig.row.name.replace(/^(.{2})/, '$1公司')]);
    const dupProgress = orig.progress.map((x, t) => (x === null || t < startT + lag - 1 ? null : r1(x * rng.uniform(0.95, 1.05))));
    const dup = register(
      w,
      rng,
      owner,
      {
        name,
        planned_investment: r1(orig.row.planned_investment * (rng.chance(0.5) ? 1 : rng.uniform(0.97, 1.03))),
        start: Math.max(startT, -24),
        industry_code: orig.row.industry_code,
        permit_id: rng.chance(0.6) ? orig.row.permit_id : undefined,
        noPermit: true,
        address: orig.row.address,
        lat: orig.row.lat,
        lon: orig.row.lon,
        component_count: orig.row.component_count,
      },
      dupProgress,
      'DUPLICATE',
    );
    const regMs = Date.parse(orig.row.registered_at.replace('+08:00', 'Z')) + lag * 30 * 86_400_000;
    dup.row.registered_at = isoAt(regMs);
    dup.row.registered_by = orig.row.registered_by === owner.account ? owner.town.account : owner.account;
    w.truth.push({
      pattern: 'REGISTER.DUPLICATE',
      variant: 'project_twice',
      subject: { kind: 'project', id: dup.row.project_id },
      unit_ids: [owner.id],
      subject_ids: [orig.row.project_id, dup.row.project_id],
      periods: [],
      also: ['FALSIFY.INFLATE'],
      detail: `${dup.row.project_id} 「${name}」 re-registers ${orig.row.project_id} 「${orig.row.name}」 ${lag} months later${dup.row.permit_id ? ' with the same permit' : ' without a permit'}; progress reported on both`,
    });
  }

  // Projects placed just over 5 000 that never had that scale; inflated and invented progress.
  for (let i = 0; i < count(w, 2, 1); i++) {
    const owner = industry[industry.length - 20 - i];
    if (!owner) continue;
    const planned = r1(rng.uniform(5000, 5350));
    const start = rng.int(0, P - 14);
    const real = rng.uniform(0.4, 0.62);
    const p = register(
      w,
      rng,
      owner,
      { name: `${shortName(owner)}${rng.pick(['技术改造项目', '扩建项目', '设备购置项目'])}`, planned_investment: planned, start, industry_code: owner.industryCode, component_count: 1 },
      progressSeries(w, rng, planned, start, rng.int(7, 10), real),
      'RENT',
    );
    w.truth.push({
      pattern: 'RENT.THRESHOLD',
      variant: 'project_threshold',
      subject: { kind: 'project', id: p.row.project_id },
      unit_ids: [owner.id],
      subject_ids: [p.row.project_id],
      periods: [p.row.start_period],
      detail: `planned investment put at ${planned} to enter the project register; the works finished at ${(real * 100).toFixed(0)}% of it`,
    });
  }
  for (let i = 0; i < count(w, 2, 1); i++) {
    const owner = industry[industry.length - 30 - i];
    if (!owner) continue;
    const planned = r1(atLeast(rng, 6000, () => rng.lognormal(15_000, 0.5)));
    const start = rng.int(0, P - 14);
    const over = rng.uniform(1.3, 1.7);
    const p = register(
      w,
      rng,
      owner,
      { name: `${shortName(owner)}${rng.pick(['智能工厂建设项目', '新建生产线项目'])}`, planned_investment: planned, start, industry_code: owner.industryCode },
      progressSeries(w, rng, planned, start, rng.int(10, 13), over),
      'INFLATE',
    );
    w.truth.push({
      pattern: 'FALSIFY.INFLATE',
      variant: 'project_progress',
      subject: { kind: 'project', id: p.row.project_id },
      unit_ids: [owner.id],
      subject_ids: [p.row.project_id],
      periods: [],
      detail: `completed investment reported up to ${(over * 100).toFixed(0)}% of the planned ${planned}`,
    });
  }
  {
    const owner = rng.pick(platforms);
    const planned = r1(rng.uniform(12_000, 30_000));
    const start = rng.int(0, P - 14);
    const v = rng.pick([500, 600, 800, 1000]);
    const progress: (number | null)[] = new Array(P).fill(null);
    for (let t = start; t < Math.min(P, start + rng.int(10, 14)); t++) progress[t] = v;
    const p = register(w, rng, owner, { name: `${owner.town.name}${rng.pick(INFRA)}`, planned_investment: planned, start }, progress, 'FABRICATE');
    w.truth.push({
      pattern: 'FALSIFY.FABRICATE',
      variant: 'project_flat_progress',
      subject: { kind: 'project', id: p.row.project_id },
      unit_ids: [owner.id],
      subject_ids: [p.row.project_id],
      periods: [],
      detail: `completed investment exactly ${v} every month, winter and festival included`,
    });
  }
}
