/**
 * Detection quality on the sample district: per pattern precision and recall of high+medium
 * findings against what the generator injected. Usage: npx tsx bench/quality.ts [--seed N] [--pattern P] [--verbose]
 */
import { parseArgs } from 'node:util';
import { engineConfig } from '../lib/engine/config';
import { confront } from '../lib/engine/confront';
import { buildDistrictData } from '../lib/engine/district-data';
import { detectionQuality } from '../lib/eval/detection-quality';
import { ALL_RULES } from '../lib/rules/registry';
import { generateSample } from '../lib/sample/generate';
import { sampleToDistrictInput } from '../lib/sample/to-district-input';

const { values } = parseArgs({ options: { seed: { type: 'string', multiple: true }, pattern: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
const seeds = (values.seed ?? ['20240101']).map(Number);
for (const seed of seeds) {
  const { files, truth } = generateSample({ seed });
  const data = buildDistrictData(sampleToDistrictInput(files));
  const { findings, summary } = confront(data, ALL_RULES, engineConfig({ districtCode: '371302' }));
  for (const s of summary) if (s.error) console.log(`rule ${s.rule_id} failed: ${s.error}`);
  const q = detectionQuality(findings, truth);
  console.log(`seed ${seed}: ${findings.length} findings (${findings.filter((f) => f.severity !== 'low').length} high/medium), macro F1 ${q.macroF1.toFixed(2)}`);
  console.log('pattern                      truth  found  TP  FP  missed  precision  recall   F1');
  for (const p of q.patterns) {
    if (values.pattern && p.pattern !== values.pattern) continue;
    console.log(
      `${p.pattern.padEnd(28)} ${String(p.truth).padStart(5)} ${String(p.findings).padStart(6)} ${String(p.truePositives).padStart(3)} ${String(p.falsePositives).padStart(3)} ${String(p.missed).padStart(7)} ${p.precision.toFixed(2).padStart(10)} ${p.recall.toFixed(2).padStart(7)} ${p.f1.toFixed(2).padStart(5)}`,
    );
  }
  if (values.verbose) {
    for (const f of q.wrong)
      if (!values.pattern || f.pattern === values.pattern) console.log(`  FP ${f.pattern} ${f.rule_id} ${f.subject.kind}:${f.subject.id} ${f.period ?? ''} ${f.severity} ${f.score} — ${f.summary_en}`);
    for (const t of q.missed) if (!values.pattern || t.pattern === values.pattern) console.log(`  FN ${t.pattern} ${t.subject.kind}:${t.subject.id} — ${t.detail}`);
  }
}
