/**
 * Independent holdout district for statsentry: a deterministic generator, written from the data
 * contract and from how Chinese statistical fraud and its honest look-alikes really appear, not
 * from lib/sample. Writes every contract file kind plus truth.json.
 *
 *   npx tsx bench/holdout/generate.ts --seed 1 [--units 1500] [--months 24] [--start 2023-01] --out holdout-1
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { derive } from './econ';
import { buildAccountsAndOffices, emitFiles, type HoldoutFile } from './emit';
import { injectCoordinated, injectProxy } from './fraud-interfere';
import { injectConceal, injectCopy, injectFabricate, injectInflate, injectInvalid } from './fraud-falsify';
import { injectDuplicateUnits, injectFakeEntry, injectFakeExit, injectMisclassified, injectMissedExit, injectRent } from './fraud-register';
import { planLookalikes } from './lookalikes';
import type { LookAlike, TruthCase, World } from './model';
import { injectShortCopies, planOfficeHelp } from './failure-classes';
import { buildProjects } from './projects';
import { baseWorld, type HoldoutOptions } from './world';

export interface HoldoutTruth {
  seed: number;
  units: number;
  district_code: string;
  periods: string[];
  cases: TruthCase[];
  lookalikes: LookAlike[];
}

export interface Holdout {
  world: World;
  files: HoldoutFile[];
  truth: HoldoutTruth;
}

export const DEFAULTS: HoldoutOptions = { seed: 1, units: 1500, start: '2023-01', months: 24 };

export function generateHoldout(partial: Partial<HoldoutOptions> = {}): Holdout {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<HoldoutOptions>;
  const opts = { ...DEFAULTS, ...defined };
  const { w, ids, names } = baseWorld(opts);
  const r = (label: string) => w.rng.fork(label);
  buildProjects(w, r('projects'), ids, names);
  planLookalikes(w, r('lookalikes'), ids);
  for (const u of w.units) derive(w, u);
  for (const f of w.after) f();
  w.after = [];
  // Register frauds first: they reshape whole units; then figures; then the towns.
  injectFakeEntry(w, r('fake-entry'), ids);
  injectRent(w, r('rent'));
  injectFakeExit(w, r('fake-exit'));
  injectMissedExit(w, r('missed-exit'));
  injectMisclassified(w, r('misclassified'));
  injectDuplicateUnits(w, r('duplicate'), ids);
  injectInflate(w, r('inflate'));
  injectConceal(w, r('conceal'));
  injectFabricate(w, r('fabricate'));
  injectCopy(w, r('copy'));
  injectInvalid(w, r('invalid'));
  const proxyTowns = injectProxy(w, r('proxy'));
  injectCoordinated(w, r('coordinated'), proxyTowns);
  injectShortCopies(w, r('short-copy'));
  planOfficeHelp(w, r('office-help'));
  renumber(w);
  buildAccountsAndOffices(w);
  sweepLookalikes(w);
  const files = emitFiles(w);
  return {
    world: w,
    files,
    truth: { seed: opts.seed, units: w.units.length, district_code: w.districtCode, periods: w.cal.periods, cases: w.truth, lookalikes: w.lookalikes },
  };
}

/**
 * Event and project numbers follow filing order, as a real register's do: otherwise the cases
 * injected last would carry the highest numbers of their period.
 */
function renumber(w: World): void {
  const map = new Map<string, string>();
  const events = [...w.events].sort((a, b) => a.period.localeCompare(b.period) || a.submitted_at.localeCompare(b.submitted_at) || a.unit_id.localeCompare(b.unit_id));
  events.forEach((e, i) => {
    const id = `RE${e.period.replace('-', '')}${String(i + 1).padStart(4, '0')}`;
    map.set(e.event_id, id);
    e.event_id = id;
  });
  w.events = events;
  const projects = [...w.projects].sort((a, b) => a.row.registered_at.localeCompare(b.row.registered_at) || a.row.name.localeCompare(b.row.name));
  projects.forEach((p, i) => {
    const id = `P${w.districtCode}${p.row.registered_at.slice(0, 4)}${String(i + 1).padStart(4, '0')}`;
    map.set(p.row.project_id, id);
    p.row.project_id = id;
  });
  w.projects = projects;
  const re = (id: string) => map.get(id) ?? id;
  for (const c of w.truth) {
    if (c.subject.kind === 'project' || c.subject.kind === 'register_event') c.subject.id = re(c.subject.id);
    if (c.subject_ids) c.subject_ids = c.subject_ids.map(re);
    c.detail = c.detail.replace(/\b(RE\d{10}|P\d{14})\b/g, (m) => re(m));
  }
  for (const l of w.lookalikes) if (l.subject_ids) l.subject_ids = l.subject_ids.map(re);
}

