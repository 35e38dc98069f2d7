/**
 * Findings of FALSIFY.COPY from the three searches (identical reports, proportional revenue,
 * loose shapes), each with its evidence calibrated by the engine's one mapping: the chance of the
 * agreement between independent reports (log10 p) and the looks the rule took at the subject.
 */
import type { DistrictData } from '../../engine/district-data';
import { round, type RuleFinding } from '../../engine/rule';
import { calibrate } from '../../engine/severity';
import { log10ChiSquareLower } from '../../stats/chi-square-lower';
import type { CoincidenceMatch } from './copy-coincidence';
import type { LooseMatch } from './copy-shape';
import { changeSpread, madSigma, rowSlice } from './series-tools';

const FIELD_ZH: Record<string, string> = { revenue: '营业收入', main_revenue: '主营业务收入', gross_output: '总产值', employees: '从业人数', wages: '工资', profit: '利润', electricity_kwh: '用电量' };

/** Looks at one unit: every other unit, every stretch of months, `variants` ways (lags × fields). */
export function pairLooks(U: number, P: number, variants = 1): number {
  return Math.max(1, U - 1) * ((P * (P + 1)) / 2) * variants;
}

/** The matrices of the fields a tracking copy is judged on, by name. */
export function fieldMatrix(data: DistrictData, name: string): Float64Array | null {
  const m: Record<string, Float64Array> = {
    revenue: data.revenue,
    main_revenue: data.mainRevenue,
    gross_output: data.grossOutput,
    employees: data.employees,
    wages: data.wages,
    profit: data.profit,
    electricity_kwh: data.reportedKwh,
  };
  return m[name] ?? null;
}

/**
 * How closely the copy's month-over-month log changes of one field track the source's (the
 * copy read `lag` months late) over its months t0..t1: S = Σ (Δcopy − Δsource)², against the
 * variance independent units' changes differ by, 2σ² (σ the source's own robust change spread,
 * `spread`; NaN: estimated here from the field itself). Under independence S/(2σ²) ~ χ²(n); a
 * copy sits deep in its lower tail. Deviations below the figures' rounding (0.05 on the field's
 * median level) are not resolved and count as that much. Returns log10 p and the changes used.
 */
export function log10Tracking(
  f: Float64Array,
  src: number,
  dst: number,
  lag: number,
  t0: number,
  t1: number,
  P: number,
  spread: number,
  buf: Float64Array,
  work: Float64Array,
): { log10P: number; n: number } {
  let n = 0;
  let s2 = 0;
  let levels = 0;
  for (let t = t0 + 1; t <= t1; t++) {
    const x0 = f[src * P + t - 1 - lag]!;
    const x1 = f[src * P + t - lag]!;
    const y0 = f[dst * P + t - 1]!;
    const y1 = f[dst * P + t]!;
    if (!(x0 > 0 && x1 > 0 && y0 > 0 && y1 > 0)) continue;
    const dx = Math.log(x1 / x0);
    const d = Math.log(y1 / y0) - dx;
    s2 += d * d;
    buf[n] = dx;
    levels += x1;
    n++;
  }
  if (n < 2) return { log10P: 0, n };
  const sigma = Number.isNaN(spread) ? madSigma(buf, n, work) : spread;
  if (!(sigma > 0)) return { log10P: 0, n };
  const rounding = 0.05 / (levels / n);
  const x = (s2 + n * rounding * rounding) / (2 * sigma * sigma);
  return { log10P: log10ChiSquareLower(n, x), n };
}

