import * as z from 'zod';
import { defineRule, pct, round, type RuleFinding } from '../../engine/rule';
import { calibrate } from '../../engine/severity';
import { MAD_SCALE } from '../../stats/robust';
import { log10FisherCombined, log10NormalUpper } from '../../stats/tails';

interface TownMonth {
  t: number;
  judged: number;
  raised: number[];
  expectedShare: number;
  z: number;
  /** z against the town's own other months (median and spread of its z). */
  townZ: number;
  /** Months of the town judged: the looks taken at it. */
  townMonths: number;
  townMedianZ: number;
  medianExcess: number;
  viaRevision: number;
}

/**
 * Town-wide lift above tax: in one month, a far larger share of a town's units report revenue
 * well above their own usual revenue/tax relation than the units of the other towns do that
 * month. Each unit is its own baseline (its median log revenue/tax over all months), so a real
 * town-wide boom or shutdown — which tax sees too — leaves the relation where it was; a
 * district-wide season or filing calendar moves every town alike and sets the comparison share.
 * What is left is a town where many units' reports rose while their tax did not: the
 * "统一做数" of a town pushing its figures (a December push by part of the units, a common
 * lift over a few months), whether filed first-hand or by revision.
 */
export const townTaxGap = defineRule({
  id: 'interfere.town-tax-gap',
  version: 2,
  pattern: 'INTERFERE.COORDINATED',
  title: { zh: '乡镇/园区集中虚增（同月大批单位偏离税务）', en: 'Town-wide lift of reports above tax in one month' },
  description: {
    zh: '每个单位以自身“营业收入/税务销售额”的常态比值为基准（全部月份中位数）；逐月统计每个乡镇中比值高出常态6%以上的单位占比，与同月其他乡镇的占比比较（二项分布z值），并与本镇其他月份的z值比较（税务按结算、预售等波动大的乡镇每月都起伏，不算）。真实的全镇性繁荣或停产税务也同步变化，比值不变；全区性的季节或申报节奏使各乡镇同步变化，作为比较基准。只有某乡镇同月大批单位比值抬升、远超其他乡镇时才报。本镇单位也会像其他乡镇一样偶然越过门槛：按其他乡镇的比例估计偶然越过的家数，抬升最不罕见的这些单位不列。',
    en: "Each unit is its own baseline: its usual log revenue/tax-declared-sales relation (median over all months). Each month, the share of a town's units reporting 6% or more above that relation is compared with the share among the other towns' units that month (binomial z), and that z with the town's own other months (a town whose tax is lumpy — settlements, pre-sales — swings every month and one swing proves nothing). A real town-wide boom or shutdown moves tax too and leaves the relation intact; a district-wide season or filing rhythm moves every town and sets the comparison. Only a town where far more units rose above tax than elsewhere that month is reported. A town's units also cross the jump by chance as often as the other towns' do: as many raised units as that share explains, those whose own excess is least rare among the other towns' units, are not named.",
  },
  scope: 'town',
  reads: ['submissions', 'tax', 'units'],
  params: z.object({
    /** Months with both revenue and tax a unit needs for its own baseline. */
    minRefMonths: z.number().int().default(8),
    /** Log excess over the unit's usual revenue/tax relation counted as "raised" (≈ +6%). */
    jump: z.number().default(0.06),
    /** Judged units a town needs in the month. */
    minUnits: z.number().int().default(8),
    /** Raised units needed in the town-month: a handful of units can coincide by chance (a few
     *  units' own inflation, noise); a town pushing its figures moves many. */
    minRaised: z.number().int().default(8),
    /** Judged units the other towns together need in the month for a comparison share. */
    minOthers: z.number().int().default(30),
    /** Binomial z of the town's raised count against the other towns' share. */
    minZ: z.number().default(4.5),
    /** The same z set against the town's own months (robust: median, MAD spread of at least 1). */
    minTownZ: z.number().default(4),
    /** Judged months a town needs for its own spread. */
    minTownMonths: z.number().int().default(12),
    /** The town's raised share must exceed the other towns' by at least this much. */
    minExcessShare: z.number().default(0.12),
    /** Floor of the comparison share, so a clean district does not make any handful significant. */
    minExpectedShare: z.number().default(0.02),
    /** Flagged months at most this far apart form one episode. */
    maxGap: z.number().int().default(2),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    if (P < 2) return [];
    const res = new Float64Array(U * P).fill(Number.NaN);
    const buf = new Float64Array(P);
    const gap = new Float64Array(P);
    for (let u = 0; u < U; u++) {
      if (!units[u]!.known || !units[u]!.townCode) continue;
      const o = u * P;
      let n = 0;
      for (let t = 0; t < P; t++) {
        const r = data.revenue[o + t]!;
        const x = data.taxSales[o + t]!;
        // Both positive: the log is a number (never NaN), kept for the second pass.
        gap[t] = r > 0 && x > 0 ? (buf[n++] = Math.log(r / x)) : Number.NaN;
      }
      if (n < p.minRefMonths) continue;
      const usual = buf.subarray(0, n).sort()[n >> 1]!;
      for (let t = 0; t < P; t++) if (!Number.isNaN(gap[t]!)) res[o + t] = gap[t]! - usual;
    }
    const towns = new Map<string, number[]>();
    units.forEach((x, u) => {
      if (!x.known || !x.townCode) return;
      let l = towns.get(x.townCode);
      if (!l) towns.set(x.townCode, (l = []));
      l.push(u);
    });
    const townList = [...towns];
    const townIndex = new Map(townList.map(([town], i) => [town, i]));
    const judged = new Int32Array(townList.length);
    const raisedCount = new Int32Array(townList.length);
    // z of every town-month against the other towns' share that month (NaN where not judged).
    const zOf = new Float64Array(townList.length * P).fill(Number.NaN);
    const shareOf = new Float64Array(townList.length * P).fill(Number.NaN);
    for (let t = 0; t < P; t++) {
      let N = 0;
      let K = 0;
      townList.forEach(([, members], i) => {
        let n = 0;
        let k = 0;
        for (const u of members) {
          const v = res[u * P + t]!;
          if (Number.isNaN(v)) continue;
          n++;
          if (v > p.jump) k++;
        }
        judged[i] = n;
        raisedCount[i] = k;
        N += n;
        K += k;
      });
      for (let i = 0; i < townList.length; i++) {
        const n = judged[i]!;
        const k = raisedCount[i]!;
        if (n < p.minUnits || N - n < p.minOthers) continue;
        const q = Math.min(0.5, Math.max(p.minExpectedShare, (K - k) / (N - n)));
        zOf[i * P + t] = (k - n * q) / Math.sqrt(n * q * (1 - q));
        shareOf[i * P + t] = q;
      }
    }
    const flagged = new Map<string, TownMonth[]>();
    townList.forEach(([town, members], i) => {
      // The town's own run of z over the months: a town whose units' relation to tax is lumpy
      // (settlement-based tax, pre-sales) swings every month and one swing proves nothing.
      const zs: number[] = [];
      for (let t = 0; t < P; t++) if (!Number.isNaN(zOf[i * P + t]!)) zs.push(zOf[i * P + t]!);
      if (zs.length < p.minTownMonths) return;
      zs.sort((a, b) => a - b);
      const med = zs[zs.length >> 1]!;
      const mad = zs.map((x) => Math.abs(x - med)).sort((a, b) => a - b)[zs.length >> 1]! * MAD_SCALE;
      for (let t = 0; t < P; t++) {
        const zScore = zOf[i * P + t]!;
        if (!(zScore >= p.minZ)) continue;
        const townZ = (zScore - med) / Math.max(1, mad);
        if (townZ < p.minTownZ) continue;
        const q = shareOf[i * P + t]!;
        const raised = members.filter((u) => res[u * P + t]! > p.jump);
        let n = 0;
        for (const u of members) if (!Number.isNaN(res[u * P + t]!)) n++;
        if (raised.length < p.minRaised || raised.length / n - q < p.minExcessShare) continue;
        const excess = raised.map((u) => res[u * P + t]!).sort((a, b) => a - b);
        const viaRevision = raised.filter((u) => data.firstRevenue[u * P + t]! < data.revenue[u * P + t]! * (1 - p.jump / 2)).length;
        let list = flagged.get(town);
        if (!list) flagged.set(town, (list = []));
        list.push({ t, judged: n, raised, expectedShare: q, z: zScore, townZ, townMonths: zs.length, townMedianZ: med, medianExcess: Math.expm1(excess[excess.length >> 1]!), viaRevision });
      }
    });
    const out: RuleFinding[] = [];
    for (const [town, months] of flagged) {
      // Episodes: flagged months of a town at most maxGap apart.
      const episodes: TownMonth[][] = [];
      for (const m of months) {
        const last = episodes[episodes.length - 1];
        if (last && m.t - last[last.length - 1]!.t <= p.maxGap) last.push(m);
        else episodes.push([m]);
      }
      for (const ep of episodes) {
        // Each raised unit's own evidence: the share of the other towns' units whose excess over
        // their usual relation is at least as large that month, Fisher-combined over the episode.
        // A town's units also cross the jump by chance, as often as the other towns' do: as many
        // of the raised units as chance explains (n · (1 − Π(1 − q)) over the episode's months)
        // are left unnamed, those with the weakest own evidence.
        const members = townList[townIndex.get(town)!]![1];
        const own = new Set(members);
        const candidates = [...new Set(ep.flatMap((m) => m.raised))];
        const sortedOthers = ep.map((m) => {
          const v: number[] = [];
          for (let u = 0; u < U; u++) if (!own.has(u) && !Number.isNaN(res[u * P + m.t]!)) v.push(res[u * P + m.t]!);
          return Float64Array.from(v).sort();
        });
        const scored = candidates
          .map((u) => ({
            u,
            lp: log10FisherCombined(
              ep.map((m, k) => {
                const x = res[u * P + m.t]!;
                if (Number.isNaN(x)) return 0;
                const so = sortedOthers[k]!;
                let a = 0;
                let b = so.length;
                while (a < b) {
                  const mid = (a + b) >> 1;
                  if (so[mid]! < x) a = mid + 1;
                  else b = mid;
                }
                return Math.log10((so.length - a + 1) / (so.length + 1));
              }),
            ),
          }))
          .sort((a, b) => a.lp - b.lp);
        const nTown = Math.max(...ep.map((m) => m.judged));
        const chance = nTown * (1 - ep.reduce((s, m) => s * (1 - m.expectedShare), 1));
        const kept = Math.max(0, scored.length - Math.round(chance));
        const core = scored.slice(0, kept).map((x) => x.u);
        const top = ep.reduce((a, b) => (b.z > a.z ? b : a));
        const first = data.periods[ep[0]!.t]!;
        const lastP = data.periods[ep[ep.length - 1]!.t]!;
        const span = first === lastP ? first : `${first}..${lastP}`;
        // Both nulls must fall (the other towns' share that month, and the town's own months): the weaker z decides.
        const cal = calibrate({
          statistic: "binomial z of the town's units raised above their own revenue/tax relation, the smaller of: against the other towns that month, against the town's own months",
          value: round(Math.min(top.z, top.townZ), 2),
          null: "the other towns' share of raised units that month; the median and MAD of the town's own monthly z",
          log10P: log10NormalUpper(Math.min(top.z, top.townZ)),
          looks: top.townMonths,
        });
        const name = units[core[0] ?? top.raised[0]!]!.townName ?? town;
        const share = top.raised.length / top.judged;
        out.push({
          subject: { kind: 'town', id: town },
          unit_ids: core.map((u) => units[u]!.id),
          period: first,
          score: cal.score,
          severity: cal.severity,
          summary_zh: `${name}${span}共${ep.length}个月集中偏离税务：最突出的${data.periods[top.t]}，有税务记录的${top.judged}家单位中${top.raised.length}家（${pct(share, 0)}）营业收入比自身常态的“收入/税务销售额”比值高出${pct(p.jump, 0)}以上（中位数高${pct(top.medianExcess, 1)}），而同月其他乡镇只有${pct(top.expectedShare, 1)}的单位如此（z=${top.z.toFixed(1)}，相对本镇其他月份z=${top.townZ.toFixed(1)}）；税务未随之上升。计入本镇所检查的${top.townMonths}个月后，每个乡镇的预期误报率为${cal.calibration.false_alarm_rate}。`,
          summary_en: `${name} (${town}), ${span} (${ep.length} month(s)): in ${data.periods[top.t]}, ${top.raised.length} of its ${top.judged} units with tax records (${pct(share, 0)}) report revenue more than ${pct(p.jump, 0)} above their own usual revenue/tax relation (median +${pct(top.medianExcess, 1)}), against ${pct(top.expectedShare, 1)} of the other towns' units that month (z = ${top.z.toFixed(1)}; ${top.townZ.toFixed(1)} against the town's own other months); their tax-declared sales did not rise with it. With the town's ${top.townMonths} months examined, expected false alarms per town ${cal.calibration.false_alarm_rate}.`,
          evidence: {
            town,
            months: ep.map((m) => data.periods[m.t]),
            units: core.map((u) => units[u]!.id),
            member_log10_p: scored.slice(0, kept).map((x) => ({ unit_id: units[x.u]!.id, log10_p: round(x.lp, 1) })),
            jump: p.jump,
            calibration: cal.calibration,
            by_month: ep.map((m) => ({
              period: data.periods[m.t],
              town_units_with_tax: m.judged,
              raised_units: m.raised.length,
              raised_share: round(m.raised.length / m.judged, 3),
              other_towns_share: round(m.expectedShare, 3),
              z: round(m.z, 1),
              z_against_own_months: round(m.townZ, 1),
              town_median_z: round(m.townMedianZ, 1),
              median_excess_over_tax: round(m.medianExcess, 4),
              raised_by_revision: m.viaRevision,
              raised: m.raised.map((u) => ({ unit_id: units[u]!.id, revenue: data.revenue[u * P + m.t], tax_sales: data.taxSales[u * P + m.t], excess: round(Math.expm1(res[u * P + m.t]!), 4) })),
            })),
          },
        });
      }
    }
    return out;
  },
});