/** Widespread honest traits, listed so that a false positive can be traced to them. */
function sweepLookalikes(w: World): void {
  const traits: [string, (u: World['units'][number]) => boolean, LookAlike['risk'], string][] = [
    [
      'no_tax_records',
      (u) => u.econ.taxMode === 'none' && !u.tags.has('duplicate'),
      ['FALSIFY.INFLATE', 'REGISTER.FAKE_ENTRY'],
      'no tax records (head-office VAT, exempt, or taxed where the sites are)',
    ],
    ['quarterly_tax', (u) => u.econ.taxMode === 'quarterly', ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL'], 'small-scale taxpayer declaring quarterly: tax rows only in quarter-end months'],
    ['construction_settlement_tax', (u) => u.econ.taxMode === 'settlement', ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL'], 'builder invoicing on settlement: tax lumpy, quarter-end'],
    ['real_estate_presales', (u) => u.econ.taxMode === 'presale', ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL', 'FALSIFY.FABRICATE'], 'developer: tax on presales, revenue on delivery — unrelated months'],
    [
      'real_estate_lumpy_revenue',
      (u) => u.category === 'real_estate',
      ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL', 'FALSIFY.FABRICATE', 'REGISTER.MISCLASSIFIED'],
      'developer: revenue recognised on delivery, near zero in between',
    ],
    ['no_grid_records', (u) => u.econ.elecMode === 'none' && !u.tags.has('duplicate'), ['FALSIFY.INFLATE'], "no grid record (landlord's meter)"],
    ['no_insurance_records', (u) => u.econ.siMode === 'none' && !u.tags.has('duplicate'), ['FALSIFY.CONCEAL'], 'staff insured through a dispatch agency or head office'],
    ['rounds_figures', (u) => u.econ.rounding === 'ten' || u.econ.rounding === 'hundred', ['FALSIFY.FABRICATE'], 'honest habit of rounding revenue to tens or hundreds'],
    ['reports_no_device', (u) => !u.econ.reportsDevice, ['INTERFERE.PROXY_FILING'], 'old client without a device fingerprint'],
  ];
  for (const [kind, pred, risk, detail] of traits) {
    // Traits that an injection itself created (a ghost's missing records, a shell's) are not honest traits.
    const ids = w.units
      .filter((u) => !['FABRICATE', 'FAKE_ENTRY', 'DUPLICATE', 'MISSED_EXIT'].includes(u.role ?? ''))
      .filter(pred)
      .map((u) => u.id);
    if (ids.length) w.lookalikes.push({ kind, unit_ids: ids, risk, detail });
  }
}

function main(): void {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, units: { type: 'string' }, months: { type: 'string' }, start: { type: 'string' }, out: { type: 'string' } } });
  const seed = Number(values.seed);
  const out = values.out ?? `holdout-${seed}`;
  const h = generateHoldout({ seed, units: values.units ? Number(values.units) : undefined, months: values.months ? Number(values.months) : undefined, start: values.start });
  writeHoldout(h, out);
  const byPattern = new Map<string, number>();
  for (const c of h.truth.cases) byPattern.set(c.pattern, (byPattern.get(c.pattern) ?? 0) + 1);
  console.log(`holdout seed ${seed}: ${h.truth.units} units, ${h.files.reduce((s, f) => s + f.rows, 0)} rows in ${h.files.length} files → ${out}`);
  for (const [p, n] of [...byPattern].sort()) console.log(`  ${p.padEnd(26)} ${n}`);
  console.log(`  look-alike groups: ${h.truth.lookalikes.length}`);
}

export function writeHoldout(h: Holdout, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const f of h.files) writeFileSync(join(dir, f.name), f.body);
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(h.truth, null, 1));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
