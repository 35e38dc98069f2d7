import { describe, expect, it } from 'vitest';
import type { Row } from '../../../lib/sample/emit';
import { selfInspectTown } from '../../../lib/use-cases/self-inspect-town';
import { cleanUnits, csv, LAST_YEAR, memorySelfInspectDeps, ownRows, SAMPLE, sampleStore, unitOf } from '../../helpers/self-inspection-fixtures';

const HOSTILE_NAME = '=HYPERLINK("http://evil.example","点我")<img src=x onerror=alert(1)>有限公司';

/** Two clean units of one town (the second renamed with markup and a formula), and a clean unit of another town. */
function townSetup() {
  const clean = cleanUnits();
  const town = String(unitOf(clean[0]!).town_code);
  const [a, b] = clean.filter((id) => unitOf(id).town_code === town);
  const outsider = clean.find((id) => unitOf(id).town_code !== town)!;
  const files = { ...SAMPLE.files, units: SAMPLE.files.units.map((u) => (u.unit_id === b ? { ...u, name: HOSTILE_NAME } : u)) };
  return { town, a: a!, b: b!, outsider, files };
}

describe('town-wide self-inspection (summary ledger)', () => {
  it("GIVEN a town file with two of its units and a unit of another town THEN each town unit gets its report, the outsider's rows are rejected and named, and the totals add up", async () => {
    const { town, a, b, outsider, files } = townSetup();
    const deps = memorySelfInspectDeps(await sampleStore(files));
    const broken: Row[] = ownRows(b, LAST_YEAR).map((r) => (r.period === '2024-06' ? { ...r, profit: Number(r.revenue) * 2 } : r));
    const rows = [...ownRows(a, LAST_YEAR), ...broken, ...ownRows(outsider, ['2024-01', '2024-02'])];
    const run = await selfInspectTown(deps, { townCode: town, file: { name: 'town.csv', body: csv(rows) } });
    const s = run.summary;
    expect(s.units.map((u) => u.unit_id)).toEqual([a, b].sort());
    const lineB = s.units.find((u) => u.unit_id === b)!;
    const lineA = s.units.find((u) => u.unit_id === a)!;
    expect(lineB.problems.high).toBeGreaterThanOrEqual(1);
    expect(lineA.problems.high + lineA.problems.medium).toBe(0);
    expect(s.rejected_rows.map((r) => [r.column, r.value])).toEqual([
      ['unit_id', outsider],
      ['unit_id', outsider],
    ]);
    expect(s.rejected_rows[0]!.reason_en).toContain(`is not a unit of town ${town}`);
    expect(s.totals).toMatchObject({
      units: 2,
      units_with_high_or_medium: 1,
      high: lineA.problems.high + lineB.problems.high,
      medium: lineA.problems.medium + lineB.problems.medium,
      low: lineA.problems.low + lineB.problems.low,
      rejected_rows: 2,
      ledger_open: lineA.ledger.open + lineB.ledger.open,
    });
    // Each unit's own report and ledger, as if it had run the self-inspection itself.
    for (const r of run.reports) expect(r.keys.json.startsWith(`self-inspection-reports/${r.report.unit_id}/${s.run_id}-`)).toBe(true);
    expect((await deps.ledger.listTown(town)).map((i) => i.unit_id)).toEqual(expect.arrayContaining([b]));
    expect(run.keys.json).toBe(`self-inspection-towns/${town}/${s.run_id}.json`);

    const csvText = new TextDecoder().decode(deps.reports.objects.get(run.keys.csv)!.body);
    const cells = csvText
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean)
      .flatMap((line) => line.split(','));
    expect(cells.some((c) => /^"?[=+@]/.test(c))).toBe(false);
    expect(csvText).toContain(`"'=HYPERLINK(`);
    const html = new TextDecoder().decode(deps.reports.objects.get(run.keys.html)!.body);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.indexOf('镇街自查汇总台账')).toBeLessThan(html.indexOf('Town self-inspection summary ledger'));
  });

  it('GIVEN no file THEN every unit of the town is inspected on what it filed', async () => {
    const { town, files } = townSetup();
    const deps = memorySelfInspectDeps(await sampleStore(files));
    const run = await selfInspectTown(deps, { townCode: town });
    const units = SAMPLE.files.units
      .filter((u) => u.town_code === town)
      .map((u) => String(u.unit_id))
      .sort();
    expect(run.summary.units.map((u) => u.unit_id)).toEqual(units);
    expect(run.summary.file).toBeNull();
    expect(run.summary.totals.units).toBe(units.length);
    expect(run.summary.totals.high + run.summary.totals.medium + run.summary.totals.low).toBe(run.reports.reduce((n, r) => n + r.report.problems.length, 0));
    expect(await deps.records.countByKind()).toEqual(await (await sampleStore(files)).countByKind());
  });

  it('GIVEN a malformed town code THEN it is refused before anything is read', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    await expect(selfInspectTown(deps, { townCode: '../371302' })).rejects.toThrow(/12 digits/);
  });
});
