import type { Category } from '../domain/kinds';

/** Lanshan district (兰山区, 临沂市): its towns, streets and park with their 统计用区划代码. */
export const DISTRICT_CODE = '371302';

export const TOWNS = [
  { code: '371302001000', name: '兰山街道', office: '兰山区兰山街道办事处', urban: true },
  { code: '371302002000', name: '银雀山街道', office: '兰山区银雀山街道办事处', urban: true },
  { code: '371302003000', name: '金雀山街道', office: '兰山区金雀山街道办事处', urban: true },
  { code: '371302004000', name: '柳青街道', office: '兰山区柳青街道办事处', urban: true },
  { code: '371302005000', name: '枣园镇', office: '兰山区枣园镇人民政府', urban: false },
  { code: '371302006000', name: '半程镇', office: '兰山区半程镇人民政府', urban: false },
  { code: '371302007000', name: '义堂镇', office: '兰山区义堂镇人民政府', urban: false },
  { code: '371302008000', name: '李官镇', office: '兰山区李官镇人民政府', urban: false },
  { code: '371302009000', name: '汪沟镇', office: '兰山区汪沟镇人民政府', urban: false },
  { code: '371302010000', name: '方城镇', office: '兰山区方城镇人民政府', urban: false },
  { code: '371302011000', name: '白沙埠镇', office: '兰山区白沙埠镇人民政府', urban: false },
  { code: '371302012000', name: '兰山经济开发区', office: '兰山经济开发区管理委员会', urban: false },
] as const;

export const VILLAGES = ['韩屯村', '谢庄村', '徐埠村', '董岭村', '后十里村', '前园村', '朱张桥村', '大岭村', '小湖村', '东高庄村', '西高都村', '南坊村', '北园村', '孙家村', '王庄村', '李家村'];
export const STREETS = ['沂蒙路', '涑河北街', '柳青街', '通达路', '解放路', '金雀山路', '银雀山路', '兰山路', '工业大道', '临西五路', '蒙山大道', '北京路'];
export const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '苏', '袁', '宋', '郑'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '志刚', '金', '凤', '建华', '海燕', '立新', '文博'];
export const BRAND = [
  '晟联',
  '天瀚',
  '正东',
  '永达',
  '联新',
  '鸿运',
  '金源',
  '华泰',
  '恒信',
  '鑫盛',
  '瑞丰',
  '宏达',
  '顺通',
  '汇丰',
  '嘉禾',
  '德润',
  '广源',
  '泰和',
  '隆盛',
  '昌盛',
  '兴业',
  '盛世',
  '万通',
  '新华',
  '鲁南',
  '沂州',
  '琅琊',
  '蒙阴',
  '启明',
  '国泰',
];

export interface IndustryProfile {
  code: string;
  category: Category;
  noun: string;
  scope: string;
  /** Metered kWh per thousand yuan of revenue: the physical footprint of the trade. */
  kwhPerRevenue: [number, number];
  /** Revenue per employee per month, thousand yuan. */
  revenuePerHead: [number, number];
  margin: [number, number];
}

export const INDUSTRIES: IndustryProfile[] = [
  { code: '2021', category: 'industry', noun: '板材', scope: '胶合板制造、销售', kwhPerRevenue: [90, 160], revenuePerHead: [80, 160], margin: [0.02, 0.08] },
  { code: '2022', category: 'industry', noun: '板材', scope: '纤维板制造、销售', kwhPerRevenue: [110, 190], revenuePerHead: [80, 150], margin: [0.02, 0.07] },
  { code: '2032', category: 'industry', noun: '门业', scope: '木门窗制造、安装', kwhPerRevenue: [40, 80], revenuePerHead: [50, 110], margin: [0.03, 0.09] },
  { code: '2110', category: 'industry', noun: '家具', scope: '木质家具制造、销售', kwhPerRevenue: [35, 70], revenuePerHead: [45, 100], margin: [0.03, 0.1] },
  { code: '3130', category: 'industry', noun: '钢材', scope: '钢材压延加工', kwhPerRevenue: [150, 260], revenuePerHead: [150, 300], margin: [0.01, 0.05] },
  { code: '3311', category: 'industry', noun: '钢结构', scope: '钢结构件制造、安装', kwhPerRevenue: [50, 100], revenuePerHead: [80, 160], margin: [0.02, 0.07] },
  { code: '5131', category: 'wholesale', noun: '纺织', scope: '纺织品、针织品批发', kwhPerRevenue: [1.5, 4], revenuePerHead: [300, 700], margin: [0.01, 0.04] },
  { code: '5164', category: 'wholesale', noun: '建材', scope: '建材批发', kwhPerRevenue: [1.5, 4], revenuePerHead: [300, 800], margin: [0.01, 0.04] },
  { code: '5169', category: 'wholesale', noun: '化工', scope: '化工产品（不含危险化学品）批发', kwhPerRevenue: [1, 3], revenuePerHead: [400, 900], margin: [0.01, 0.03] },
  { code: '5265', category: 'retail', noun: '石化', scope: '成品油零售', kwhPerRevenue: [3, 8], revenuePerHead: [60, 150], margin: [0.01, 0.04] },
  { code: '5212', category: 'retail', noun: '超市', scope: '超级市场零售', kwhPerRevenue: [8, 16], revenuePerHead: [25, 60], margin: [0.01, 0.04] },
  { code: '6110', category: 'accommodation', noun: '酒店', scope: '旅游饭店经营', kwhPerRevenue: [25, 45], revenuePerHead: [10, 22], margin: [0.02, 0.1] },
  { code: '6210', category: 'catering', noun: '餐饮', scope: '餐饮服务', kwhPerRevenue: [20, 40], revenuePerHead: [8, 18], margin: [0.02, 0.1] },
  { code: '6220', category: 'catering', noun: '快餐', scope: '快餐服务', kwhPerRevenue: [18, 35], revenuePerHead: [8, 16], margin: [0.02, 0.09] },
  { code: '5431', category: 'services', noun: '物流', scope: '普通货物道路运输', kwhPerRevenue: [3, 8], revenuePerHead: [40, 90], margin: [0.02, 0.08] },
  { code: '5920', category: 'services', noun: '仓储', scope: '通用仓储服务', kwhPerRevenue: [8, 18], revenuePerHead: [50, 100], margin: [0.03, 0.12] },
  { code: '7020', category: 'services', noun: '物业', scope: '物业管理服务', kwhPerRevenue: [6, 14], revenuePerHead: [8, 16], margin: [0.02, 0.08] },
  { code: '7010', category: 'real_estate', noun: '置业', scope: '房地产开发经营', kwhPerRevenue: [0.5, 2], revenuePerHead: [400, 1200], margin: [0.05, 0.2] },
];
