import type { Category } from '../../lib/domain/kinds';
import type { Rng } from './rng';

/** An industry class (行业小类, GB/T 4754-2017) the district has, with what a name and a licence say about it. */
export interface IndustryClass {
  code: string;
  category: Category;
  /** Word in firm names (e.g. 机械). */
  word: string;
  /** 经营范围 as the market regulator records it. */
  scope: string;
  /** kWh per thousand yuan of output (industry) or per employee-month (others). */
  kwh: number;
  weight: number;
}

export const INDUSTRY_CLASSES: IndustryClass[] = [
  // industry: 规上工业
  { code: '1331', category: 'industry', word: '油脂', scope: '食用植物油加工、销售', kwh: 60, weight: 2 },
  { code: '1391', category: 'industry', word: '淀粉', scope: '淀粉及淀粉制品生产、销售', kwh: 180, weight: 1 },
  { code: '1469', category: 'industry', word: '调味品', scope: '调味品生产、销售', kwh: 70, weight: 1 },
  { code: '1524', category: 'industry', word: '饮品', scope: '含乳饮料和植物蛋白饮料制造', kwh: 90, weight: 1 },
  { code: '1713', category: 'industry', word: '纺织', scope: '棉印染精加工', kwh: 260, weight: 2 },
  { code: '1810', category: 'industry', word: '服饰', scope: '服装、服饰生产、加工、销售', kwh: 45, weight: 2 },
  { code: '2022', category: 'industry', word: '板材', scope: '纤维板制造、销售', kwh: 220, weight: 2 },
  { code: '2110', category: 'industry', word: '家具', scope: '木质家具制造、销售', kwh: 70, weight: 2 },
  { code: '2231', category: 'industry', word: '包装', scope: '纸箱、纸制品包装生产、销售', kwh: 110, weight: 2 },
  { code: '2641', category: 'industry', word: '涂料', scope: '涂料制造（不含危险化学品）', kwh: 80, weight: 1 },
  { code: '2662', category: 'industry', word: '化工', scope: '专项化学用品制造', kwh: 260, weight: 2 },
  { code: '2929', category: 'industry', word: '塑业', scope: '塑料制品制造、销售', kwh: 160, weight: 3 },
  { code: '3021', category: 'industry', word: '建材', scope: '水泥制品制造、销售', kwh: 240, weight: 2 },
  { code: '3130', category: 'industry', word: '钢材', scope: '钢压延加工', kwh: 420, weight: 1 },
  { code: '3391', category: 'industry', word: '铸造', scope: '黑色金属铸造', kwh: 520, weight: 3 },
  { code: '3311', category: 'industry', word: '钢构', scope: '金属结构制造、安装', kwh: 120, weight: 2 },
  { code: '3432', category: 'industry', word: '泵业', scope: '泵及真空设备制造', kwh: 90, weight: 2 },
  { code: '3484', category: 'industry', word: '机械', scope: '机械零部件加工、销售', kwh: 110, weight: 4 },
  { code: '3512', category: 'industry', word: '重工', scope: '建筑工程用机械制造', kwh: 95, weight: 2 },
  { code: '3670', category: 'industry', word: '汽车配件', scope: '汽车零部件及配件制造', kwh: 100, weight: 3 },
  { code: '3821', category: 'industry', word: '电气', scope: '变压器、整流器和电感器制造', kwh: 70, weight: 2 },
  { code: '3989', category: 'industry', word: '电子', scope: '电子元器件制造、销售', kwh: 85, weight: 1 },
  { code: '4220', category: 'industry', word: '再生资源', scope: '非金属废料和碎屑加工处理', kwh: 130, weight: 1 },
  // construction: 资质等级建筑业
  { code: '4811', category: 'construction', word: '路桥', scope: '公路工程施工', kwh: 0, weight: 2 },
  { code: '4710', category: 'construction', word: '建设', scope: '房屋建筑工程施工', kwh: 0, weight: 4 },
  { code: '4910', category: 'construction', word: '电力工程', scope: '电气安装', kwh: 0, weight: 1 },
  { code: '5011', category: 'construction', word: '装饰', scope: '公共建筑装饰和装修', kwh: 0, weight: 2 },
  // wholesale: 限上批发
  { code: '5131', category: 'wholesale', word: '纺织品', scope: '纺织品、针织品批发', kwh: 0, weight: 2 },
  { code: '5165', category: 'wholesale', word: '钢铁贸易', scope: '金属材料、钢材批发', kwh: 0, weight: 4 },
  { code: '5162', category: 'wholesale', word: '煤炭', scope: '煤炭批发经营', kwh: 0, weight: 2 },
  { code: '5171', category: 'wholesale', word: '农机', scope: '农业机械批发', kwh: 0, weight: 1 },
  { code: '5127', category: 'wholesale', word: '粮油', scope: '粮油食品批发', kwh: 0, weight: 2 },
  { code: '5174', category: 'wholesale', word: '五金', scope: '五金产品批发', kwh: 0, weight: 3 },
  { code: '5191', category: 'wholesale', word: '商贸', scope: '日用百货批发', kwh: 0, weight: 3 },
  // retail: 限上零售
  { code: '5212', category: 'retail', word: '超市', scope: '日用百货、食品零售', kwh: 0, weight: 3 },
  { code: '5261', category: 'retail', word: '汽车销售', scope: '汽车新车零售', kwh: 0, weight: 3 },
  { code: '5265', category: 'retail', word: '石油', scope: '成品油零售（加油站）', kwh: 0, weight: 2 },
  { code: '5271', category: 'retail', word: '家电', scope: '家用电器零售', kwh: 0, weight: 1 },
  { code: '5251', category: 'retail', word: '医药', scope: '药品零售', kwh: 0, weight: 2 },
  // accommodation, catering
  { code: '6110', category: 'accommodation', word: '酒店', scope: '住宿服务', kwh: 0, weight: 3 },
  { code: '6140', category: 'accommodation', word: '民宿', scope: '民宿服务', kwh: 0, weight: 1 },
  { code: '6210', category: 'catering', word: '餐饮', scope: '餐饮服务', kwh: 0, weight: 5 },
  { code: '6241', category: 'catering', word: '快餐', scope: '快餐服务', kwh: 0, weight: 1 },
  // services: 规上服务业
  { code: '5431', category: 'services', word: '运输', scope: '道路普通货物运输', kwh: 0, weight: 3 },
  { code: '5990', category: 'services', word: '仓储', scope: '普通仓储服务', kwh: 0, weight: 1 },
  { code: '6513', category: 'services', word: '软件', scope: '软件开发、信息技术咨询服务', kwh: 0, weight: 2 },
  { code: '7020', category: 'services', word: '物业', scope: '物业管理服务', kwh: 0, weight: 3 },
  { code: '7111', category: 'services', word: '租赁', scope: '汽车租赁', kwh: 0, weight: 1 },
  { code: '7221', category: 'services', word: '企业管理', scope: '企业管理咨询', kwh: 0, weight: 1 },
  { code: '7251', category: 'services', word: '人力资源', scope: '劳务派遣服务', kwh: 0, weight: 1 },
  { code: '7482', category: 'services', word: '工程设计', scope: '工程勘察设计', kwh: 0, weight: 1 },
  { code: '8090', category: 'services', word: '家政', scope: '居民服务', kwh: 0, weight: 1 },
  { code: '8421', category: 'services', word: '医院', scope: '医疗服务', kwh: 0, weight: 1 },
  { code: '7212', category: 'services', word: '城市建设投资', scope: '以自有资金从事投资活动；城乡基础设施建设；土地整理', kwh: 0, weight: 0 },
  // real estate
  { code: '7010', category: 'real_estate', word: '置业', scope: '房地产开发经营', kwh: 0, weight: 4 },
];

