/**
 * GB/T 4754-2017 sections as data: division (first two digits) ranges, and the register
 * category (四上 专业) each implies. Why a table: the category of a register unit follows from
 * its industry code (规上工业 = sections B–D, 资质建筑业 = E, 限上批发/零售 = F 51/52, 限上住宿/餐饮 =
 * H 61/62, 房地产开发经营 = K 701, 规上服务业 = the service sections), so a category that its
 * own code contradicts is a misclassification; sections outside the register (A, J, S, T) imply
 * no category.
 */
import type { Category } from '../../domain/kinds';

export interface SectionRow {
  section: string;
  from: number;
  to: number;
  name: string;
  /** Category implied by the division, or by a 3-digit group when `byGroup` says so; null = not a register trade. */
  category: Category | null;
  byGroup?: Record<string, Category>;
}

export const SECTIONS: readonly SectionRow[] = [
  { section: 'A', from: 1, to: 5, name: '农、林、牧、渔业', category: null },
  { section: 'B', from: 6, to: 12, name: '采矿业', category: 'industry' },
  { section: 'C', from: 13, to: 43, name: '制造业', category: 'industry' },
  { section: 'D', from: 44, to: 46, name: '电力、热力、燃气及水生产和供应业', category: 'industry' },
  { section: 'E', from: 47, to: 50, name: '建筑业', category: 'construction' },
  { section: 'F', from: 51, to: 51, name: '批发业', category: 'wholesale' },
  { section: 'F', from: 52, to: 52, name: '零售业', category: 'retail' },
  { section: 'G', from: 53, to: 60, name: '交通运输、仓储和邮政业', category: 'services' },
  { section: 'H', from: 61, to: 61, name: '住宿业', category: 'accommodation' },
  { section: 'H', from: 62, to: 62, name: '餐饮业', category: 'catering' },
  { section: 'I', from: 63, to: 65, name: '信息传输、软件和信息技术服务业', category: 'services' },
  { section: 'J', from: 66, to: 69, name: '金融业', category: null },
  // K: 房地产开发经营 (701) is its own category; property management, agency, leasing are services.
  { section: 'K', from: 70, to: 70, name: '房地产业', category: 'services', byGroup: { '701': 'real_estate' } },
  { section: 'L', from: 71, to: 72, name: '租赁和商务服务业', category: 'services' },
  { section: 'M', from: 73, to: 75, name: '科学研究和技术服务业', category: 'services' },
  { section: 'N', from: 76, to: 79, name: '水利、环境和公共设施管理业', category: 'services' },
  { section: 'O', from: 80, to: 82, name: '居民服务、修理和其他服务业', category: 'services' },
  { section: 'P', from: 83, to: 83, name: '教育', category: 'services' },
  { section: 'Q', from: 84, to: 85, name: '卫生和社会工作', category: 'services' },
  { section: 'R', from: 86, to: 90, name: '文化、体育和娱乐业', category: 'services' },
  { section: 'S', from: 91, to: 96, name: '公共管理、社会保障和社会组织', category: null },
  { section: 'T', from: 97, to: 97, name: '国际组织', category: null },
];

export function sectionOf(industryCode: string | undefined): SectionRow | undefined {
  if (!industryCode || !/^\d{2}/.test(industryCode)) return undefined;
  const division = Number(industryCode.slice(0, 2));
  return SECTIONS.find((s) => division >= s.from && division <= s.to);
}

/** Category the industry code implies; undefined when the code is unknown, null outside the register trades. */
export function categoryOf(industryCode: string | undefined): Category | null | undefined {
  const row = sectionOf(industryCode);
  if (!row) return undefined;
  return row.byGroup?.[industryCode!.slice(0, 3)] ?? row.category;
}

/** Business-scope keywords and the category each points to (manufacturing words first: "制造、销售" is a factory). */
export const SCOPE_KEYWORDS: readonly [RegExp, Category][] = [
  [/制造|加工|生产|冶炼|压延|铸造|纺纱|织造|印染|酿造/, 'industry'],
  [/施工|建筑工程|土木工程|装饰|装修|装潢|安装工程/, 'construction'],
  [/批发/, 'wholesale'],
  [/零售|超级市场|超市|便利店/, 'retail'],
  [/住宿|宾馆|旅馆|酒店经营|旅游饭店|民宿|客栈/, 'accommodation'],
  [/餐饮|快餐|饮品|正餐/, 'catering'],
  [/房地产开发/, 'real_estate'],
  [/运输|仓储|物流|快递|物业管理|信息技术服务|软件|咨询|租赁|广告|技术服务|人力资源|会展|保洁|维修服务|居民服务|家政|培训|医疗|诊疗|美容|美发|洗浴|健身|娱乐|中介/, 'services'],
];

/** Categories the business scope text names. */
export function scopeCategories(scope: string | undefined): Set<Category> {
  const out = new Set<Category>();
  if (!scope) return out;
  for (const [re, c] of SCOPE_KEYWORDS) if (re.test(scope)) out.add(c);
  return out;
}
