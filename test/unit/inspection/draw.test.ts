import { describe, expect, it } from 'vitest';
import { canonicalInputs, runDraw, type DrawInputs } from '../../../lib/inspection/draw';
import { InspectionDrawError } from '../../../lib/inspection/errors';
import type { DrawParams, Inspector } from '../../../lib/inspection/model';
import { uniform } from '../../../lib/inspection/prng';
import { makeDraw, serialiseDocument, verifyDrawDocument } from '../../../lib/inspection/publication';
import { weightedSample } from '../../../lib/inspection/weighted-sample';

const TOWNS = ['371302001000', '371302002000', '371302003000', '371302004000'];
const id = (i: number) => `U${String(i).padStart(3, '0')}`;

/** 60 units over four towns; U000–U005 risky (0.9), every fifth of the others slightly (0.05). */
function inputs(inspectorsPerTown = 2): DrawInputs {
  const units = Array.from({ length: 60 }, (_, i) => ({ unit_id: id(i), town_code: TOWNS[i % 4]! }));
  const risks = units.flatMap((u, i) => (i < 6 ? [{ unit_id: u.unit_id, risk: 0.9 }] : i % 5 === 0 ? [{ unit_id: u.unit_id, risk: 0.05 }] : []));
  const inspectors: Inspector[] = TOWNS.flatMap((town, t) => Array.from({ length: inspectorsPerTown }, (_, k) => ({ inspector_id: `I${t}${k}`, name: `检查员${t}${k}`, town_code: town })));
  return { units, risks, inspectors };
}

const params = (p: Partial<DrawParams> = {}): DrawParams => ({ count: 10, risk_share: 0.5, per_unit: 2, ...p });
const draw = (seed: string, i = inputs(), p = params()) => runDraw(seed, canonicalInputs(i), p);

describe('the draw’s random numbers', () => {
  it('are SHA-256 counters anyone can recompute (values from Python hashlib)', () => {
    expect(uniform('2025-07-01 双色球 03 07 12', 'risk', '91371302MA3C1234X5')).toBe(0.6197795481085827);
    expect(uniform('s', 'inspector', 'U001', '1')).toBe(0.35605283447333413);
  });

  it('Efraimidis–Spirakis draws the first item with probability weight / total', () => {
    let first = 0;
    for (let s = 0; s < 4000; s++)
      if (
        weightedSample(
          [
            { id: 'a', weight: 3 },
            { id: 'b', weight: 1 },
            { id: 'z', weight: 0 },
          ],
          1,
          `seed-${s}`,
          'x',
        )[0]!.id === 'a'
      )
        first++;
    expect(first / 4000).toBeGreaterThan(0.72);
    expect(first / 4000).toBeLessThan(0.78);
    expect(weightedSample([{ id: 'z', weight: 0 }], 1, 's', 'x')).toEqual([]);
  });
});

