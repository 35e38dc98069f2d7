/**
 * Holdout evaluation of the detection rules on districts they were not written against.
 *
 * Usage (no npm script needed):
 *   npx tsx bench/holdout/evaluate.ts --seed 1 --seed 2 --seed 3
 *   npx tsx bench/holdout/evaluate.ts --seed 7 --units 3000 --out /tmp/holdout --pattern FALSIFY.COPY --verbose
 *
 * Each seed's district is generated (bench/holdout/generate.ts), written as contract files,
 * ingested through the real parsers and schemas (every row must be accepted), loaded as the
 * engine loads it, and confronted with ALL_RULES. High and medium findings are scored against
 * truth.json:
 *   - a finding matches a case when the patterns are equal and the finding's units (unit_ids,
 *     plus the unit behind a register_event or project subject) meet the case's unit_ids; a
 *     finding on a project matches a project case only when it names that project;
 *   - a finding that matches no case of its own pattern but a case listing its pattern in
 *     `also` (e.g. FAKE_ENTRY on a unit whose case is RENT.THRESHOLD) is "tolerated", not false;
 *   - precision = TP / (TP + FP) over findings; recall = cases matched / cases.
 * False positives are listed with the look-alikes (honest traps) and other cases they touch;
 * misses are listed with the injected detail and whether a low-severity finding saw them.
 */
import { NOISE } from './econ';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Finding } from '../../lib/domain/finding';
import { engineConfig } from '../../lib/engine/config';
import { confront } from '../../lib/engine/confront';
import { buildDistrictData } from '../../lib/engine/district-data';
import { ALL_RULES } from '../../lib/rules/registry';
import { generateHoldout, writeHoldout, type HoldoutTruth } from './generate';
import { ingestHoldout } from './load';
import type { HoldoutPattern, TruthCase } from './model';

const PATTERN_ORDER: HoldoutPattern[] = [
  'DATA.INVALID',
  'FALSIFY.INFLATE',
  'FALSIFY.CONCEAL',
  'FALSIFY.FABRICATE',
  'FALSIFY.COPY',
  'INTERFERE.PROXY_FILING',
  'INTERFERE.COORDINATED',
  'RENT.THRESHOLD',
  'REGISTER.FAKE_ENTRY',
  'REGISTER.DUPLICATE',
  'REGISTER.MISCLASSIFIED',
  'REGISTER.BUNDLED_PROJECT',
  'REGISTER.FAKE_EXIT',
  'REGISTER.MISSED_EXIT',
];

export interface PatternScore {
  pattern: string;
  truth: number;
  findings: number;
  tp: number;
  tolerated: number;
  fp: number;
  missed: number;
  precision: number;
  recall: number;
}

export interface Scored {
  scores: PatternScore[];
  falsePositives: { finding: Finding; lookalikes: string[]; otherCases: string[] }[];
  misses: { c: TruthCase; low: Finding[]; otherPatterns: string[] }[];
  variantRecall: Map<string, { hit: number; n: number }>;
  fpByLookalike: Map<string, number>;
}