export const CATEGORY_SHARE: [Category, number][] = [
  ['industry', 0.34],
  ['construction', 0.07],
  ['wholesale', 0.15],
  ['retail', 0.1],
  ['accommodation', 0.03],
  ['catering', 0.06],
  ['services', 0.19],
  ['real_estate', 0.06],
];

export function classesOf(cat: Category): IndustryClass[] {
  return INDUSTRY_CLASSES.filter((c) => c.category === cat);
}

export function classOf(code: string): IndustryClass | undefined {
  return INDUSTRY_CLASSES.find((c) => c.code === code);
}

const ZIHAO_CHARS = '华鑫源恒泰瑞丰宏图金鼎永盛和昌隆兴达通力信诚安康宇辉德利祥顺佳瑞嘉禾明天元博正新东方海润光远广汇中联创富民益众福宝聚隆晟弘翔凯旭腾骏铭科锦程润泽峰岳'.split('');

export const SURNAMES: [string, number][] = [
  ['李', 12],
  ['王', 11],
  ['张', 10],
  ['刘', 8],
  ['陈', 4],
  ['杨', 4],
  ['赵', 4],
  ['孙', 4],
  ['马', 3],
  ['高', 3],
  ['徐', 3],
  ['吕', 2],
  ['郭', 2],
  ['焦', 2],
  ['韩', 2],
  ['宋', 2],
  ['于', 2],
  ['周', 2],
  ['吴', 2],
  ['邢', 1],
  ['冯', 1],
  ['魏', 1],
  ['朱', 1],
  ['董', 1],
  ['曹', 1],
  ['亓', 1],
  ['毕', 1],
  ['侯', 1],
  ['翟', 1],
  ['崔', 1],
];
const GIVEN = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林洋敏静丽艳娟霞芳燕红玲秀英桂兰梅莉凤金玉海建国庆文志永春成'.split('');

