import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { defineRule, pct, type RuleFinding } from '../../engine/rule';
import { calibrate, FALSE_ALARM_RATE } from '../../engine/severity';
import { log10GroupConcentration } from '../../stats/group-concentration';
import { collectFilers, FilerKind, type FilerEvidence, type PeriodCluster } from './proxy-filers';

/** Units the finding names: those of any period's cluster that is itself beyond chance at the medium rate, else every clustered unit, else all. */
function coreUnits(f: FilerEvidence): number[] {
  const strong = f.periods.filter((c) => c.log10P <= Math.log10(FALSE_ALARM_RATE.medium));
  const from = strong.length ? strong : f.periods;
  const set = new Set<number>();
  for (const c of from) for (const u of c.units) set.add(u);
  return set.size ? [...set] : f.units;
}

/** Town of each unit as an index, and each town's share of the district's registered units. */
function townShares(data: DistrictData): { townOf: Int32Array; shares: Float64Array; codes: string[] } {
  const index = new Map<string, number>();
  const townOf = new Int32Array(data.units.length).fill(-1);
  const counts: number[] = [];
  let n = 0;
  data.units.forEach((x, u) => {
    if (!x.known || !x.townCode) return;
    let i = index.get(x.townCode);
    if (i === undefined) index.set(x.townCode, (i = counts.push(0) - 1));
    townOf[u] = i;
    counts[i]!++;
    n++;
  });
  return { townOf, shares: Float64Array.from(counts, (c) => c / Math.max(1, n)), codes: [...index.keys()] };
}

const minutes = (c: PeriodCluster) => Math.max(1, Math.round((c.toMs - c.fromMs) / 60_000));
const exp10 = (lp: number) => (lp <= -300 ? '1e-300' : Number(Math.pow(10, lp).toPrecision(2)).toExponential(0));

/**
 * Reports filed for units by someone else (代填代报). The evidence is a filer — a town/park
 * office's account or network, another unit's or an unregistered account, one device or one
 * address — keying in several units' reports minutes apart, period after period, when units
 * filing for themselves spread over the district's filing days.
 */
export const proxyFiling = defineRule({
  id: 'interfere.proxy-filing',
  version: 2,
  pattern: 'INTERFERE.PROXY_FILING',
  title: { zh: '代填代报（乡镇/园区代报、一个账号或设备代报多家）', en: 'Reports filed by someone else (town/park offices, one account or device for many units)' },
  description: {
    zh: '统计调查对象应自行报送。按报送者归组：乡镇/园区账号（accounts.owner_type）、乡镇/园区办公网段（offices，支持IPv4/IPv6 CIDR）、非本单位或未登记的账号、同一设备或同一地址。零假设是各单位各自报送：每个月各单位的报送时间服从全区当月的报送时间分布，以其他单位报送的分布衡量一个报送者所报各单位的时间有多集中（最紧的一簇：其间其他单位报送所占的比例），逐月算出概率并跨月合并（Fisher）——一次偶然的相邻只是弱证据，同一簇单位月复一月地集中报送才是强证据。办公网络或乡镇账号本身说明了与乡镇的关系；设备、地址或他人账号还需所报单位集中在同一乡镇（对照全区各乡镇的单位占比），因为会计代理机构或记账人员为各乡镇客户集中报送是正常的。会计代理机构用自己账号报送不算，除非来自政府办公网络。',
    en: "Units must file their own reports. Rows are grouped by filer: a town/park-office account (accounts.owner_type), an office network (offices, IPv4/IPv6 CIDR), an account not the unit's own or not registered, one device, or one address. The null is that units file for themselves: each month each unit files at a time drawn from the district's filing-time distribution that month, and a filer's units are judged by how tight their tightest cluster is in that distribution (the share of other units' filings inside it), per month, combined over months (Fisher) — one chance co-occurrence is weak, the same units clustered month after month is strong. An office network or office account establishes the tie to the town; a device, an address or someone else's account also needs its units concentrated in one town beyond the towns' shares of the district, because bookkeepers and agencies filing for clients across towns in batches are normal. Agencies filing with their own accounts are not counted unless from an office network.",
  },
  scope: 'account',
  reads: ['submissions', 'accounts', 'offices', 'units'],
  params: z.object({}),
  evaluate(data) {
    const { townOf, shares, codes } = townShares(data);
    const out: RuleFinding[] = [];
    for (const f of collectFilers(data)) {
      const finding = judge(data, f, townOf, shares, codes);
      if (finding) out.push(finding);
    }
    return out;
  },
});

