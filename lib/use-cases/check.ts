import type { Finding } from '../domain/finding';
import { paramsFor, type EngineConfig } from '../engine/config';
import { confront, type RuleSummary } from '../engine/confront';
import { buildDistrictData, type DistrictData, type DistrictInput } from '../engine/district-data';
import { rankTowns, rankUnits, type UnitRisk } from '../engine/ranking';
import type { Rule } from '../engine/rule';
import { DISTRICT_KEY, ownerKey } from '../engine/shards';
import type { OversightRule } from '../oversight/oversight-rule';
import { runOversight } from './oversight';
import type { Clock } from '../ports/clock';
import type { FindingStore } from '../ports/finding-store';
import type { RecordStore } from '../ports/record-store';
import type { TownRecordReader } from '../ports/town-record-reader';
import { loadDistrictInput } from './load-district';
import type { BlobStore } from '../ports/blob-store';
import type { CaseStore } from '../ports/case-store';
import { buildCases, type BuildCasesResult } from './build-cases';

export interface CheckDeps {
  records: RecordStore;
  findings: FindingStore;
  clock: Clock;
  /** With both, the run also groups its findings into cases and writes their files. */
  cases?: CaseStore;
  caseBlobs?: BlobStore;
  /** Needed for `towns` runs (province shards): reads those towns' records by key. */
  townReader?: TownRecordReader;
}

export interface CheckOptions {
  rules: readonly Rule[];
  config: EngineConfig;
  /** Keep findings of this period (and those tied to no period). */
  period?: string;
  /** Keep findings that concern this town. */
  town?: string;
  /** Keep findings owned by these shard keys (batch checks). */
  shard?: readonly string[];
  /**
   * Load and check only these towns (a province shard: one district's towns). Peers, towns and
   * accounts are then those of the scope, and every finding of the scope is kept.
   */
  towns?: readonly string[];
  onRule?: (rule: Rule, done: number) => void;
  /** Already-loaded district (tests, benchmarks); read from the store otherwise. */
  input?: DistrictInput;
  /** Oversight rules run after case building (default: all of lib/rules/enforce; [] for none). */
  oversightRules?: readonly OversightRule[];
}

export interface CheckResult {
  run_id: string;
  findings: Finding[];
  rules: RuleSummary[];
  created: number;
  /** Stored findings of these rules and this scope that the run no longer produced (retired). */
  retired: number;
  topUnits: UnitRisk[];
  topTowns: { town_code: string; risk: number; units: number }[];
  data: DistrictData;
  /** What case building did (absent when the deps carry no case store). */
  cases?: Omit<BuildCasesResult, 'findings'>;
}

export function concernsTown(f: Finding, town: string, data: DistrictData): boolean {
  if (f.subject.kind === 'town') return f.subject.id === town;
  return f.unit_ids.some((id) => data.units[data.unitIndex.get(id) ?? -1]?.townCode === town);
}

/** Runs the rules over what is stored, keeps the findings in scope, stores them idempotently. */
export async function runCheck(deps: CheckDeps, opts: CheckOptions): Promise<CheckResult> {
  if (opts.towns && !opts.input && !deps.townReader) throw new Error('a towns-scoped check needs a town record reader');
  const scope = opts.towns && deps.townReader ? { reader: deps.townReader, towns: opts.towns } : undefined;
  const data = buildDistrictData(opts.input ?? (await loadDistrictInput(deps.records, scope)));
  const { findings, summary } = confront(data, opts.rules, opts.config, { onRule: opts.onRule });
  const shard = opts.shard ? new Set(opts.shard) : undefined;
  const inScope = (f: Finding) => (!opts.period || f.period === null || f.period === opts.period) && (!opts.town || concernsTown(f, opts.town, data)) && (!shard || shard.has(ownerKey(f, data)));
  const kept = findings.filter(inScope);
  const runId = `run-${deps.clock.now().toISOString().replace(/[-:.]/g, '')}`;
  let stored = kept;
  let cases: CheckResult['cases'];
  if (deps.cases && deps.caseBlobs) {
    // Cases first, so that every finding is stored once, already linked to its case.
    const { findings: linked, ...built } = await buildCases({ cases: deps.cases, blobs: deps.caseBlobs, clock: deps.clock }, { findings: kept, data, runId, ruleParams: ruleParamsOf(opts, summary) });
    stored = linked;
    cases = built;
  }
  const { created } = await deps.findings.put(stored, runId);
  const topUnits = rankUnits(stored, data);
  // Oversight (ENFORCE.*) reads the cases as just built; its findings never enter buildCases
  // (lib/use-cases/oversight.ts says why) nor unit risk. District-wide, so one shard runs it.
  const oversightScope = (f: Finding) => (!opts.town || concernsTown(f, opts.town, data)) && (!opts.towns || opts.towns.some((t) => concernsTown(f, t, data)));
  const oversight =
    deps.cases && (!shard || shard.has(DISTRICT_KEY))
      ? await runOversight({ cases: deps.cases, findings: deps.findings, clock: deps.clock }, { config: opts.config, runId, rules: opts.oversightRules, keep: oversightScope })
      : undefined;
  const all = oversight ? [...stored, ...oversight.findings] : stored;
  const ran = (rules: readonly RuleSummary[] | undefined) => new Set((rules ?? []).filter((r) => !r.error).map((r) => r.rule_id));
  const detectionRan = ran(summary);
  const oversightRan = ran(oversight?.rules);
  // A province shard (`towns`) would have to list the whole province's findings to find its
  // own: it leaves vanished findings live (docs/aws.md). Every other run retires them.
  const retired = opts.towns ? 0 : await retireVanished(deps.findings, all, runId, (f) => (detectionRan.has(f.rule_id) && inScope(f)) || (oversightRan.has(f.rule_id) && oversightScope(f)));
  return {
    run_id: runId,
    findings: all,
    rules: [...summary, ...(oversight?.rules ?? [])],
    created: created + (oversight?.created ?? 0),
    retired,
    topUnits,
    topTowns: rankTowns(topUnits),
    data,
    cases,
  };
}

/**
 * Retires the stored findings this run answered for (its rules, its scope) but no longer
 * produced: the unit re-filed, the case was decided, the rule's parameters changed. Left live,
 * they would stay in the export and the inspection draw as if the data still showed them.
 */
async function retireVanished(store: FindingStore, produced: readonly Finding[], runId: string, answeredFor: (f: Finding) => boolean): Promise<number> {
  const now = new Set(produced.map((f) => f.finding_id));
  const vanished = (await store.list()).filter((f) => !now.has(f.finding_id) && answeredFor(f));
  return vanished.length
    ? store.retire(
        vanished.map((f) => f.finding_id),
        runId,
      )
    : 0;
}

/** The resolved parameters each rule ran with, for the case files' provenance. */
function ruleParamsOf(opts: CheckOptions, summary: readonly RuleSummary[]): Record<string, Record<string, unknown>> {
  const failed = new Set(summary.filter((r) => r.error).map((r) => r.rule_id));
  return Object.fromEntries(opts.rules.filter((r) => !failed.has(r.id)).map((r) => [r.id, paramsFor(r, opts.config) as Record<string, unknown>]));
}
