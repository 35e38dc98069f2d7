import { dayAfterMonth } from './calendar';
import { ispV4, ispV6 } from './ids';
import type { Filing, HUnit, World } from './model';
import { hashString, Rng } from './rng';

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** How an honest unit files period t: its own login from its own network, its agency's batch, or a shared office building. */
export function makeFiling(w: World, u: HUnit, t: number, r: Rng): Filing {
  const abs = w.cal.startMonth + t;
  const mode = u.filingMode;
  const late = r.chance(0.03);
  const draw = [r.normal(0, 1), r.normal(0, 1), r.next(), r.next(), r.next()];
  switch (mode.kind) {
    case 'self': {
      const day = late ? 11 + Math.floor(draw[2]! * 14) : clamp(Math.round(mode.dayMean + draw[0]! * 1.6), 1, 10);
      const hour = clamp(Math.round(mode.hourMean + draw[1]! * 2.2), 7, 22);
      const ip = mode.ipMode === 'static' ? mode.staticIp : mode.ipMode === 'v6' ? ispV6(r) : ispV4(r, mode.prefix);
      const device = u.econ.reportsDevice ? (mode.devices[t >= mode.switchAt ? 1 : 0] ?? mode.devices[0]) : undefined;
      return { account: u.account, ip, device, at: dayAfterMonth(abs, day, hour, Math.floor(draw[3]! * 60), Math.floor(draw[4]! * 60)) };
    }
    case 'agency': {
      const a = w.agencies[mode.agency]!;
      const br = new Rng(hashString(`${a.id}|${t}`));
      const day = clamp(a.batchDay + br.int(-1, 1), 1, 12);
      const pos = Math.max(0, a.clients.indexOf(u.idx));
      const startMin = 9 * 60 + br.int(0, 40);
      const minute = startMin + pos * br.int(2, 4) + Math.floor(draw[2]! * 2);
      // A long batch spills into the afternoon and the next day.
      const dayShift = minute >= 17 * 60 ? 1 : 0;
      const m = dayShift ? minute - 8 * 60 : minute;
      const device = a.devices[pos % a.devices.length];
      return {
        account: a.ownAccount ? a.account : u.account,
        ip: a.ip,
        device,
        at: dayAfterMonth(abs, day + dayShift, Math.floor(m / 60), m % 60, Math.floor(draw[3]! * 60)),
      };
    }
    case 'nat': {
      const day = late ? 11 + Math.floor(draw[2]! * 10) : clamp(Math.round(mode.dayMean + draw[0]! * 1.5), 1, 10);
      const hour = clamp(Math.round(10 + draw[1]! * 2.5), 8, 19);
      const device = mode.devices[0];
      return { account: u.account, ip: mode.ip, device, at: dayAfterMonth(abs, day, hour, Math.floor(draw[3]! * 60), Math.floor(draw[4]! * 60)) };
    }
  }
}