/** Which unit of the pair copied: the one whose reports leave its own tax/electricity, else the later filer. */
export function attribute(data: DistrictData, a: number, b: number, t0: number, t1: number, gapRatio: number, buf: Float64Array, work: Float64Array) {
  const { P } = data;
  const gap = (u: number) => {
    const g = changeSpread(data.revenue, data.taxSales, u * P, t0, t1, buf, work, Math.min(6, Math.max(2, t1 - t0)));
    return Number.isNaN(g) ? changeSpread(data.revenue, data.gridKwh, u * P, t0, t1, buf, work, Math.min(6, Math.max(2, t1 - t0))) : g;
  };
  const gapA = gap(a);
  const gapB = gap(b);
  let laterA = 0;
  let laterB = 0;
  for (let t = t0; t <= t1; t++) {
    const ka = data.latestSubmission[a * P + t]!;
    const kb = data.latestSubmission[b * P + t]!;
    if (ka < 0 || kb < 0) continue;
    const ta = Date.parse(data.submissions[ka]!.submitted_at);
    const tb = Date.parse(data.submissions[kb]!.submitted_at);
    if (ta > tb) laterA++;
    else if (tb > ta) laterB++;
  }
  const months = t1 - t0 + 1;
  const needLater = Math.max(2, Math.ceil(months / 2));
  let copier = b;
  let basis = 'second unit of the pair';
  if (gapA >= gapRatio * gapB) [copier, basis] = [a, 'its reports do not follow its own tax/electricity'];
  else if (gapB >= gapRatio * gapA) [copier, basis] = [b, 'its reports do not follow its own tax/electricity'];
  else if (laterA >= 0.75 * (laterA + laterB) && laterA >= needLater) [copier, basis] = [a, 'filed later in most matched months'];
  else if (laterB >= 0.75 * (laterA + laterB) && laterB >= needLater) [copier, basis] = [b, 'filed later in most matched months'];
  return {
    copier,
    source: copier === a ? b : a,
    basis,
    gap: { [data.units[a]!.id]: round(gapA, 4), [data.units[b]!.id]: round(gapB, 4) },
    later: { [data.units[a]!.id]: laterA, [data.units[b]!.id]: laterB },
  };
}

/** A run of identical reports. */
export function coincidenceFinding(data: DistrictData, m: CoincidenceMatch, gapRatio: number, buf: Float64Array, work: Float64Array): RuleFinding {
  const { P, units } = data;
  const who = attribute(data, m.a, m.b, m.t0, m.t1, gapRatio, buf, work);
  const cu = units[who.copier]!;
  const su = units[who.source]!;
  const from = data.periods[m.t0]!;
  const to = data.periods[m.t1]!;
  const same = Object.entries(m.fields)
    .filter(([, f]) => f.months > 0 && f.identical === f.months)
    .map(([n]) => n);
  const cal = calibrate({
    statistic: 'chance that independent reports coincide on these fields and months (product of per-field match chances)',
    value: m.months,
    null: "each field's share of the category's units that month reporting that value, or the local density of such values times the figures' resolution; figures kept from the month before renew no evidence",
    log10P: m.log10P,
    looks: pairLooks(units.length, P),
  });
  const rate = cal.calibration.false_alarm_rate;
  return {
    subject: { kind: 'unit', id: cu.id },
    unit_ids: [cu.id, su.id],
    period: from,
    score: cal.score,
    severity: cal.severity,
    summary_zh: `${cu.name || cu.id}在${from}至${to}共${m.months}个月的报表与${su.name || su.id}逐项完全相同（${same.map((n) => FIELD_ZH[n] ?? n).join('、')}）；按本区同类单位当月数值的分布，两份独立报表如此巧合的概率约为10的${round(m.log10P, 1)}次方，与全区其他单位、各时段比较后的误报率约${rate.toPrecision(2)}。`,
    summary_en: `${cu.id}'s reports for the ${m.months} months ${from}–${to} are identical to ${su.id}'s (${same.join(', ')}); from the district's values of the same category in those months, two independent reports coincide like this with probability about 10^${round(m.log10P, 1)}, an expected false-alarm rate of ${rate.toPrecision(2)} after comparing every unit and stretch of months.`,
    evidence: {
      copier: cu.id,
      source: su.id,
      copier_basis: who.basis,
      factor: 1,
      matched_periods: [from, to],
      months: m.months,
      identical_fields: m.fields,
      copier_revenue: rowSlice(data.revenue, who.copier * P, m.t0, m.t1),
      source_revenue: rowSlice(data.revenue, who.source * P, m.t0, m.t1),
      gap_change_spread: who.gap,
      filed_later_months: who.later,
      same_legal_rep: !!cu.legalRep && cu.legalRep === su.legalRep,
      calibration: cal.calibration,
    },
  };
}

/** The units of each category (the peers of the revenue-shape evidence), and each unit's category. */
export interface CategoryMembers {
  cat: Int32Array;
  members: Int32Array[];
}

