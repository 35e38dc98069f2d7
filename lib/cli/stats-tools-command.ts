import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { benfordTest, expectedBenfordMad, madExcess, suspectRows, topDeviations, type BenfordDigits } from '../stats/benford';
import { hbUnivOutl, HB_FLAG } from '../stats/hidiroglou-berthelot';
import type { QuantileType } from '../stats/quantile';
import { StatsentryError } from '../domain/errors';
import { println, type CliIo } from './io';
import { renderTable } from './table';

export class ToolInputError extends StatsentryError {}

/** Reads a CSV's columns as text (digits come from the decimal strings, never from floats). */
async function readColumns(file: string, columns: string[]): Promise<Record<string, string>[]> {
  const rows = parse(await readFile(file), { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const header = rows[0] ? Object.keys(rows[0]) : [];
  for (const c of columns) if (!header.includes(c)) throw new ToolInputError(`列「${c}」不存在 / column "${c}" not found in ${file} (columns: ${header.join(', ')})`);
  return rows;
}

export async function runBenfordTool(file: string, opts: { column: string; digits: BenfordDigits; json?: boolean }, io: CliIo) {
  const rows = await readColumns(file, [opts.column]);
  const values = rows.map((r) => r[opts.column] ?? '');
  const r = benfordTest(values, { digits: opts.digits });
  const expectedMad = expectedBenfordMad(r.n, opts.digits);
  const out = {
    file,
    column: opts.column,
    digits: opts.digits,
    n: r.n,
    mad: r.mad,
    mad_conformity: r.madConformity,
    expected_mad_for_n: expectedMad,
    mad_excess: madExcess(r.mad, r.n, opts.digits),
    chi_square: r.chiSquare,
    ks: r.ks,
    most_deviating: topDeviations(r, 5).map((b) => ({ digits: b.digits, observed: b.observed, expected: Math.round(b.expected * 100) / 100, absolute_diff: Math.round(b.absoluteDiff * 100) / 100 })),
    suspects: suspectRows(r).length,
  };
  if (opts.json) return println(io.stdout, JSON.stringify(out));
  println(io.stdout, `本福德检验 Benford test — ${file} [${opts.column}], ${opts.digits} 位 digit(s), N = ${r.n}`);
  println(io.stdout, `MAD ${r.mad.toFixed(6)}（${r.madConformity ?? '—'}；该样本量下的期望值 expected for N: ${expectedMad.toFixed(6)}，比值 ratio ${out.mad_excess.toFixed(2)}）`);
  println(
    io.stdout,
    `卡方 chi-square ${r.chiSquare.statistic.toFixed(3)}, df ${r.chiSquare.df}, p ${r.chiSquare.pValue.toExponential(3)}; KS D ${r.ks.d.toFixed(6)} (临界值 critical ${r.ks.criticalValue.toFixed(6)})`,
  );
  println(
    io.stdout,
    renderTable(
      ['首位数字 digits', '实际 observed', '期望 expected', '偏差 |diff|'],
      out.most_deviating.map((b) => [b.digits, b.observed, b.expected, b.absolute_diff]),
    ),
  );
  println(io.stdout, `可疑记录 suspect rows (top-2 bins): ${out.suspects}`);
}

export async function runHbTool(file: string, opts: { id: string; x1: string; x2: string; u: number; a: number; c: number; quantile: QuantileType; json?: boolean }, io: CliIo) {
  const rows = await readColumns(file, [opts.id, opts.x1, opts.x2]);
  const ids = rows.map((r) => r[opts.id]!);
  const r = hbUnivOutl(
    ids,
    rows.map((x) => Number(x[opts.x1])),
    rows.map((x) => Number(x[opts.x2])),
    { U: opts.u, A: opts.a, C: opts.c, quantileType: opts.quantile },
  );
  const outliers = Array.from(r.flaggedIndex, (i) => ({
    id: ids[i],
    x1: Number(rows[i]![opts.x1]),
    x2: Number(rows[i]![opts.x2]),
    ratio: r.ratio[i],
    effect: r.effect[i],
    tail: r.flag[i] === HB_FLAG.ODIL ? 'left' : 'right',
  }));
  const out = {
    file,
    n: r.n,
    params: { U: opts.u, A: opts.a, C: opts.c, quantile: opts.quantile },
    median_ratio: r.medianRatio,
    e_quartiles: r.quartiles,
    bounds: { low: r.bounds.imputeLow, up: r.bounds.imputeHigh },
    outliers,
    outlier_ids: outliers.map((o) => o.id),
  };
  if (opts.json) return println(io.stdout, JSON.stringify(out));
  println(io.stdout, `HB 离群值检验 Hidiroglou–Berthelot — ${file}: N = ${r.n}, 比值中位数 median ratio ${r.medianRatio.toFixed(4)}`);
  println(io.stdout, `E 界限 bounds: [${r.bounds.imputeLow.toFixed(5)}, ${r.bounds.imputeHigh.toFixed(5)}]; 离群 outliers: ${outliers.length}`);
  println(
    io.stdout,
    renderTable(
      ['编号 id', 'x1', 'x2', '比值 ratio', 'E', '尾 tail'],
      outliers.map((o) => [String(o.id), o.x1, o.x2, Number(o.ratio!.toFixed(4)), Number(o.effect!.toFixed(3)), o.tail]),
    ),
  );
}
