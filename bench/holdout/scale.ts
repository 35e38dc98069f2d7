/**
 * The rule set's time on a realistic district (the holdout generator: seasons, quarterly tax,
 * noisy headcounts and wages, look-alikes) rather than bench:check's regular population, where
 * pair searches such as copied figures prune almost everything.
 * Usage: npx tsx bench/holdout/scale.ts [--units 42000 --seed 1 --rounds 3 --rule ID… --cache DIR]
 * With --cache the ingested district is kept in DIR (v8 serialisation) (generating and ingesting 42 000
 * units takes about two minutes; reading the cache a few seconds).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { DistrictInput } from '../../lib/engine/district-data';
import { median } from 'simple-statistics';
import { engineConfig } from '../../lib/engine/config';
import { confront } from '../../lib/engine/confront';
import { buildDistrictData } from '../../lib/engine/district-data';
import { ALL_RULES } from '../../lib/rules/registry';
import { generateHoldout } from './generate';
import { ingestHoldout } from './load';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '42000' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    rule: { type: 'string', multiple: true },
    cache: { type: 'string' },
  },
});
let t = performance.now();
const cacheFile = values.cache ? join(values.cache, `holdout-${values.units}-${values.seed}.v8`) : undefined;
let input: DistrictInput;
if (cacheFile && existsSync(cacheFile)) input = deserialize(readFileSync(cacheFile)) as DistrictInput;
else {
  input = (await ingestHoldout(generateHoldout({ seed: Number(values.seed), units: Number(values.units) }).files)).input;
  if (cacheFile) {
    mkdirSync(values.cache!, { recursive: true });
    writeFileSync(cacheFile, serialize(input));
  }
}
const data = buildDistrictData(input);
console.log(`${data.units.length} units, ${input.submissions.length} submission rows; district ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const rules = values.rule?.length ? ALL_RULES.filter((r) => values.rule!.includes(r.id)) : ALL_RULES;
const config = engineConfig();
const totals: number[] = [];
const perRule = new Map<string, number[]>();
for (let round = 0; round < Number(values.rounds); round++) {
  t = performance.now();
  const { summary } = confront(data, rules, config);
  totals.push((performance.now() - t) / 1000);
  for (const s of summary) (perRule.get(s.rule_id) ?? perRule.set(s.rule_id, []).get(s.rule_id)!).push(s.ms);
  console.log(`  round ${round + 1}: ${totals[round]!.toFixed(2)} s`);
}
console.log(`规则总耗时 rule set, median: ${median(totals).toFixed(2)} s`);
const rows = [...perRule].map(([id, ms]) => [id, median(ms)] as const).sort((a, b) => b[1] - a[1]);
for (const [id, ms] of rows.slice(0, 8)) console.log(`  ${id.padEnd(34)} ${ms.toFixed(0)} ms`);