export function categoryMembers(data: DistrictData): CategoryMembers {
  const ids = new Map<string, number>();
  const cat = Int32Array.from(data.units, (u) => {
    if (!ids.has(u.category)) ids.set(u.category, ids.size);
    return ids.get(u.category)!;
  });
  const lists: number[][] = Array.from({ length: ids.size }, () => []);
  cat.forEach((c, u) => lists[c]!.push(u));
  return { cat, members: lists.map((l) => Int32Array.from(l)) };
}

/**
 * Peer-adjusted spread of unit u's revenue changes over t0..t1: its change less the median change
 * of its category's other units that month, the pair itself left out (a copy and its source
 * would otherwise make the median their own change). NaN with fewer than 3 months or 5 peers.
 */
export function peerAdjustedSpread(data: DistrictData, peersOf: CategoryMembers, u: number, other: number, t0: number, t1: number, buf: Float64Array, work: Float64Array): number {
  const { P } = data;
  // The median change of a few hundred peers is as good as that of thousands: a large category is sampled at an even stride.
  const all = peersOf.members[peersOf.cat[u]!]!;
  const stride = Math.max(1, Math.ceil(all.length / 400));
  const peers: number[] = [];
  for (let i = 0; i < all.length; i += stride) if (all[i] !== u && all[i] !== other) peers.push(all[i]!);
  const ch = new Float64Array(peers.length);
  let n = 0;
  for (let t = t0 + 1; t <= t1; t++) {
    const x = data.revenue[u * P + t - 1]!;
    const y = data.revenue[u * P + t]!;
    if (!(x > 0 && y > 0)) continue;
    let k = 0;
    for (const w of peers) {
      const a = data.revenue[w * P + t - 1]!;
      const b = data.revenue[w * P + t]!;
      if (a > 0 && b > 0) ch[k++] = Math.log(b / a);
    }
    if (k < 5) continue;
    buf[n++] = Math.log(y / x) - ch.subarray(0, k).sort()[k >> 1]!;
  }
  return n >= 3 ? madSigma(buf, n, work) : Number.NaN;
}

/** Evidence of a tracking run: the compared field (spread given) plus every confirming field, χ² lower tails summed. */
function trackingEvidence(data: DistrictData, fields: string[], spread: number, src: number, dst: number, lag: number, t0: number, t1: number, buf: Float64Array, work: Float64Array) {
  let log10P = 0;
  const per: Record<string, number> = {};
  fields.forEach((name, i) => {
    const f = fieldMatrix(data, name);
    if (!f) return;
    // A peer-adjusted spread of 0 (the source is its category's median most months) says nothing: the field's own spread then.
    const e = log10Tracking(f, src, dst, lag, t0, t1, data.P, i === 0 && spread > 0 ? spread : Number.NaN, buf, work);
    per[name] = round(e.log10P, 2);
    log10P += e.log10P;
  });
  return { log10P, per };
}

/** Revenue proportional month by month (one factor) over a long run, from the revenue-shape search. */
export interface ProportionalMatch {
  a: number;
  b: number;
  k: number;
  t0: number;
  t1: number;
  months: number;
  maxDev: number;
}

/** Other fields following revenue's factor within the rounding in ≥ 80 % of the run's months. */
function agreeingFields(data: DistrictData, src: number, dst: number, m: ProportionalMatch, k: number): string[] {
  const { P } = data;
  const out: string[] = [];
  const defs: [string, Float64Array, number][] = [
    ['employees', data.employees, 0.5],
    ['main_revenue', data.mainRevenue, 0.051],
    ['gross_output', data.grossOutput, 0.051],
    ['wages', data.wages, 0.051],
    ['profit', data.profit, 0.051],
  ];
  for (const [name, f, abs] of defs) {
    let months = 0;
    let matched = 0;
    for (let t = m.t0; t <= m.t1; t++) {
      const x = f[src * P + t]!;
      const y = f[dst * P + t]!;
      if (Number.isNaN(x) || Number.isNaN(y) || (x === 0 && y === 0)) continue;
      months++;
      if (Math.abs(y - k * x) <= abs + 0.002 * Math.abs(y)) matched++;
    }
    if (months >= 6 && matched >= 0.8 * months) out.push(name);
  }
  return out;
}

