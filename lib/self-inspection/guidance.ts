/**
 * Why each problem matters and what the unit can do about it, per rule or check id. Data, so
 * that the texts are reviewed in one place and every check has them (tested).
 */
export type ActionCode = 'correct' | 'evidence' | 'explain';

export const ACTIONS: Record<ActionCode, { zh: string; en: string }> = {
  correct: {
    zh: '更正报表：数据有误的，在联网直报平台报送更正（下一个 revision），不得只改本自查文件',
    en: 'Correct the report: if a figure is wrong, file a correction (the next revision) on the direct-reporting platform, not only in this file',
  },
  evidence: {
    zh: '补充证明材料：数据属实的，备好合同、发票、纳税申报表、电费单或社保缴费记录等原始凭证，以备核查',
    en: 'Attach evidence: if the figure is right, keep the contracts, invoices, tax returns, power bills or social-insurance records that support it ready for review',
  },
  explain: {
    zh: '作出说明：写明差异原因（季节性、一次性业务、统计口径不同等），在整改台账中标记时一并填写',
    en: 'Explain: state the reason for the difference (season, a one-off deal, a difference of basis) and give it when you mark the ledger item',
  },
};

interface Guidance {
  why: { zh: string; en: string };
  actions: ActionCode[];
}

const GUIDANCE: Record<string, Guidance> = {
  'falsify.hard-edits': {
    why: {
      zh: '报表中的数字相互矛盾或超出合理范围，审核时会被退回；逻辑错误本身就是统计数据质量问题。',
      en: 'Figures that contradict each other or fall outside a plausible range are returned at review; an inconsistent report is itself a data-quality breach.',
    },
    actions: ['correct', 'explain'],
  },
  'falsify.cross-source-shift': {
    why: {
      zh: '营业收入与税务申报销售额、电网用电量的比例连续数月明显偏离本单位常态，是统计执法核查虚报、瞒报的主要线索。',
      en: 'For several months revenue left its usual proportion to tax-declared sales and metered electricity: the main lead enforcement follows for inflated or concealed figures.',
    },
    actions: ['correct', 'evidence', 'explain'],
  },
  'falsify.headcount-shift': {
    why: {
      zh: '报表从业人员和工资连续数月低于本单位社保参保人数的常态比例，而参保人数未变，可能被认定为瞒报从业人员和工资。',
      en: "For several months reported employees and wages fell below their usual proportion to the unit's insured headcount while insurance did not change: this may be judged as concealed employment and wages.",
    },
    actions: ['correct', 'evidence', 'explain'],
  },
  'register.fake-entry': {
    why: {
      zh: '入库申请的年营业收入得不到税务、用电和参保记录的支持，可能被认定为虚假入库。',
      en: 'The declared annual revenue of the entry is not borne out by tax, electricity and insurance records; the entry may be judged unfounded.',
    },
    actions: ['correct', 'evidence'],
  },
  'register.fake-exit': {
    why: {
      zh: '退库时税务和用电显示本单位仍达到入库标准，可能被认定为违规退库。',
      en: 'At the exit, tax and electricity show the unit still above the threshold; the exit may be judged improper.',
    },
    actions: ['correct', 'evidence', 'explain'],
  },
  'self.filed-difference': {
    why: {
      zh: '自查数据与已报送的数据不一致；改动数据须以更正报送并说明理由，大幅上调尤其会被重点核查。',
      en: 'The figures differ from what the unit filed; a change must be filed as a correction with its reason, and large upward changes are reviewed closely.',
    },
    actions: ['correct', 'explain'],
  },
  'self.own-trend': {
    why: {
      zh: '本月营业收入的同比变化明显偏离本单位近几个月的走势，而税务记录未显示同样变化（或尚无税务记录）。',
      en: "This month's change against the same month last year departs from the unit's recent trend, and tax records do not show the same change (or are not in yet).",
    },
    actions: ['correct', 'evidence', 'explain'],
  },
  'self.month-vs-records': {
    why: {
      zh: '本月数据与税务、电力、社保部门掌握的同月记录不相称（相对本单位一贯的比例），核查时会与部门记录比对。',
      en: "The month's figures are out of proportion to the tax, grid and social-insurance records of the same month (against the unit's usual proportion); review compares them with those records.",
    },
    actions: ['correct', 'evidence', 'explain'],
  },
  'self.threshold-proximity': {
    why: {
      zh: '全年营业收入刚好超过入库标准；如税务、用电折算不到标准，可能被认定为卡线达标（数据寻租）。',
      en: 'Annual revenue lies just over the register threshold; if tax and electricity do not reach it, the unit may be seen as placing its figures over the line.',
    },
    actions: ['correct', 'evidence'],
  },
  'self.peer-comparison': {
    why: {
      zh: '该指标远离同行业同类单位的一般水平（与同组单位的四分位数比较，不涉及任何其他单位的具体数据）。',
      en: "This ratio lies far from what units of the same category and industry usually show (compared with the group's quartiles; no other unit's figures are involved).",
    },
    actions: ['correct', 'explain'],
  },
};

const FALLBACK: Guidance = {
  why: { zh: '该项可能影响统计数据质量，请核实。', en: 'This may affect the quality of the statistics; please check it.' },
  actions: ['correct', 'explain'],
};

export const GUIDED_RULE_IDS = Object.keys(GUIDANCE);

export function guidanceFor(ruleId: string): { why: { zh: string; en: string }; actions: { code: ActionCode; zh: string; en: string }[] } {
  const g = GUIDANCE[ruleId] ?? FALLBACK;
  return { why: g.why, actions: g.actions.map((code) => ({ code, ...ACTIONS[code] })) };
}
