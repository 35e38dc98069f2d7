/**
 * The whole rule set over 1 000 000 submission rows (≈42 000 units × 24 months) with matching
 * tax, electricity and insurance already in memory. Prints rows/s, wall time and peak memory.
 * Usage: npm run bench:check [-- --units 41667 --rounds 3 --rule ID… --dump FILE]
 * --rule times only the named rules; --dump writes their findings (JSON lines, before attribution)
 * so a change meant to be pure speed can be checked for identical findings.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import type { AccountRecord, SubmissionRecord, UnitRecord } from '../lib/contract/schemas';
import { CATEGORIES } from '../lib/domain/kinds';
import { engineConfig } from '../lib/engine/config';
import { confront } from '../lib/engine/confront';
import { buildDistrictData } from '../lib/engine/district-data';
import { ALL_RULES } from '../lib/rules/registry';
import { makeUscc } from '../lib/sample/base';
import { TOWNS } from '../lib/sample/district';
import { PERIODS } from '../lib/sample/model';
import { Random } from '../lib/sample/random';

const { values } = parseArgs({
  options: { units: { type: 'string', default: '41667' }, rounds: { type: 'string', default: '3' }, rule: { type: 'string', multiple: true }, dump: { type: 'string' } },
});
const U = Number(values.units);
const rng = new Random(7);
const used = new Set<string>();
const industries = ['2021', '2110', '3130', '5131', '5169', '5212', '6110', '6210', '5431', '7020', '7010', '4811'];
const catOf = (code: string) =>
  code < '4400'
    ? 'industry'
    : code < '4900'
      ? 'construction'
      : code < '5200'
        ? 'wholesale'
        : code < '5300'
          ? 'retail'
          : code < '6200' && code >= '6100'
            ? 'accommodation'
            : code.startsWith('62')
              ? 'catering'
              : code === '7010'
                ? 'real_estate'
                : 'services';

const t0 = performance.now();
const units: UnitRecord[] = [];
const submissions: SubmissionRecord[] = [];
const accounts: AccountRecord[] = [];
const series: { tax: number[]; kwh: number[]; insured: number[] }[] = [];
for (let u = 0; u < U; u++) {
  const { unitId, orgCode } = makeUscc(rng, used);
  const industry = industries[u % industries.length]!;
  const town = TOWNS[u % TOWNS.length]!;
  const category = catOf(industry) as (typeof CATEGORIES)[number];
  units.push({ unit_id: unitId, name: `单位${u}`, industry_code: industry, category, town_code: town.code, town_name: town.name, in_register: true } as UnitRecord);
  const account = u % 40 === 0 ? `DZ${u}` : `LW${orgCode}`;
  if (u % 40 !== 39) accounts.push({ account, owner_type: u % 40 === 0 ? 'agent' : 'unit', owner_id: unitId });
  const level = rng.logNormal(2000, 0.9);
  const heads = Math.max(5, Math.round(level / 60));
  const s = { tax: [] as number[], kwh: [] as number[], insured: [] as number[] };
  for (let t = 0; t < PERIODS.length; t++) {
    const revenue = Math.round(level * (1 + rng.normal(0, 0.06)) * 10) / 10;
    const inflated = u % 500 === 7 && t >= 12 ? 1.6 : 1;
    submissions.push({
      unit_id: unitId,
      period: PERIODS[t]!,
      revision: 0,
      submitted_at: `${PERIODS[t]}-15T10:00:00+08:00`,
      submitter_account: account,
      submitter_ip: `60.${u % 250}.${t}.1`,
      revenue: Math.round(revenue * inflated * 10) / 10,
      main_revenue: Math.round(revenue * 9.6) / 10,
      employees: heads,
      wages: heads * 6.2,
      profit: revenue * 0.05,
      electricity_kwh: Math.round(revenue * 30),
    } as SubmissionRecord);
    s.tax.push(Math.round(revenue * 0.95 * (1 + rng.normal(0, 0.03)) * 10) / 10);
    s.kwh.push(Math.round(revenue * 30 * (1 + rng.normal(0, 0.04))));
    s.insured.push(Math.round(heads * 0.92));
  }
  series.push(s);
}
const tax = units.flatMap((u, i) => PERIODS.map((period, t) => ({ unit_id: u.unit_id, period, taxable_sales: series[i]!.tax[t]! })));
const electricity = units.flatMap((u, i) => PERIODS.map((period, t) => ({ unit_id: u.unit_id, period, kwh: series[i]!.kwh[t]! })));
const social_insurance = units.flatMap((u, i) => PERIODS.map((period, t) => ({ unit_id: u.unit_id, period, insured_headcount: series[i]!.insured[t]! })));
const offices = TOWNS.map((t, i) => ({ cidr: `218.57.${140 + i}.0/26`, office_name: t.office, town_code: t.code }));
const built = performance.now();
const data = buildDistrictData({ units, submissions, tax, electricity, social_insurance, market_status: [], register_events: [], projects: [], project_progress: [], accounts, offices });
const columnar = performance.now();
const rules = values.rule?.length ? ALL_RULES.filter((r) => values.rule!.includes(r.id)) : ALL_RULES;
console.log(`statsentry bench:check — ${submissions.length} submission rows, ${U} units × ${PERIODS.length} months, ${rules.length} rules`);
console.log(`records generated in ${((built - t0) / 1000).toFixed(1)} s; columnar district built in ${((columnar - built) / 1000).toFixed(2)} s`);

const config = engineConfig({ districtCode: '371302' });
const walls: number[] = [];
const cpus: number[] = [];
let peak = 0;
const baseline = process.memoryUsage().rss;
for (let round = 1; round <= Number(values.rounds); round++) {
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const { findings, summary } = confront(data, rules, config);
  const wall = (performance.now() - started) / 1000;
  // CPU time of the process (all threads) as well: on a shared machine the wall time mostly measures the neighbours.
  const cpu = process.cpuUsage(cpu0);
  cpus.push((cpu.user + cpu.system) / 1e6);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  walls.push(wall);
  const slowest = [...summary]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 4)
    .map((s) => `${s.rule_id} ${s.ms} ms`)
    .join(', ');
  const errors = summary.filter((s) => s.error).map((s) => s.rule_id);
  console.log(
    `round ${round}: rules ${wall.toFixed(2)} s (cpu ${cpus[cpus.length - 1]!.toFixed(2)} s), ${findings.length} findings; slowest: ${slowest}${errors.length ? `; FAILED: ${errors.join(', ')}` : ''}`,
  );
  if (round === 1 && values.dump) writeFileSync(values.dump, findings.map((f) => JSON.stringify(f)).join('\n') + '\n');
  if (round === 1) {
    // The data is plain noise plus one inflator in 500 (months 13–24): high/medium findings
    // beyond those units are false alarms of this (unrealistically regular) population.
    const flagged = summary.filter((x) => x.high + x.medium > 0).map((x) => `${x.rule_id} ${x.high}/${x.medium}`);
    const inflators = Math.ceil((U - 7) / 500);
    console.log(`  high/medium by rule: ${flagged.join(', ') || 'none'} (injected inflators: ${inflators})`);
  }
}
const m = median(walls);
console.log(`median wall time of the rule set: ${m.toFixed(2)} s (cpu ${median(cpus).toFixed(2)} s) → ${Math.round(submissions.length / m)} rows/s (target < 5 s)`);
console.log(
  `process RSS: ${(baseline / 2 ** 20).toFixed(0)} MiB before the rules (records + columnar data), peak ${(peak / 2 ** 20).toFixed(0)} MiB while they ran (target < 1.5 GiB for the rules: +${((peak - baseline) / 2 ** 20).toFixed(0)} MiB)`,
);
