import { describe, expect, it } from 'vitest';
import { buildSchemas, knownColumns } from '../../lib/contract/schemas';
import { contractKey, validateRow } from '../../lib/contract/validate-row';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import { generateSample } from '../../lib/sample/generate';

const sample = generateSample();
const schemas = buildSchemas({ usccAllowList: new Set() });

describe('sample district generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateSample())).toBe(JSON.stringify(sample));
    expect(generateSample({ seed: 7 }).files.units[0]!.unit_id).not.toBe(sample.files.units[0]!.unit_id);
  });

  it('writes only rows that satisfy the contract, with unique keys', () => {
    for (const kind of RECORD_KINDS) {
      const known = new Set(knownColumns(schemas, kind));
      const keys = new Set<string>();
      for (const [i, row] of sample.files[kind].entries()) {
        const cells = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
        const result = validateRow(schemas, kind, known, { line: i + 2, cells });
        if (!result.ok) throw new Error(`${kind} row ${i}: ${JSON.stringify(result.problems)}`);
        keys.add(contractKey(kind, result.values));
      }
      expect(keys.size, kind).toBe(sample.files[kind].length);
    }
  });

  it('is a district of several hundred units over 24 months with every kind present', () => {
    expect(sample.files.units.length).toBeGreaterThan(400);
    expect(new Set(sample.files.submissions.map((r) => r.period)).size).toBe(24);
    for (const kind of RECORD_KINDS) expect(sample.files[kind].length, kind).toBeGreaterThan(0);
  });

  it('injects every data and register pattern of the contract on a few subjects', () => {
    const counts: Record<string, number> = {};
    for (const t of sample.truth.injected) counts[t.pattern] = (counts[t.pattern] ?? 0) + 1;
    const patterns = [
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
    for (const p of patterns) expect(counts[p] ?? 0, p).toBeGreaterThanOrEqual(1);
    const unitIds = new Set(sample.files.units.map((u) => u.unit_id));
    for (const t of sample.truth.injected) for (const id of t.unit_ids) expect(unitIds.has(id), `${t.pattern} ${id}`).toBe(true);
  });

  it('mixes in the legitimate look-alikes a detector must leave alone', () => {
    const kinds = new Set(sample.truth.lookalikes.map((l) => l.kind));
    for (const k of ['boom', 'decline', 'agency_filing', 'genuine_exit', 'town_shock', 'near_threshold', 'single_project_near_threshold']) expect(kinds.has(k), k).toBe(true);
  });

  it('files agency clients through an agent account, as registered in accounts', () => {
    const agents = new Set(sample.files.accounts.filter((a) => a.owner_type === 'agent').map((a) => a.account));
    const agency = sample.truth.lookalikes.find((l) => l.kind === 'agency_filing')!;
    const filers = new Set(sample.files.submissions.filter((s) => s.unit_id === agency.unit_ids[0]).map((s) => s.submitter_account));
    expect([...filers].every((f) => agents.has(String(f)))).toBe(true);
  });
});
