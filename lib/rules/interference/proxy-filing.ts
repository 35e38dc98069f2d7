import * as z from 'zod';
import type { AccountRecord } from '../../contract/schemas';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, severityOf, type RuleFinding } from '../../engine/rule';
import { cidrMatcher } from './cidr';

/** Filings gathered under one filer: units, periods, times, networks. */
class Filer {
  units = new Set<number>();
  firstT = Number.POSITIVE_INFINITY;
  rows = 0;
  times: { ms: number; u: number }[] = [];
  ips = new Set<string>();
  accounts = new Set<string>();
  towns = new Map<string, number>();
  add(data: DistrictData, u: number, t: number, ms: number, ip: string, account: string) {
    this.units.add(u);
    this.firstT = Math.min(this.firstT, t);
    this.rows++;
    if (this.times.length < 5000) this.times.push({ ms, u });
    if (this.ips.size < 20) this.ips.add(ip);
    if (this.accounts.size < 20) this.accounts.add(account);
    const town = data.units[u]!.townCode;
    this.towns.set(town, (this.towns.get(town) ?? 0) + 1);
  }
  /** Most distinct units filed within any window of `minutes`. */
  burst(minutes: number): { units: number; from: string | null } {
    const ts = this.times.filter((x) => Number.isFinite(x.ms)).sort((a, b) => a.ms - b.ms);
    let best = 0;
    let from: number | null = null;
    let j = 0;
    const count = new Map<number, number>();
    for (let i = 0; i < ts.length; i++) {
      count.set(ts[i]!.u, (count.get(ts[i]!.u) ?? 0) + 1);
      while (ts[i]!.ms - ts[j]!.ms > minutes * 60_000) {
        const c = count.get(ts[j]!.u)! - 1;
        if (c) count.set(ts[j]!.u, c);
        else count.delete(ts[j]!.u);
        j++;
      }
      if (count.size > best) [best, from] = [count.size, ts[j]!.ms];
    }
    return { units: best, from: from === null ? null : new Date(from).toISOString() };
  }
}

/**
 * Reports filed for units by someone else (代填代报): town/park-office accounts filing any unit's
 * report; units' own accounts used from a town/park office network; one unit's account filing
 * for several other units; an unregistered account, or one device, serving several units.
 */