export function proportionalFinding(data: DistrictData, m: ProportionalMatch, gapRatio: number, cat: CategoryMembers, buf: Float64Array, work: Float64Array): RuleFinding {
  const { P, units } = data;
  const who = attribute(data, m.a, m.b, m.t0, m.t1, gapRatio, buf, work);
  const factor = who.copier === m.b ? m.k : 1 / m.k;
  const agreeing = agreeingFields(data, who.source, who.copier, m, factor);
  const spread = peerAdjustedSpread(data, cat, who.source, who.copier, m.t0, m.t1, buf, work);
  const ev = trackingEvidence(data, ['revenue', ...agreeing.filter((n) => n !== 'main_revenue' && n !== 'gross_output')], spread, who.source, who.copier, 0, m.t0, m.t1, buf, work);
  const cal = calibrate({
    statistic: "χ² lower tail of the copy's monthly log changes around the source's, summed over revenue and the fields that follow its factor",
    value: m.months,
    null: "independent units' changes differ with variance 2σ², σ the source's robust change spread (revenue: net of its category's median change)",
    log10P: ev.log10P,
    looks: pairLooks(units.length, P),
  });
  const cu = units[who.copier]!;
  const su = units[who.source]!;
  const from = data.periods[m.t0]!;
  const to = data.periods[m.t1]!;
  const identical = Math.abs(factor - 1) < 0.001;
  const rel = identical ? '完全相同' : `为其${round(factor, 3)}倍`;
  const relEn = identical ? 'identical to' : `${round(factor, 3)}× those of`;
  const rate = cal.calibration.false_alarm_rate;
  return {
    subject: { kind: 'unit', id: cu.id },
    unit_ids: [cu.id, su.id],
    period: from,
    score: cal.score,
    severity: cal.severity,
    summary_zh: `${cu.name || cu.id}在${from}至${to}共${m.months}个月的营业收入与${su.name || su.id}${rel}（最大相对偏差${(m.maxDev * 100).toFixed(2)}%）${agreeing.length ? `，${agreeing.map((n) => FIELD_ZH[n] ?? n).join('、')}也同比例` : ''}；独立单位的月变动如此一致的概率约为10的${round(ev.log10P, 1)}次方，误报率约${rate.toPrecision(2)}。`,
    summary_en: `${cu.id}'s revenue for the ${m.months} months ${from}–${to} is ${relEn} ${su.id}'s (max relative deviation ${(m.maxDev * 100).toFixed(2)}%)${agreeing.length ? `; ${agreeing.join(', ')} follow the same factor` : ''}; independent units' monthly changes agree this closely with probability about 10^${round(ev.log10P, 1)}, an expected false-alarm rate of ${rate.toPrecision(2)}.`,
    evidence: {
      copier: cu.id,
      source: su.id,
      copier_basis: who.basis,
      factor: round(factor, 4),
      matched_periods: [from, to],
      months: m.months,
      max_relative_deviation: round(m.maxDev, 5),
      source_peer_adjusted_change_spread: round(spread, 4),
      log10_p_by_field: ev.per,
      copier_revenue: rowSlice(data.revenue, who.copier * P, m.t0, m.t1),
      source_revenue: rowSlice(data.revenue, who.source * P, m.t0, m.t1),
      gap_change_spread: who.gap,
      filed_later_months: who.later,
      agreeing_fields: agreeing,
      same_legal_rep: !!cu.legalRep && cu.legalRep === su.legalRep,
      calibration: cal.calibration,
    },
  };
}

