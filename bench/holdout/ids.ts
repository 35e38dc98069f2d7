import { orgCodeCheckCharacter, USCC_ALPHABET, usccCheckCharacter, usccProblem } from '../../lib/contract/uscc';
import type { Rng } from './rng';

/** Letters a new-style organisation code body may use (USCC alphabet, no I O Z S V). */
const BODY = USCC_ALPHABET;

/**
 * A valid 统一社会信用代码. `kind` chooses the registry and type: 91 company, 92 individual
 * business (个体工商户), 52 private non-enterprise (民办非企业). `legacy` gives the pre-2015
 * numeric organisation code that companies registered before the reform kept in their code.
 */
export function makeUscc(rng: Rng, division: string, opts: { prefix?: '91' | '92' | '52'; legacy?: boolean } = {}): string {
  const prefix = opts.prefix ?? '91';
  let body: string;
  if (opts.legacy) {
    body = String(rng.int(16300000, 79999999));
  } else {
    body = 'MA';
    const letters = BODY.replace(/[0-9]/g, '');
    body += String(rng.int(1, 9));
    for (let i = 0; i < 5; i++) body += rng.chance(0.55) ? String(rng.int(0, 9)) : rng.pick(letters.split(''));
  }
  const org = body + orgCodeCheckCharacter(body);
  const first17 = prefix + division + org;
  const code = first17 + usccCheckCharacter(first17);
  if (usccProblem(code) !== null) throw new Error(`generated invalid USCC ${code}`);
  return code;
}

export class IdPool {
  private used = new Set<string>();
  constructor(private rng: Rng) {}
  uscc(division: string, opts: { prefix?: '91' | '92' | '52'; legacy?: boolean } = {}): string {
    for (;;) {
      const c = makeUscc(this.rng, division, opts);
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
  }
  device(): string {
    for (;;) {
      const d = `fp-${this.rng.hex(12)}`;
      if (!this.used.has(d)) {
        this.used.add(d);
        return d;
      }
    }
  }
}

/** Broadband prefixes of the provincial carriers; none of them overlaps an office network. */
const ISP_V4 = [
  '60.208',
  '60.210',
  '60.215',
  '60.216',
  '119.162',
  '119.164',
  '119.165',
  '124.128',
  '124.133',
  '27.192',
  '27.193',
  '112.224',
  '112.231',
  '112.245',
  '223.98',
  '223.99',
  '39.71',
  '39.74',
  '182.34',
  '120.221',
  '120.224',
  '150.255',
];
const ISP_V6 = ['240e:33b', '240e:340', '2408:8214', '2408:8256', '2409:8a3c', '2409:8a1e'];

export function ispV4(rng: Rng, prefix?: string): string {
  const p = prefix ?? rng.pick(ISP_V4);
  return `${p}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}
export function ispPrefix(rng: Rng): string {
  return rng.pick(ISP_V4);
}
export function ispV6(rng: Rng): string {
  const h = () => rng.hex(4).replace(/^0+(?=.)/, '');
  return `${rng.pick(ISP_V6)}:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`;
}
/** Mobile carrier addresses (4G/5G hotspots): CGNAT-ish, changing every session. */
export function mobileV4(rng: Rng): string {
  return `${rng.pick(['111.14', '111.35', '117.136', '117.179', '223.104', '36.158'])}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}