/** Scores high/medium findings against the truth; see the header for the matching rules. */
export function score(findings: readonly Finding[], truth: HoldoutTruth, eventUnit: Map<string, string>, projectOwner: Map<string, string>): Scored {
  const unitsOf = (f: Finding): Set<string> => {
    const s = new Set(f.unit_ids);
    if (f.subject.kind === 'unit') s.add(f.subject.id);
    if (f.subject.kind === 'register_event') {
      const u = eventUnit.get(f.subject.id);
      if (u) s.add(u);
    }
    if (f.subject.kind === 'project') {
      const u = projectOwner.get(f.subject.id);
      if (u) s.add(u);
    }
    return s;
  };
  const meets = (f: Finding, units: Set<string>, c: TruthCase): boolean => {
    if (f.subject.kind === 'project' && c.subject.kind === 'project') return c.subject_ids?.includes(f.subject.id) ?? false;
    return c.unit_ids.some((u) => units.has(u));
  };
  const serious = findings.filter((f) => f.severity !== 'low');
  const low = findings.filter((f) => f.severity === 'low');
  const lookByUnit = new Map<string, Set<string>>();
  for (const l of truth.lookalikes)
    for (const id of [...l.unit_ids, ...(l.subject_ids ?? [])]) {
      let s = lookByUnit.get(id);
      if (!s) lookByUnit.set(id, (s = new Set()));
      s.add(l.kind);
    }
  const matched = new Set<TruthCase>();
  const scores = new Map<string, PatternScore>();
  const sc = (p: string) => {
    let s = scores.get(p);
    if (!s) scores.set(p, (s = { pattern: p, truth: 0, findings: 0, tp: 0, tolerated: 0, fp: 0, missed: 0, precision: 0, recall: 0 }));
    return s;
  };
  for (const p of PATTERN_ORDER) sc(p);
  for (const c of truth.cases) sc(c.pattern).truth++;
  const falsePositives: Scored['falsePositives'] = [];
  const fpByLookalike = new Map<string, number>();
  for (const f of serious) {
    const s = sc(f.pattern);
    s.findings++;
    const units = unitsOf(f);
    const own = truth.cases.filter((c) => c.pattern === f.pattern && meets(f, units, c));
    if (own.length) {
      s.tp++;
      for (const c of own) matched.add(c);
      continue;
    }
    if (truth.cases.some((c) => c.also?.includes(f.pattern as HoldoutPattern) && meets(f, units, c))) {
      s.tolerated++;
      continue;
    }
    s.fp++;
    // Look-alikes by how many of the finding's units they cover; a finding on many units (a town,
    // a device) is attributed to the kinds covering at least half of them, else to the top one.
    const cover = new Map<string, number>();
    for (const u of new Set([...units, f.subject.id])) for (const k of lookByUnit.get(u) ?? []) cover.set(k, (cover.get(k) ?? 0) + 1);
    const ranked = [...cover].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const n = Math.max(1, units.size);
    const dominant = n <= 2 ? ranked.map(([k]) => k) : ranked.filter(([, c]) => c >= n / 2).map(([k]) => k);
    const tally = dominant.length ? dominant : ranked.length ? [ranked[0]![0]] : ['(none)'];
    for (const k of tally) fpByLookalike.set(`${f.pattern} ← ${k}`, (fpByLookalike.get(`${f.pattern} ← ${k}`) ?? 0) + 1);
    const lk = ranked.map(([k, c]) => (n > 2 ? `${k} ${c}/${n}` : k));
    const others = truth.cases.filter((c) => meets(f, units, c)).map((c) => `${c.pattern}/${c.variant}`);
    falsePositives.push({ finding: f, lookalikes: lk, otherCases: [...new Set(others)] });
  }
  const misses: Scored['misses'] = [];
  const variantRecall = new Map<string, { hit: number; n: number }>();
  for (const c of truth.cases) {
    const key = `${c.pattern}/${c.variant}`;
    const v = variantRecall.get(key) ?? { hit: 0, n: 0 };
    v.n++;
    if (matched.has(c)) v.hit++;
    variantRecall.set(key, v);
    if (matched.has(c)) continue;
    sc(c.pattern).missed++;
    const lowHits = low.filter((f) => f.pattern === c.pattern && meets(f, unitsOf(f), c));
    const otherPatterns = [...new Set(serious.filter((f) => f.pattern !== c.pattern && meets(f, unitsOf(f), c)).map((f) => f.pattern))];
    misses.push({ c, low: lowHits, otherPatterns });
  }
  for (const s of scores.values()) {
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : Number.NaN;
    s.recall = s.truth ? (s.truth - s.missed) / s.truth : Number.NaN;
  }
  return { scores: [...scores.values()], falsePositives, misses, variantRecall, fpByLookalike };
}

const fmt = (x: number) => (Number.isNaN(x) ? '   –' : x.toFixed(2).padStart(4));