function judge(data: DistrictData, f: FilerEvidence, townOf: Int32Array, shares: Float64Array, codes: string[]): RuleFinding | null {
  const office = f.kind === FilerKind.Office;
  const timingRate = f.log10Timing;
  // Someone other than an office: only a filer whose units' timing is itself beyond chance.
  if (!office && timingRate > Math.log10(FALSE_ALARM_RATE.medium)) return null;
  const core = coreUnits(f);
  const townCounts = new Float64Array(shares.length);
  for (const u of core) if (townOf[u]! >= 0) townCounts[townOf[u]!]!++;
  let modal = 0;
  for (let g = 1; g < townCounts.length; g++) if (townCounts[g]! > townCounts[modal]!) modal = g;
  const log10Town = office ? 0 : log10GroupConcentration(townCounts, shares);
  // Off the office networks both nulls must fall: the units filed together (timing) and for one town (concentration).
  const log10P = office ? timingRate : Math.max(timingRate, log10Town);
  const legalReps = new Set(core.map((u) => data.units[u]!.legalRep ?? `?${u}`));
  const oneGroup = !office && core.length > 1 && legalReps.size === 1;
  const cal = calibrate({
    statistic: office ? "tightest cluster of the units' filing times per month, Fisher-combined over months" : 'max(timing cluster over months, concentration of the units in one town)',
    value: f.periods.length,
    null: office
      ? "units file independently at times drawn from the district's filing-time distribution of the month"
      : "units file independently (the month's filing-time distribution), and a joint filer's clients are drawn from the towns in their shares of the district",
    log10P,
    looks: 1,
    ...(oneGroup
      ? {
          cap: {
            severity: 'low' as const,
            reason_en: 'all units have one legal representative: a group company filing for its subsidiaries',
            reason_zh: '各单位为同一法定代表人，可能是集团为下属企业统一报送',
          },
        }
      : {}),
  });
  const best = f.periods.reduce<PeriodCluster | null>((a, c) => (!a || c.log10P < a.log10P ? c : a), null);
  const strongMonths = f.periods.filter((c) => c.log10P <= Math.log10(FALSE_ALARM_RATE.medium)).length;
  const who = describeFiler(data, f);
  const ids = core.map((u) => data.units[u]!.id);
  const town = office ? f.key : (codes[modal] ?? data.units[core[0]!]!.townCode);
  const clusterZh = best
    ? `其中${strongMonths}个月多家单位接连集中报送，最集中的${data.periods[best.t]}：${best.units.length}家在${minutes(best)}分钟内报送，而全区同期其他单位的报送只有${pct(best.width, 2)}落在这段时间内`
    : '各月只零星报送一家，未见多家集中报送（可能是统计站一次性协助）';
  const clusterEn = best
    ? `in ${strongMonths} month(s) several units were filed back to back; the tightest, ${data.periods[best.t]}: ${best.units.length} units within ${minutes(best)} minutes, a span holding only ${pct(best.width, 2)} of the other units' filings that month`
    : "one unit at a time, never several together (possibly a station's one-off help)";
  const townZh = office ? '' : `；${ids.length}家中${townCounts[modal]}家属同一乡镇（该乡镇占全区单位${pct(shares[modal]!, 1)}）`;
  const townEn = office ? '' : `; ${townCounts[modal]} of the ${ids.length} units are in one town, which holds ${pct(shares[modal]!, 1)} of the district's units`;
  return {
    subject: f.kind === FilerKind.OtherAccount ? { kind: 'account', id: f.key } : { kind: 'town', id: town },
    unit_ids: ids,
    period: data.periods[best?.t ?? f.firstT] ?? null,
    score: cal.score,
    severity: cal.severity,
    summary_zh: `${who.zh}在${new Set(f.periods.map((c) => c.t)).size || 1}个月里为${f.units.length}家单位报送了${f.rows}份报表；${clusterZh}${townZh}。若各单位各自报送，这种情况偶然出现的概率约为${exp10(log10P)}，每个被检查报送者的预期误报率为${cal.calibration.false_alarm_rate}${oneGroup ? '（同一法定代表人，列为观察）' : ''}。`,
    summary_en: `${who.en} filed ${f.rows} reports for ${f.units.length} units; ${clusterEn}${townEn}. Were the units filing for themselves, this would occur with probability about ${exp10(log10P)}; expected false alarms per filer examined ${cal.calibration.false_alarm_rate}${oneGroup ? ' (one legal representative: watch list)' : ''}.`,
    evidence: {
      filer: { kind: ['town_office', 'other_account', 'device', 'address'][f.kind], id: f.key, ...who.extra },
      units: ids,
      all_units: f.units.map((u) => data.units[u]!.id),
      filings: f.rows,
      first_period: data.periods[f.firstT] ?? null,
      ips: f.ips,
      accounts: f.accounts,
      by_month: f.periods.map((c) => ({
        period: data.periods[c.t],
        units_filed: c.filed,
        cluster_units: c.units.length,
        minutes: minutes(c),
        share_of_other_filings: Number(c.width.toPrecision(3)),
        log10_p: Math.round(c.log10P * 10) / 10,
      })),
      log10_timing_p: Math.round(f.log10Timing * 10) / 10,
      ...(office
        ? {}
        : {
            town_concentration: {
              town: codes[modal] ?? null,
              units_in_town: townCounts[modal],
              units: ids.length,
              town_share: Number(shares[modal]!.toPrecision(3)),
              log10_p: Math.round(log10Town * 10) / 10,
            },
          }),
      calibration: cal.calibration,
    },
  };
}