describe('double-random draw (双随机)', () => {
  it('is reproducible: the same seed and inputs give the same draw, whatever the input order', () => {
    const a = draw('seed-1');
    const shuffled = inputs();
    shuffled.units.reverse();
    shuffled.inspectors.reverse();
    expect(draw('seed-1', shuffled)).toEqual(a);
    expect(a.drawn).toBe(10);
    expect([a.risk_part, a.random_part]).toEqual([5, 5]);
  });

  it('differs with another seed', () => {
    const ids = (s: string) => draw(s).selections.map((x) => `${x.unit_id}:${x.inspectors.join('+')}`);
    expect(ids('seed-2')).not.toEqual(ids('seed-1'));
  });

  it('never sends an inspector to a unit of their own town, nor the same inspector twice to one unit; spreads the load', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const r = draw(seed, inputs(), params({ count: 40, per_unit: 3 }));
      const town = new Map(inputs().inspectors.map((i) => [i.inspector_id, i.town_code]));
      const load = new Map<string, number>();
      for (const s of r.selections) {
        expect(s.inspectors).toHaveLength(3);
        expect(new Set(s.inspectors).size).toBe(3);
        for (const i of s.inspectors) {
          expect(town.get(i)).not.toBe(s.town_code);
          load.set(i, (load.get(i) ?? 0) + 1);
        }
      }
      expect(Math.max(...load.values()) - Math.min(...load.values())).toBeLessThanOrEqual(2);
    }
  });

  it('the risk-weighted part prefers risky units; the purely random part does not', () => {
    // How often the 6 risky units (of 60) are among 12 drawn: 12/60 = 20% if drawn uniformly.
    const inclusion = (riskShare: number) => {
      let hits = 0;
      for (let s = 0; s < 200; s++) for (const x of draw(`s${s}`, inputs(), params({ count: 12, risk_share: riskShare })).selections) if (Number(x.unit_id.slice(1)) < 6) hits++;
      return hits / (6 * 200);
    };
    expect(inclusion(1)).toBeGreaterThan(0.85);
    const uniform = inclusion(0);
    expect(uniform).toBeGreaterThan(0.15);
    expect(uniform).toBeLessThan(0.25);
  });

  it("moves the risk part's shortfall to the random part when few units carry risk", () => {
    const i = inputs();
    i.risks = i.risks.slice(0, 2);
    const r = draw('x', i, params({ count: 10, risk_share: 0.5 }));
    expect([r.risk_part, r.random_part, r.drawn]).toEqual([2, 8, 10]);
    expect(draw('x', i, params({ risk_share: 0 })).risk_part).toBe(0);
  });

  it('draws the whole population when N exceeds it, each unit once', () => {
    const r = draw('big', inputs(), params({ count: 100 }));
    expect([r.requested, r.population, r.drawn]).toEqual([100, 60, 60]);
    expect(new Set(r.selections.map((s) => s.unit_id)).size).toBe(60);
    expect(r.selections.map((s) => s.order)).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
  });

  it('refuses a draw when a unit cannot get enough inspectors from other towns, naming the towns', () => {
    const i = inputs();
    i.inspectors = [
      { inspector_id: 'A', name: '甲', town_code: TOWNS[0]! },
      { inspector_id: 'B', name: '乙', town_code: TOWNS[0]! },
    ];
    try {
      draw('x', i, params({ count: 60 }));
      expect.unreachable();
    } catch (err) {
      const e = err as InspectionDrawError;
      expect(e.code).toBe('insufficient_inspectors');
      expect(e.message).toContain('检查人员不足');
      expect(e.message).toContain('not enough inspectors');
      expect(e.issues.map((x) => x.en)).toEqual([`units of town ${TOWNS[0]} have only 0 eligible inspector(s)`]);
    }
    expect(() => draw('x', inputs(1), params({ count: 60, per_unit: 4 }))).toThrow(/only 3 eligible/);
    expect(() => runDraw('x', { units: [], risks: [], inspectors: inputs().inspectors }, params())).toThrow(/no units/);
    const dup = inputs();
    dup.inspectors.push({ ...dup.inspectors[0]! });
    expect(() => canonicalInputs(dup)).toThrow(/duplicate inspector I00/);
  });
});

describe('the published draw (一公开)', () => {
  const doc = () => makeDraw({ seed: '2025-07-01 双色球 03 07 12', params: params(), inputs: inputs(), drawnAt: '2025-07-01T02:00:00.000Z', drawnBy: '张三' });

  it('re-runs from the file alone and matches', () => {
    const d = doc();
    expect(d.draw_id).toMatch(/^D-20250701-[0-9a-f]{12}$/);
    const v = verifyDrawDocument(JSON.parse(serialiseDocument(d)));
    expect(v).toEqual({ ok: true, draw_id: d.draw_id, problems: [] });
    expect(serialiseDocument(doc())).toBe(serialiseDocument(d));
  });

  it('detects a changed assignment, a changed input and a changed seed', () => {
    const swapped = JSON.parse(serialiseDocument(doc()));
    swapped.result.selections[0].inspectors.reverse();
    expect(verifyDrawDocument(swapped).problems.map((p) => p.en)).toEqual(['the re-run draw differs from the published result']);
    const riskier = JSON.parse(serialiseDocument(doc()));
    riskier.inputs.risks[0].risk = 0.1;
    expect(verifyDrawDocument(riskier).problems.map((p) => p.en)).toContain('SHA-256 of input risks does not match');
    const reseeded = JSON.parse(serialiseDocument(doc()));
    reseeded.seed = 'another';
    expect(verifyDrawDocument(reseeded).ok).toBe(false);
    expect(verifyDrawDocument({ hello: 'world' }).ok).toBe(false);
  });
});