/** A perturbed, lagged or partial copy from the loose search; `variants`: lags × compared fields tried. */
export function looseFinding(data: DistrictData, m: LooseMatch, gapRatio: number, variants: number, buf: Float64Array, work: Float64Array): RuleFinding {
  const { P, units } = data;
  const a = m.src;
  const b = m.dst;
  // A lagged copy follows its source; otherwise the unit whose reports leave its own tax/electricity.
  let copier = b;
  let basis = m.lag > 0 ? `reports the other unit's figures ${m.lag} month(s) later` : 'second unit of the pair';
  const gapA = changeSpread(data.revenue, data.taxSales, a * P, m.t0 - m.lag, m.t1 - m.lag, buf, work, 6);
  const gapB = changeSpread(data.revenue, data.taxSales, b * P, m.t0, m.t1, buf, work, 6);
  if (m.lag === 0 && gapA >= gapRatio * gapB) [copier, basis] = [a, 'its reports do not follow its own tax/electricity'];
  else if (m.lag === 0 && gapB >= gapRatio * gapA) basis = 'its reports do not follow its own tax/electricity';
  const source = copier === a ? b : a;
  const factor = copier === b ? m.k : 1 / m.k;
  // The evidence is read with the copy's months (b, lagged source a), whichever unit copied.
  const ev = trackingEvidence(data, [m.field, ...m.agreeing], m.shape, a, b, m.lag, m.t0, m.t1, buf, work);
  const cal = calibrate({
    statistic: "χ² lower tail of the copy's monthly log changes around the source's, summed over the compared field and the confirming fields",
    value: m.months,
    null: "independent units' changes differ with variance 2σ², σ the source's robust change spread (the compared field net of its category's median change)",
    log10P: ev.log10P,
    looks: pairLooks(units.length, P, variants),
  });
  const rate = cal.calibration.false_alarm_rate;
  const cu = units[copier]!;
  const su = units[source]!;
  const from = data.periods[m.t0]!;
  const to = data.periods[m.t1]!;
  const srcFrom = data.periods[m.t0 - m.lag]!;
  const srcTo = data.periods[m.t1 - m.lag]!;
  const fz = FIELD_ZH[m.field]!;
  const lagZh = m.lag ? `滞后${m.lag}个月` : '';
  const lagEn = m.lag ? `, ${m.lag} month(s) late,` : '';
  const field = m.field === 'revenue' ? data.revenue : data.wages;
  const [sc0, sc1] = copier === b ? [m.t0 - m.lag, m.t1 - m.lag] : [m.t0, m.t1];
  const [cc0, cc1] = copier === b ? [m.t0, m.t1] : [m.t0 - m.lag, m.t1 - m.lag];
  return {
    subject: { kind: 'unit', id: cu.id },
    unit_ids: [cu.id, su.id],
    period: data.periods[cc0]!,
    score: cal.score,
    severity: cal.severity,
    summary_zh: `${cu.name || cu.id}在${from}至${to}的${fz}${lagZh}跟随${su.name || su.id}（${srcFrom}至${srcTo}），${m.months}个月比值稳定在${round(factor, 3)}倍左右（最大相对偏差${(m.maxDev * 100).toFixed(1)}%，不符${m.misses}个月；来源单位剔除同行共同走势后的月变动离散度${(m.shape * 100).toFixed(1)}%），${m.agreeing.map((n) => FIELD_ZH[n] ?? n).join('、')}也同样跟随；独立单位如此一致的概率约为10的${round(ev.log10P, 1)}次方，误报率约${rate.toPrecision(2)}。`,
    summary_en: `${cu.id}'s ${m.field}${lagEn} follows ${su.id}'s (${srcFrom}–${srcTo}) at about ${round(factor, 3)}× for ${m.months} months (max relative deviation ${(m.maxDev * 100).toFixed(1)}%, ${m.misses} mismatched month(s); the source's peer-adjusted monthly change spread is ${(m.shape * 100).toFixed(1)}%); ${m.agreeing.join(', ')} follow too; independent units agree this closely with probability about 10^${round(ev.log10P, 1)}, an expected false-alarm rate of ${rate.toPrecision(2)}.`,
    evidence: {
      copier: cu.id,
      source: su.id,
      copier_basis: basis,
      compared_field: m.field,
      lag_months: m.lag,
      factor: round(factor, 4),
      matched_periods: [from, to],
      source_periods: [srcFrom, srcTo],
      months: m.months,
      mismatched_months: m.misses,
      max_relative_deviation: round(m.maxDev, 5),
      source_peer_adjusted_change_spread: round(m.shape, 4),
      log10_p_by_field: ev.per,
      copier_series: rowSlice(field, copier * P, cc0, cc1),
      source_series: rowSlice(field, source * P, sc0, sc1),
      gap_change_spread: { [units[a]!.id]: round(gapA, 4), [units[b]!.id]: round(gapB, 4) },
      fields: m.fields,
      agreeing_fields: m.agreeing,
      same_legal_rep: !!cu.legalRep && cu.legalRep === su.legalRep,
      calibration: cal.calibration,
    },
  };
}