export const proxyFiling = defineRule({
  id: 'interfere.proxy-filing',
  version: 1,
  pattern: 'INTERFERE.PROXY_FILING',
  title: { zh: '代填代报（乡镇/园区代报、一个账号代报多家）', en: 'Reports filed by someone else (town/park offices, one account for many units)' },
  description: {
    zh: '统计调查对象应自行报送。按报送账号的归属类型（accounts.owner_type）和报送IP所在网段（offices，支持IPv4/IPv6 CIDR）判断：乡镇/园区账号报送即为代报；单位自己的账号从乡镇/园区办公网络报送也是代报；单位账号为其他无关单位报送、未登记账号或同一设备服务多家单位也列出，密集的短时批量报送加重评分。会计代理机构为客户报送属正常，除非来自政府办公网络。',
    en: 'Units must file their own reports. The filer is judged by the account\'s owner type (accounts.owner_type) and the submitter IP against the office networks (offices, IPv4/IPv6 CIDR): a town/park-office account filing is proxy filing; a unit\'s own account used from an office network is too; a unit account filing for other unrelated units, an unregistered account or one device serving several units are listed, and bursts of filings minutes apart raise the score. Accounting agencies filing for clients are normal unless they file from an office network.',
  },
  scope: 'account',
  reads: ['submissions', 'accounts', 'offices', 'units'],
  params: z.object({
    /** Window for a burst of filings for different units. */
    burstMinutes: z.number().default(120),
    /** Units filed within the window that make a burst. */
    burstUnits: z.number().int().default(4),
    /** Units an office network must serve (with units' own or agents' accounts) for review. */
    minNetworkUnits: z.number().int().default(2),
    /** Other units a unit account, an unregistered account or a shared device must serve for review. */
    minOtherUnits: z.number().int().default(3),
  }),
  evaluate(data, p) {
    const officeOf = cidrMatcher(data.offices.map((o) => o.cidr));
    const officeAccounts = new Map<string, Filer>();
    const networks = new Map<number, Filer>();
    const unitAccounts = new Map<string, Filer>();
    const unknownAccounts = new Map<string, Filer>();
    const devices = new Map<string, Filer>();
    const get = <K>(m: Map<K, Filer>, k: K) => {
      let f = m.get(k);
      if (!f) m.set(k, (f = new Filer()));
      return f;
    };
    // Pass 1: classify each row by its filer; a device is kept only once it serves two units.
    // Devices are numbered on first sight, and the rows that reach the device check are noted
    // (row, unit, period, device number), so that pass 2 replays just those rows in their order
    // instead of looking every submission up again.
    const deviceNo = new Map<string, number>();
    let deviceFirstU = new Int32Array(1024);
    let deviceMulti = new Uint8Array(1024);
    const subs = data.submissions;
    const candRow = new Int32Array(subs.length);
    const candU = new Int32Array(subs.length);
    const candT = new Int32Array(subs.length);
    const candDev = new Int32Array(subs.length);
    let nCand = 0;
    let nMulti = 0;
    // The cell of each row that is a cell's latest revision (most rows), so that those rows need
    // no string-keyed look-up of unit and period. buildDistrictData sets latestSubmission from
    // these very rows' unit and period, so the cell is theirs; reading the ids again to compare
    // them cost a fifth of the rule (every string read is a cache miss on a million rows).
    const { P } = data;
    const cellOf = new Int32Array(subs.length).fill(-1);
    const latest = data.latestSubmission;
    for (let c = 0; c < latest.length; c++) if (latest[c]! >= 0 && latest[c]! < subs.length) cellOf[latest[c]!] = c;
    // Rows come grouped by unit, and a unit mostly files from one account and device (often one
    // address): the previous row's look-ups are reused when the key repeats.
    let prevAccount = '';
    let prevRec: AccountRecord | undefined;
    let prevIp = '';
    let prevOffice = -2;
    let prevDevice = '';
    let prevDeviceNo = -1;
    let seen = false;
    let prevUnitId = '';
    let prevUnit = -1;
    let seenUnit = false;
    for (let k = 0; k < subs.length; k++) {
      const s = subs[k]!;
      const cell = cellOf[k]!;
      let u: number | undefined;
      let t: number | undefined;
      if (cell >= 0) {
        u = (cell / P) | 0;
        t = cell - u * P;
      } else {
        // Earlier revisions: the unit is mostly the previous row's.
        u = seenUnit && s.unit_id === prevUnitId ? prevUnit : data.unitIndex.get(s.unit_id);
        t = data.periodIndex.get(s.period);
      }
      if (u !== undefined) {
        prevUnit = u;
        prevUnitId = s.unit_id;
        seenUnit = true;
      }
      if (u === undefined || t === undefined) continue;
      let rec = prevRec;
      if (!seen || s.submitter_account !== prevAccount) {
        rec = data.accounts.get(s.submitter_account);
        prevAccount = s.submitter_account;
        prevRec = rec;
        seen = true;
      }
      const type = rec?.owner_type ?? 'unknown';
      if (type === 'town_office' || type === 'park_office') {
        get(officeAccounts, s.submitter_account).add(data, u, t, Date.parse(s.submitted_at), s.submitter_ip, s.submitter_account);
        continue;
      }
      let office = prevOffice;
      if (prevOffice === -2 || s.submitter_ip !== prevIp) {
        office = officeOf(s.submitter_ip);
        prevIp = s.submitter_ip;
        prevOffice = office;
      }
      if (office >= 0) {
        get(networks, office).add(data, u, t, Date.parse(s.submitted_at), s.submitter_ip, s.submitter_account);
        continue;
      }
      if (type === 'unit' && rec!.owner_id !== s.unit_id) get(unitAccounts, s.submitter_account).add(data, u, t, Date.parse(s.submitted_at), s.submitter_ip, s.submitter_account);
      else if (type === 'unknown') get(unknownAccounts, s.submitter_account).add(data, u, t, Date.parse(s.submitted_at), s.submitter_ip, s.submitter_account);
      if (type !== 'agent' && s.submitter_device) {
        let d = prevDeviceNo;
        if (prevDeviceNo < 0 || s.submitter_device !== prevDevice) {
          let known = deviceNo.get(s.submitter_device);
          if (known === undefined) {
            known = deviceNo.size;
            deviceNo.set(s.submitter_device, known);
            if (known >= deviceFirstU.length) {
              const grownU = new Int32Array(deviceFirstU.length * 2);
              grownU.set(deviceFirstU);
              deviceFirstU = grownU;
              const grownM = new Uint8Array(deviceMulti.length * 2);
              grownM.set(deviceMulti);
              deviceMulti = grownM;
            }
            deviceFirstU[known] = u;
          }
          d = prevDeviceNo = known;
          prevDevice = s.submitter_device;
        }
        if (deviceFirstU[d] !== u && !deviceMulti[d]) {
          deviceMulti[d] = 1;
          nMulti++;
        }
        candRow[nCand] = k;
        candU[nCand] = u;
        candT[nCand] = t;
        candDev[nCand++] = d;
      }
    }
    // Pass 2: the rows of devices shared by several units.
    if (nMulti) {
      for (let i = 0; i < nCand; i++) {
        if (!deviceMulti[candDev[i]!]) continue;
        const s = subs[candRow[i]!]!;
        get(devices, s.submitter_device!).add(data, candU[i]!, candT[i]!, Date.parse(s.submitted_at), s.submitter_ip, s.submitter_account);
      }
    }
    const out: RuleFinding[] = [];
    const ids = (f: Filer) => [...f.units].map((u) => data.units[u]!.id);
    const emit = (kind: 'account' | 'town', id: string, f: Filer, score: number, zh: string, en: string, extra: Record<string, unknown>) => {
      const b = f.burst(p.burstMinutes);
      const s = clamp01(score + (b.units >= p.burstUnits ? 0.1 : 0));
      out.push({
        subject: { kind, id },
        unit_ids: ids(f),
        period: data.periods[f.firstT] ?? null,
        score: s,
        severity: severityOf(s),
        summary_zh: `${zh}${b.units >= p.burstUnits ? `，其中${b.units}家在${p.burstMinutes}分钟内集中报送` : ''}。`,
        summary_en: `${en}${b.units >= p.burstUnits ? `; ${b.units} of them within ${p.burstMinutes} minutes` : ''}.`,
        evidence: {
          units: ids(f),
          filings: f.rows,
          first_period: data.periods[f.firstT] ?? null,
          ips: [...f.ips],
          accounts: [...f.accounts],
          unit_towns: Object.fromEntries(f.towns),
          burst: { ...b, window_minutes: p.burstMinutes, threshold_units: p.burstUnits },
          ...extra,
        },
      });
    };
    for (const [acc, f] of officeAccounts) {
      const rec = data.accounts.get(acc)!;
      const n = f.units.size;
      emit('account', acc, f, 0.55 + 0.1 * Math.min(3, n - 1) + (f.rows >= 3 ? 0.05 : 0), `${rec.owner_type === 'park_office' ? '园区' : '乡镇'}账号${acc}（${rec.owner_id}）代${n}家单位报送了${f.rows}份报表`, `${rec.owner_type === 'park_office' ? 'Park' : 'Town'}-office account ${acc} (${rec.owner_id}) filed ${f.rows} reports for ${n} units`, { owner_type: rec.owner_type, owner_id: rec.owner_id });
    }
    for (const [i, f] of networks) {
      const office = data.offices[i]!;
      const n = f.units.size;
      const score = n >= p.minNetworkUnits ? 0.6 + 0.1 * Math.min(3, n - p.minNetworkUnits) : 0.35;
      emit('town', office.town_code, f, score, `${n}家单位的${f.rows}份报表从${office.office_name}网络（${office.cidr}）报送`, `${f.rows} reports of ${n} units were filed from the network of ${office.office_name} (${office.cidr})`, { office: office.office_name, cidr: office.cidr });
    }
    const related = (owner: string | undefined, f: Filer) => {
      const o = owner === undefined ? undefined : data.unitIndex.get(owner);
      const rep = o === undefined ? undefined : data.units[o]!.legalRep;
      return rep ? [...f.units].every((u) => u === o || data.units[u]!.legalRep === rep) : false;
    };
    for (const [acc, f] of unitAccounts) {
      const owner = data.accounts.get(acc)!.owner_id;
      const others = [...f.units].filter((u) => data.units[u]!.id !== owner).length;
      const rel = related(owner, f);
      const score = rel ? 0.3 : others >= p.minOtherUnits ? 0.6 + 0.05 * Math.min(4, others - p.minOtherUnits) : 0.3;
      emit('account', acc, f, score, `单位${owner}的账号${acc}为${others}家其他单位报送了报表${rel ? '（同一法定代表人）' : ''}`, `Account ${acc} of unit ${owner} filed reports for ${others} other units${rel ? ' (same legal representative)' : ''}`, { owner_type: 'unit', owner_id: owner, same_legal_rep: rel });
    }
    for (const [acc, f] of unknownAccounts) {
      const n = f.units.size;
      if (n < 2) continue;
      const score = n >= p.minOtherUnits ? 0.55 + 0.05 * Math.min(4, n - p.minOtherUnits) : 0.3;
      emit('account', acc, f, score, `未登记归属的账号${acc}为${n}家单位报送了报表`, `Account ${acc}, not in the accounts register, filed reports for ${n} units`, { owner_type: null });
    }
    for (const [device, f] of devices) {
      const n = f.units.size;
      if (n < p.minOtherUnits) continue;
      const town = [...f.towns].sort((a, b) => b[1] - a[1])[0]![0];
      // Off any office network this is how an accounting agency logs in as its clients: a lead
      // to watch (low even in a burst), unless the device also shows up on an office network.
      emit('town', town, f, 0.35, `同一设备${device}以${f.accounts.size}个账号为${n}家单位报送了报表`, `One device ${device} filed reports for ${n} units under ${f.accounts.size} accounts`, { device });
    }
    return out;
  },
});
