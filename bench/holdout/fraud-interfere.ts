import { localMs } from './calendar';
import { mobileV4 } from './ids';
import type { HUnit, Town, World } from './model';
import type { Rng } from './rng';
import { consistent, free, r1, range, scaleMoney, take } from './util';

const whole = (w: World) => (u: HUnit) => u.fileFrom === 0 && u.fileTo === w.cal.P - 1 && u.inRegister;

/**
 * 代填代报: a town or park statistics station files for units, with the units' own logins or its
 * own account, from the office network or a staffer's phone, in bursts.
 */
export function injectProxy(w: World, rng: Rng): Set<Town> {
  const P = w.cal.P;
  const used = new Set<Town>();
  const variants = rng
    .shuffle(['office_ip_unit_logins', 'town_account', 'park_office', 'staff_mobile', 'office_ipv6', 'office_ip_unit_logins'] as const)
    .slice(0, Math.max(4, Math.round(6 * w.scale)));
  for (const variant of variants) {
    const town =
      variant === 'park_office'
        ? w.towns.find((t) => t.kind === 'park')!
        : variant === 'office_ipv6'
          ? w.towns.find((t) => t.officeV6 && t.kind !== 'park')!
          : rng.pick(w.towns.filter((t) => t.kind !== 'park' && !used.has(t)));
    used.add(town);
    const k = variant === 'town_account' ? rng.int(4, 8) : rng.int(5, 12);
    const units = free(w, rng, (u) => whole(w)(u) && u.town === town && u.filingMode.kind === 'self' && u.category !== 'real_estate')
      .sort((a, b) => a.econ.annual - b.econ.annual)
      .slice(0, k);
    if (units.length < 3) continue;
    const t0 = rng.int(0, P - 8);
    const t1 = Math.min(P - 1, t0 + rng.int(4, 14));
    const staff = town.staffDevices[0]!;
    for (const u of units) take(u, 'PROXY');
    for (let t = t0; t <= t1; t++) {
      const day = rng.int(2, 7);
      let minute = 9 * 60 + rng.int(0, 90);
      const officeToday = variant !== 'staff_mobile' || rng.chance(0.2);
      for (const u of rng.shuffle(units)) {
        const f = u.filings[t];
        if (!f) continue;
        minute += rng.int(1, 5);
        const ip = !officeToday ? mobileV4(rng) : variant === 'office_ipv6' && rng.chance(0.7) ? town.officeV6!(rng) : town.officeIp(rng);
        f.account = variant === 'town_account' ? town.account : u.account;
        f.ip = ip;
        f.device = rng.chance(0.9) ? staff : (town.staffDevices[1] ?? staff);
        f.at = localMs(w.cal.year(t + 1), w.cal.month(t + 1), day, Math.floor(minute / 60), minute % 60, rng.int(0, 59));
        for (const rv of u.revisions[t]!) Object.assign(rv.filing, { account: f.account, ip: f.ip, device: f.device });
        // The station rounds what it keys in from a phone call.
        if (rng.chance(0.3)) {
          const rep = u.reports[t]!;
          rep.revenue = Math.round(rep.revenue);
          consistent(rep);
        }
      }
    }
    const how: Record<typeof variant, string> = {
      office_ip_unit_logins: `the units' own logins, from the office network ${town.cidrs[0]}`,
      town_account: `the station's own account ${town.account}`,
      park_office: `the park office network ${town.cidrs[0]}`,
      staff_mobile: "a staffer's phone hotspot (mobile IPs) with the office's device, at the office only now and then",
      office_ipv6: `the office's IPv6 network ${town.cidrs[1] ?? ''} (and IPv4)`,
    };
    w.truth.push({
      pattern: 'INTERFERE.PROXY_FILING',
      variant,
      subject: variant === 'town_account' ? { kind: 'account', id: town.account } : { kind: 'town', id: town.code },
      unit_ids: units.map((u) => u.id),
      periods: range(t0, t1).map((t) => w.cal.period(t)),
      detail: `${town.name} station files for ${units.length} units ${w.cal.period(t0)}..${w.cal.period(t1)} using ${how[variant]}, one device, minutes apart`,
    });
  }
  return used;
}