function describeFiler(data: DistrictData, f: FilerEvidence): { zh: string; en: string; extra: Record<string, unknown> } {
  if (f.kind === FilerKind.Office) {
    // One office: its own account(s) and its network(s), as the rows show them.
    const own = f.accounts.filter((a) => {
      const t = data.accounts.get(a)?.owner_type;
      return t === 'town_office' || t === 'park_office';
    });
    const nets = data.offices.filter((o) => o.town_code === f.key);
    const name = nets[0]?.office_name ?? f.key;
    const viaZh = [own.length ? `账号${own.join('、')}` : '', nets.length && own.length < f.accounts.length ? `办公网络（${nets.map((o) => o.cidr).join('、')}）` : ''].filter(Boolean).join('及');
    const viaEn = [own.length ? `account ${own.join(', ')}` : '', nets.length && own.length < f.accounts.length ? `its network (${nets.map((o) => o.cidr).join(', ')})` : '']
      .filter(Boolean)
      .join(' and ');
    return {
      zh: `${name}（${f.key}）通过${viaZh || '办公网络'}`,
      en: `${name} (${f.key}), through ${viaEn || 'its network'},`,
      extra: { office: name, office_accounts: own, cidrs: nets.map((o) => o.cidr) },
    };
  }
  if (f.kind === FilerKind.OtherAccount) {
    const rec = data.accounts.get(f.key);
    return rec
      ? { zh: `单位${rec.owner_id}的账号${f.key}`, en: `Account ${f.key} of unit ${rec.owner_id}`, extra: { owner_type: rec.owner_type, owner_id: rec.owner_id } }
      : { zh: `未登记归属的账号${f.key}`, en: `Account ${f.key}, not in the accounts register`, extra: { owner_type: null } };
  }
  if (f.kind === FilerKind.Device) return { zh: `同一设备${f.key}（以${f.accounts.length}个账号）`, en: `One device ${f.key} (under ${f.accounts.length} accounts)`, extra: { device: f.key } };
  return { zh: `同一地址${f.key}（以${f.accounts.length}个账号）`, en: `One address ${f.key} (under ${f.accounts.length} accounts)`, extra: { ip: f.key } };
}