export function personName(rng: Rng): string {
  const s = rng.weighted(SURNAMES);
  const one = rng.chance(0.3);
  return s + rng.pick(GIVEN) + (one ? '' : rng.pick(GIVEN));
}

export function zihao(rng: Rng): string {
  const a = rng.pick(ZIHAO_CHARS);
  let b = rng.pick(ZIHAO_CHARS);
  while (b === a) b = rng.pick(ZIHAO_CHARS);
  return a + b;
}

export const ROADS = ['汇泉路', '明水路', '唐王山路', '山泉路', '绣江路', '世纪大道', '工业二路', '龙泉大道', '经十东路', '福泰路', '双山大街', '铁道北路', '百脉泉街', '东岭路', '赭山路', '凤凰路'];
export const VILLAGE_WORDS = ['王家', '李家', '张家', '东', '西', '南', '北', '孙家', '大', '小', '前', '后', '河', '桥', '官', '牛', '刘家', '宋'];
export const VILLAGE_TAILS = ['庄', '村', '屯', '集', '店', '峪', '营', '寨'];

export function villageName(rng: Rng): string {
  return rng.pick(VILLAGE_WORDS) + rng.pick(['庄', '营', '店', '峪', '坡', '洼', '官', '']) + rng.pick(VILLAGE_TAILS).replace('村', '') + '村';
}

export function phone(rng: Rng): string {
  if (rng.chance(0.45)) return `0531-8${rng.int(1000000, 9999999)}`;
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99999999)).padStart(8, '0')}`;
}

export const PROJECT_KINDS: { word: string; industry: string | null }[] = [
  { word: '年产{n}万件{p}生产线建设项目', industry: '3484' },
  { word: '智能化技术改造项目', industry: null },
  { word: '新建厂房及配套设施项目', industry: null },
  { word: '仓储物流中心项目', industry: '5990' },
  { word: '设备更新改造项目', industry: null },
  { word: '研发中心建设项目', industry: null },
  { word: '屋顶分布式光伏发电项目', industry: '4416' },
];