/** 统一调数: a town's figures raised together — by a wave of upward corrections, or in the first filings. */
export function injectCoordinated(w: World, rng: Rng, avoid: Set<Town>): void {
  const P = w.cal.P;
  const shockTowns = new Set(w.units.filter((u) => u.tags.has('town_shock')).map((u) => u.town));
  const candidates = rng.shuffle(w.towns.filter((t) => !avoid.has(t) && !shockTowns.has(t) && t.kind !== 'park'));
  const variants = rng.shuffle(['mass_upward_revision', 'sync_growth', 'partial_yearend', 'mass_upward_revision'] as const).slice(0, Math.max(2, Math.round(3 * w.scale)));
  variants.forEach((variant, i) => {
    const town = candidates[i];
    if (!town) return;
    const eligible = free(w, rng, (u) => whole(w)(u) && u.town === town && u.category !== 'real_estate');
    const share = variant === 'partial_yearend' ? rng.uniform(0.35, 0.45) : rng.uniform(0.6, 0.85);
    const units = eligible.slice(0, Math.round(eligible.length * share));
    if (units.length < 4) return;
    for (const u of units) take(u, 'COORDINATED');
    const dec = range(0, P - 1).filter((t) => w.cal.month(t) === 12 || w.cal.month(t) === 6);
    let ts: number[];
    let detail: string;
    let fromOffice = false;
    if (variant === 'mass_upward_revision') {
      const t = rng.pick(dec.filter((x) => x < P - 1).length ? dec.filter((x) => x < P - 1) : dec);
      ts = [t];
      const c = rng.uniform(0.06, 0.16);
      fromOffice = rng.chance(0.5);
      const start = localMs(w.cal.year(t + 1), w.cal.month(t + 1), rng.int(12, 16), rng.int(9, 15), 0);
      for (const u of units) {
        const f = u.filings[t];
        const rep = u.revisions[t]!.at(-1)?.report ?? u.reports[t];
        if (!f || !rep) continue;
        const next = { ...rep };
        scaleMoney(next, 1 + c + rng.uniform(-0.025, 0.025));
        const at = start + rng.int(0, 36 * 60) * 60_000;
        u.revisions[t]!.push({ report: next, filing: fromOffice ? { account: u.account, ip: town.officeIp(rng), device: town.staffDevices[0], at } : { ...f, at } });
      }
      detail = `${town.name}: ${units.length} of ${eligible.length} units file upward corrections of ~${(c * 100).toFixed(0)}% for ${w.cal.period(t)} within 36 hours${fromOffice ? ', from the office network' : ', each from its own line'}; tax unchanged`;
    } else if (variant === 'sync_growth') {
      const t0 = rng.int(6, P - 3);
      ts = range(t0, Math.min(P - 1, t0 + rng.int(1, 2)));
      const c = rng.uniform(0.1, 0.2);
      for (const u of units) {
        for (const t of ts) {
          const rep = u.reports[t];
          if (!rep) continue;
          scaleMoney(rep, 1 + c + rng.uniform(-0.025, 0.025));
          for (const rv of u.revisions[t]!) scaleMoney(rv.report, 1 + c);
        }
      }
      detail = `${town.name}: ${units.length} of ${eligible.length} units report ~${(c * 100).toFixed(0)}% more in ${ts.map((t) => w.cal.period(t)).join(', ')} in their first filings, from their own lines; tax and grid flat`;
    } else {
      const t = rng.pick(range(0, P - 1).filter((x) => w.cal.month(x) === 12));
      ts = [t];
      const c = rng.uniform(0.08, 0.12);
      for (const u of units) {
        const rep = u.reports[t];
        if (!rep) continue;
        scaleMoney(rep, 1 + c + rng.uniform(-0.02, 0.02));
        for (const rv of u.revisions[t]!) scaleMoney(rv.report, 1 + c);
      }
      detail = `${town.name}: ${units.length} of ${eligible.length} units (~40%) report ${(c * 100).toFixed(0)}% more for December ${w.cal.period(t)}; tax flat`;
    }
    w.truth.push({
      pattern: 'INTERFERE.COORDINATED',
      variant,
      subject: { kind: 'town', id: town.code },
      unit_ids: units.map((u) => u.id),
      periods: ts.map((t) => w.cal.period(t)),
      also: fromOffice ? ['FALSIFY.INFLATE', 'INTERFERE.PROXY_FILING'] : ['FALSIFY.INFLATE'],
      detail,
    });
  });
  void r1;
}
