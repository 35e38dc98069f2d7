import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import type { DistrictData } from '../../engine/district-data';
import { quantileSorted } from '../../stats/quantile';
import { bigramSimilarity, blocks, normaliseAddress, normalisePhone, normaliseUnitName, regionPrefixes } from './names';

/**
 * Whether two units' monthly revenue is near-identical over the months both reported: at least
 * three quarters of those months within `tol` (|ln a/b|). Why the upper quartile, not the
 * median: two independent firms of the same trade and size can match in level but not month by
 * month; a copy matches in most months. One pass, no allocation (this runs on every candidate).
 */
function figuresAlike(data: DistrictData, a: number, b: number, tol: number): { n: number; within: number } {
  const P = data.P;
  const limit = Math.exp(tol);
  let n = 0;
  let within = 0;
  for (let t = 0; t < P; t++) {
    const x = data.revenue[a * P + t]!;
    const y = data.revenue[b * P + t]!;
    if (!(x > 0 && y > 0)) continue;
    n++;
    if (x <= y * limit && y <= x * limit) within++;
  }
  return { n, within };
}

/** Evidence for an emitted pair: the upper-quartile |ln a/b| and the share of months with equal headcount. */
function figureDistance(data: DistrictData, a: number, b: number): { distance: number; sameEmployees: number } {
  const P = data.P;
  const diffs: number[] = [];
  let same = 0;
  for (let t = 0; t < P; t++) {
    const x = data.revenue[a * P + t]!;
    const y = data.revenue[b * P + t]!;
    if (!(x > 0 && y > 0)) continue;
    diffs.push(Math.abs(Math.log(x / y)));
    if (data.employees[a * P + t] === data.employees[b * P + t]) same++;
  }
  if (!diffs.length) return { distance: Number.NaN, sameEmployees: 0 };
  diffs.sort((p, q) => p - q);
  return { distance: quantileSorted(diffs, 0.75), sameEmployees: same / diffs.length };
}

/**
 * REGISTER.DUPLICATE (units) — the same enterprise in the register twice, found through
 * blocking keys (normalised name, phone, legal representative + address, revenue level within
 * an industry division) and confirmed by combining identity and figures.
 */
