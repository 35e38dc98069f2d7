import type { Town } from './model';
import type { IdPool } from './ids';
import type { Rng } from './rng';

interface TownSpec {
  seq: string;
  name: string;
  kind: Town['kind'];
  industry: number;
  trade: number;
}

/** Streets and towns of the holdout district (济南市章丘区-like), with where business sits. */
const TOWN_SPECS: TownSpec[] = [
  { seq: '001', name: '明水街道', kind: 'street', industry: 1, trade: 9 },
  { seq: '002', name: '双山街道', kind: 'street', industry: 3, trade: 7 },
  { seq: '003', name: '枣园街道', kind: 'street', industry: 4, trade: 2 },
  { seq: '004', name: '龙山街道', kind: 'street', industry: 3, trade: 2 },
  { seq: '005', name: '埠村街道', kind: 'street', industry: 4, trade: 2 },
  { seq: '006', name: '圣井街道', kind: 'street', industry: 8, trade: 4 },
  { seq: '007', name: '普集街道', kind: 'street', industry: 7, trade: 2 },
  { seq: '008', name: '绣惠街道', kind: 'street', industry: 5, trade: 2 },
  { seq: '009', name: '相公庄街道', kind: 'street', industry: 5, trade: 1.5 },
  { seq: '010', name: '文祖街道', kind: 'street', industry: 2, trade: 1 },
  { seq: '011', name: '官庄街道', kind: 'street', industry: 2, trade: 1 },
  { seq: '012', name: '高官寨街道', kind: 'street', industry: 1.5, trade: 1 },
  { seq: '013', name: '白云湖街道', kind: 'street', industry: 2, trade: 1 },
  { seq: '014', name: '宁家埠街道', kind: 'street', industry: 3, trade: 1 },
  { seq: '100', name: '刁镇', kind: 'town', industry: 4, trade: 1.5 },
  { seq: '101', name: '垛庄镇', kind: 'town', industry: 1, trade: 0.8 },
  { seq: '400', name: '明水经济技术开发区', kind: 'park', industry: 12, trade: 2 },
];

export function buildTowns(rng: Rng, ids: IdPool, districtCode: string): Town[] {
  return TOWN_SPECS.map((spec, i) => {
    const code = `${districtCode}${spec.seq}000`;
    const park = spec.kind === 'park';
    const third = park ? 160 : 100 + i;
    const base = park ? 64 : 0;
    const bits = park ? 26 : 27;
    const size = 2 ** (32 - bits);
    const cidrs = [`218.56.${third}.${base}/${bits}`];
    const town: Town = {
      code,
      name: spec.name,
      kind: spec.kind,
      cidrs,
      officeIp: (r) => `218.56.${third}.${base + r.int(2, size - 2)}`,
      account: park ? `KFQ${code.slice(0, 9)}` : `TJZ${code.slice(0, 9)}`,
      ownerType: park ? 'park_office' : 'town_office',
      staffDevices: Array.from({ length: rng.int(1, 3) }, () => ids.device()),
      weightIndustry: spec.industry,
      weightTrade: spec.trade,
    };
    // Two offices also reach the internet over IPv6 (dual-stack government extranet).
    if (spec.seq === '006' || spec.seq === '400') {
      const g = spec.seq === '006' ? '5e' : '7a';
      cidrs.push(`2408:8207:24a1:${g}00::/56`);
      town.officeV6 = (r) => `2408:8207:24a1:${g}${r.hex(2)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}`;
    }
    return town;
  });
}