function printTable(title: string, scores: PatternScore[]): void {
  console.log(title);
  console.log('pattern                     truth  found   TP  tol   FP  missed  precision  recall');
  for (const p of scores) {
    if (!p.truth && !p.findings) continue;
    console.log(
      `${p.pattern.padEnd(26)} ${String(p.truth).padStart(6)} ${String(p.findings).padStart(6)} ${String(p.tp).padStart(4)} ${String(p.tolerated).padStart(4)} ${String(p.fp).padStart(4)} ${String(p.missed).padStart(7)} ${fmt(p.precision).padStart(10)} ${fmt(p.recall).padStart(7)}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', multiple: true },
      units: { type: 'string' },
      out: { type: 'string' },
      pattern: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'max-list': { type: 'string', default: '12' },
    },
  });
  const seeds = (values.seed ?? ['1', '2', '3']).map(Number);
  const units = values.units ? Number(values.units) : undefined;
  const maxList = values.verbose ? Infinity : Number(values['max-list']);
  const total = new Map<string, PatternScore>();
  const totalVariants = new Map<string, { hit: number; n: number }>();
  const totalFpKinds = new Map<string, number>();
  for (const seed of seeds) {
    const started = performance.now();
    const h = generateHoldout({ seed, units });
    if (values.out) writeHoldout(h, join(values.out, `seed-${seed}`));
    const loaded = await ingestHoldout(h.files);
    if (loaded.rejected) {
      console.log(`seed ${seed}: ${loaded.rejected} rows REJECTED by ingestion — the generator breaks the contract:`);
      for (const r of loaded.reports) for (const x of r.rejections.slice(0, 5)) console.log(`  ${r.file}:${x.line} ${x.column ?? ''} ${x.value ?? ''} ${x.reason_en}`);
    }
    const data = buildDistrictData(loaded.input);
    const { findings, summary } = confront(data, ALL_RULES, engineConfig({ districtCode: h.truth.district_code }));
    for (const s of summary) if (s.error) console.log(`rule ${s.rule_id} failed: ${s.error.split('\n')[0]}`);
    const eventUnit = new Map(loaded.input.register_events.map((e) => [e.event_id, e.unit_id]));
    const projectOwner = new Map(loaded.input.projects.map((p) => [p.project_id, p.owner_unit_id]));
    const s = score(findings, h.truth, eventUnit, projectOwner);
    const serious = findings.filter((f) => f.severity !== 'low').length;
    console.log(
      `\n=== seed ${seed}: ${h.truth.units} units, ${loaded.accepted} rows accepted, ${loaded.rejected} rejected; ${findings.length} findings (${serious} high/medium); ${h.truth.cases.length} cases, ${h.truth.lookalikes.length} look-alike groups; ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    printTable('', values.pattern ? s.scores.filter((p) => p.pattern === values.pattern) : s.scores);
    for (const p of s.scores) {
      const t = total.get(p.pattern) ?? { ...p, truth: 0, findings: 0, tp: 0, tolerated: 0, fp: 0, missed: 0 };
      t.truth += p.truth;
      t.findings += p.findings;
      t.tp += p.tp;
      t.tolerated += p.tolerated;
      t.fp += p.fp;
      t.missed += p.missed;
      total.set(p.pattern, t);
    }
    for (const [k, v] of s.variantRecall) {
      const t = totalVariants.get(k) ?? { hit: 0, n: 0 };
      t.hit += v.hit;
      t.n += v.n;
      totalVariants.set(k, t);
    }
    for (const [k, v] of s.fpByLookalike) totalFpKinds.set(k, (totalFpKinds.get(k) ?? 0) + v);

    const fps = values.pattern ? s.falsePositives.filter((x) => x.finding.pattern === values.pattern) : s.falsePositives;
    const perPattern = new Map<string, number>();
    console.log(`\nfalse positives (${fps.length}):`);
    for (const { finding: f, lookalikes, otherCases } of fps) {
      const n = (perPattern.get(f.pattern) ?? 0) + 1;
      perPattern.set(f.pattern, n);
      if (n > maxList) continue;
      const hit = lookalikes.length ? `look-alike: ${lookalikes.slice(0, 4).join(', ')}${lookalikes.length > 4 ? ` +${lookalikes.length - 4}` : ''}` : 'no look-alike';
      console.log(
        `  FP ${f.pattern} ${f.rule_id} ${f.subject.kind}:${f.subject.id} ${f.period ?? ''} ${f.severity} ${f.score} [${hit}${otherCases.length ? `; touches ${otherCases.slice(0, 3).join(', ')}` : ''}] — ${f.summary_en.slice(0, 160)}`,
      );
    }
    for (const [p, n] of perPattern) if (n > maxList) console.log(`  … ${n - maxList} more ${p} (use --verbose)`);
    const fns = values.pattern ? s.misses.filter((x) => x.c.pattern === values.pattern) : s.misses;
    console.log(`\nmisses (${fns.length}):`);
    for (const { c, low, otherPatterns } of fns) {
      console.log(
        `  FN ${c.pattern}/${c.variant} ${c.subject.kind}:${c.subject.id}${low.length ? ` [seen only as low: ${low.map((f) => f.rule_id).join(', ')}]` : ''}${otherPatterns.length ? ` [flagged as ${otherPatterns.join(', ')}]` : ''} — ${c.detail}`,
      );
    }
  }
  if (seeds.length > 1) {
    const rows = [...total.values()].map((p) => ({ ...p, precision: p.tp + p.fp ? p.tp / (p.tp + p.fp) : Number.NaN, recall: p.truth ? (p.truth - p.missed) / p.truth : Number.NaN }));
    printTable(`\n=== all seeds (${seeds.join(', ')})${NOISE !== 1 ? `, honest noise ×${NOISE} (HOLDOUT_NOISE)` : ''} ===`, values.pattern ? rows.filter((p) => p.pattern === values.pattern) : rows);
  }
  console.log('\nrecall by injected variant (all seeds):');
  for (const [k, v] of [...totalVariants].sort()) if (!values.pattern || k.startsWith(values.pattern)) console.log(`  ${k.padEnd(52)} ${v.hit}/${v.n}`);
  console.log('\nfalse positives by pattern ← look-alike (all seeds; a one-unit finding counts for each look-alike it touches, a many-unit finding for those covering half its units):');
  for (const [k, v] of [...totalFpKinds].sort((a, b) => b[1] - a[1])) if (!values.pattern || k.startsWith(values.pattern)) console.log(`  ${String(v).padStart(4)}  ${k}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
