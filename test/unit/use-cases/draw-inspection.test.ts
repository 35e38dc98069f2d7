import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryInspectionDrawStore } from '../../../lib/adapters/memory/memory-inspection-draw-store';
import { InspectionDrawError } from '../../../lib/inspection/errors';
import { drawKey, verifyDrawDocument } from '../../../lib/inspection/publication';
import { ingestFile } from '../../../lib/use-cases/ingest';
import { drawInspections, getDraw, verifyStoredDraw } from '../../../lib/use-cases/draw-inspection';
import { sampleInspectors, sampleUnits, unitFinding } from '../../helpers/draw-fixtures';
import { enc, memoryDeps } from '../../helpers/memory-deps';

async function setup() {
  const base = memoryDeps();
  const report = await ingestFile(base, { name: 'units.csv', body: enc(sampleUnits().csv) });
  expect([report.rejected, report.file_error]).toEqual([0, null]);
  const deps = { ...base, findings: new MemoryFindingStore(), draws: new MemoryInspectionDrawStore() };
  return deps;
}

const decode = (b: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(b));

describe('drawInspections (use case)', () => {
  it('draws from the register, weights by stored findings, stores the draw once and publishes a file that re-runs', async () => {
    const deps = await setup();
    const register = sampleUnits().register;
    const risky = register.slice(0, 8).map((u) => u.unit_id);
    await deps.findings.put([...risky.map((id) => unitFinding(id)), unitFinding(register[9]!.unit_id, 'ENFORCE.UNREVIEWED')]);
    const r = await drawInspections(deps, { count: 12, seed: 'seed-A', riskShare: 0.5, inspectors: sampleInspectors(), by: '张三' });
    expect(r.existing).toBe(false);
    expect(r.published_key).toBe(drawKey(r.draw.draw_id));
    expect(r.draw).toMatchObject({
      drawn_by: '张三',
      seed: 'seed-A',
      params: { count: 12, risk_share: 0.5, per_unit: 2 },
      input_counts: { units: register.length, risks: 8, inspectors: sampleInspectors().length },
    });
    // The risk part comes from the eight units with findings; ENFORCE findings do not count as risk.
    const riskPart = r.draw.result.selections.filter((s) => s.part === 'risk');
    expect(riskPart).toHaveLength(6);
    expect(riskPart.every((s) => risky.includes(s.unit_id))).toBe(true);
    const doc = decode(deps.blobs.objects.get(r.published_key)!.body);
    expect(doc.inputs.units).toHaveLength(register.length);
    expect(verifyDrawDocument(doc).ok).toBe(true);
    expect(await verifyStoredDraw(deps, r.draw.draw_id)).toEqual({ ok: true, draw_id: r.draw.draw_id, problems: [] });
    expect(await getDraw(deps, r.draw.draw_id)).toEqual(r.draw);
  });

  it('returns the stored draw for the same request again (a retry), republishing a lost file', async () => {
    const deps = await setup();
    const input = { count: 5, seed: 'retry', inspectors: sampleInspectors() };
    const first = await drawInspections(deps, input);
    deps.blobs.objects.delete(first.published_key);
    const again = await drawInspections(deps, input);
    expect(again.existing).toBe(true);
    expect(again.draw).toEqual(first.draw);
    expect(deps.draws.items.size).toBe(1);
    expect((await verifyStoredDraw(deps, first.draw.draw_id)).ok).toBe(true);
    const other = await drawInspections(deps, { ...input, seed: 'another' });
    expect(other.draw.draw_id).not.toBe(first.draw.draw_id);
    expect(deps.draws.items.size).toBe(2);
  });

  it('reports a published file changed after the fact', async () => {
    const deps = await setup();
    const r = await drawInspections(deps, { count: 3, seed: 's', inspectors: sampleInspectors() });
    const doc = decode(deps.blobs.objects.get(r.published_key)!.body);
    doc.result.selections[0].inspectors = ['SOMEONE', 'ELSE'];
    await deps.blobs.put(r.published_key, JSON.stringify(doc, null, 2), 'application/json');
    const v = await verifyStoredDraw(deps, r.draw.draw_id);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.en)).toEqual(["the published file's SHA-256 differs from the stored one", 'the re-run draw differs from the published result']);
    await expect(drawInspections(deps, { count: 3, seed: 's', inspectors: sampleInspectors() })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses bad parameters and inspectors with bilingual reasons, and an unknown draw', async () => {
    const deps = await setup();
    const err = (await drawInspections(deps, { count: 0, seed: ' ', riskShare: 2, inspectors: sampleInspectors() }).catch((e: unknown) => e)) as InspectionDrawError;
    expect(err).toBeInstanceOf(InspectionDrawError);
    expect(err.code).toBe('invalid_input');
    expect(err.issues.map((i) => i.column).sort()).toEqual(['count', 'risk_share', 'seed']);
    await expect(drawInspections(deps, { count: 3, seed: 's', inspectors: [{ inspector_id: 'A', name: '甲', town_code: 'x' }] })).rejects.toThrow(/item 1, column town_code/);
    await expect(drawInspections(deps, { count: 3, seed: 's', inspectors: sampleInspectors().slice(0, 1) })).rejects.toMatchObject({ code: 'insufficient_inspectors' });
    expect(deps.draws.items.size).toBe(0);
    await expect(getDraw(deps, 'D-NOPE')).rejects.toMatchObject({ code: 'not_found' });
  });
});