export const duplicateUnit = defineRule({
  id: 'register.duplicate-unit',
  version: 1,
  pattern: 'REGISTER.DUPLICATE',
  title: { zh: '单位重复入库', en: 'Enterprise registered twice' },
  description: {
    zh: '按规范化名称（去掉有限公司/有限责任公司、全半角括号、空格、分公司后缀和地区前缀）、电话、法定代表人+地址、同行业收入水平分块，只在块内两两比对（不做全体两两比较）；名称相同或相近、联系信息相同且月度数据几乎一致的判为重复。仅法定代表人或电话相同而名称、地址、数据不同的（一人经营两家公司）不报。对象为没有税务记录或入库较晚的一方。',
    en: 'Units are blocked by normalised name (legal form, bracket width, spaces, branch suffix and region prefix removed), phone, legal representative + address and revenue level within an industry division, and compared only within blocks (never all pairs); the same or a near-identical name, shared contact details and near-identical monthly figures make a duplicate. A shared legal representative or phone alone, with different names, addresses and figures (one owner, two firms), stays silent. The subject is the copy: the one without tax records, else the later entrant.',
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax'],
  params: z.object({
    /** Upper-quartile |ln ratio| of monthly revenue below which figures are near-identical; above it, two businesses. */
    figureTolerance: z.number().positive().default(0.04),
    /** Months both units must have reported for a figure comparison. */
    minOverlap: z.number().int().min(1).default(3),
    /** Name similarity (bigram Dice on normalised names) counted as a near-identical name. */
    nameSimilarity: z.number().min(0).max(1).default(0.8),
    /** Blocks larger than this are skipped (shared switchboards, large buildings). */
    maxBlock: z.number().int().min(2).default(20),
    minScore: z.number().min(0).max(1).default(0.3),
  }),
  evaluate(data, params) {
    const U = data.units.length;
    const P = data.P;
    const prefixes = regionPrefixes(data.units.map((u) => u.address));
    const name = data.units.map((u) => (u.known ? normaliseUnitName(u.name, prefixes) : ''));
    const phone = data.units.map((u) => normalisePhone(u.phone));
    const address = data.units.map((u) => normaliseAddress(u.address, prefixes));
    const rep = data.units.map((u) => (u.legalRep ?? '').replace(/\s+/g, ''));
    const taxMonths = new Int32Array(U);
    const firstReport = new Int32Array(U).fill(P);
    const level = new Float64Array(U).fill(Number.NaN);
    for (let u = 0; u < U; u++) {
      for (let t = 0; t < P; t++) {
        if (!Number.isNaN(data.taxSales[u * P + t]!)) taxMonths[u]!++;
        if (firstReport[u] === P && data.revenue[u * P + t]! > 0) firstReport[u] = t;
      }
      // Level: mean log revenue of the latest 6 reported months (copies report the same recent months).
      let s = 0;
      let n = 0;
      for (let t = P - 1; t >= 0 && n < 6; t--) {
        const r = data.revenue[u * P + t]!;
        if (r > 0) {
          s += Math.log(r);
          n++;
        }
      }
      if (n) level[u] = s / n;
    }
    const ids = Array.from({ length: U }, (_, i) => i).filter((i) => data.units[i]!.known);
    // Pair keys as numbers a·U + b (a < b): no string per candidate.
    const pairs = new Set<number>();
    const addBlock = (b: number[]) => {
      for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) pairs.add(b[i]! < b[j]! ? b[i]! * U + b[j]! : b[j]! * U + b[i]!);
    };
    for (const b of blocks(ids, (i) => name[i]!, params.maxBlock)) addBlock(b);
    for (const b of blocks(ids, (i) => phone[i]!, params.maxBlock)) addBlock(b);
    for (const b of blocks(ids, (i) => (rep[i] && address[i] ? `${rep[i]}|${address[i]}` : ''), params.maxBlock)) addBlock(b);
    // Figure block: units of one industry division sorted by mean log revenue, compared within figureTolerance.
    const byDivision = blocks(
      ids.filter((i) => Number.isFinite(level[i]!)),
      (i) => `${data.units[i]!.category}|${data.units[i]!.industryCode.slice(0, 2)}`,
      Number.MAX_SAFE_INTEGER,
    );
    for (const group of byDivision) {
      group.sort((a, b) => level[a]! - level[b]!);
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1, k = 0; j < group.length && k < params.maxBlock && level[group[j]!]! - level[group[i]!]! <= params.figureTolerance; j++, k++) {
          const a = group[i]!;
          const b = group[j]!;
          // Cheap identity checks only (string equality): similar names are caught by the name, phone and rep+address blocks.
          const identity = (rep[a] !== '' && rep[a] === rep[b]) || (address[a] !== '' && address[a] === address[b]);
          if (identity) pairs.add(a < b ? a * U + b : b * U + a);
        }
      }
    }
    const out: RuleFinding[] = [];
    for (const key of pairs) {
      const a = Math.floor(key / U);
      const b = key - a * U;
      const nameEq = name[a] !== '' && name[a] === name[b];
      const sim = nameEq ? 1 : bigramSimilarity(name[a]!, name[b]!);
      const nameNear = !nameEq && sim >= params.nameSimilarity;
      const phoneEq = phone[a] !== '' && phone[a] === phone[b];
      const repEq = rep[a] !== '' && rep[a] === rep[b];
      const addrEq = address[a] !== '' && address[a] === address[b];
      const alike = figuresAlike(data, a, b, params.figureTolerance);
      const compared = alike.n >= params.minOverlap;
      const figSame = compared && alike.within >= 0.75 * alike.n;
      const figDiff = compared && !figSame;
      // A village or street alone is shared by many firms; a house number is specific.
      const addrWeight = addrEq ? (/\d/.test(address[a]!) ? 0.15 : 0.05) : 0;
      const shell = (taxMonths[a] === 0) !== (taxMonths[b] === 0);
      if (!nameEq && !nameNear && !(figSame && (phoneEq || repEq || addrEq))) continue;
      let score = (nameEq ? 0.45 : nameNear ? 0.25 : 0) + (phoneEq ? 0.15 : 0) + (repEq ? 0.1 : 0) + addrWeight + (figSame ? 0.35 : 0) - (figDiff ? 0.3 : 0) + (shell ? 0.1 : 0);
      score = clamp01(score);
      if (score < params.minScore) continue;
      // The copy: the one without tax records, else the later entrant or first reporter, else the larger id.
      const ua = data.units[a]!;
      const ub = data.units[b]!;
      const dup = shell
        ? taxMonths[a] === 0
          ? a
          : b
        : ua.enteredPeriod && ub.enteredPeriod && ua.enteredPeriod !== ub.enteredPeriod
          ? ua.enteredPeriod > ub.enteredPeriod
            ? a
            : b
          : firstReport[a] !== firstReport[b]
            ? firstReport[a]! > firstReport[b]!
              ? a
              : b
            : ua.id > ub.id
              ? a
              : b;
      const orig = dup === a ? b : a;
      const fig = { n: alike.n, ...figureDistance(data, a, b) };
      const d = data.units[dup]!;
      const o = data.units[orig]!;
      const shared = [nameEq ? '名称' : nameNear ? '名称相近' : '', phoneEq ? '电话' : '', repEq ? '法定代表人' : '', addrEq ? '地址' : ''].filter(Boolean).join('、');
      const sharedEn = [nameEq ? 'name' : nameNear ? 'similar name' : '', phoneEq ? 'phone' : '', repEq ? 'legal representative' : '', addrEq ? 'address' : ''].filter(Boolean).join(', ');
      out.push({
        subject: { kind: 'unit', id: d.id },
        unit_ids: [d.id, o.id],
        period: null,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `“${d.name}”与已在库的“${o.name}”${shared}相同${figSame ? `，${fig.n}个月营业收入几乎一致（四分之三月份差异不超过${(fig.distance * 100).toFixed(1)}%）` : ''}${shell ? `，且${taxMonths[dup] === 0 ? '前者' : '后者'}无税务记录` : ''}，疑为重复入库`,
        summary_en: `"${d.name}" shares ${sharedEn} with "${o.name}"${figSame ? ` and its revenue matches for ${fig.n} months (three quarters of months within ${(fig.distance * 100).toFixed(1)}%)` : ''}${shell ? '; it has no tax records' : ''}: probably the same enterprise registered twice`,
        evidence: {
          duplicate: {
            unit_id: d.id,
            name: d.name,
            normalised_name: name[dup],
            legal_rep: d.legalRep ?? null,
            phone: d.phone ?? null,
            address: d.address ?? null,
            entered_period: d.enteredPeriod ?? null,
            tax_months: taxMonths[dup],
          },
          original: {
            unit_id: o.id,
            name: o.name,
            normalised_name: name[orig],
            legal_rep: o.legalRep ?? null,
            phone: o.phone ?? null,
            address: o.address ?? null,
            entered_period: o.enteredPeriod ?? null,
            tax_months: taxMonths[orig],
          },
          name_similarity: round(sim, 3),
          shared: { name: nameEq, similar_name: nameNear, phone: phoneEq, legal_rep: repEq, address: addrEq },
          figures: {
            months_compared: fig.n,
            q75_abs_log_ratio: round(fig.distance, 4),
            same_employees_share: round(fig.sameEmployees, 2),
            near_identical: figSame,
            clearly_different: figDiff,
            tolerance: params.figureTolerance,
          },
          region_prefixes: prefixes,
        },
      });
    }
    return out.sort((x, y) => y.score - x.score);
  },
});
