import { buildDistrictData } from '../engine/district-data';
import type { FindingStore } from '../ports/finding-store';
import type { RecordStore } from '../ports/record-store';
import { loadDistrictInput } from '../use-cases/load-district';
import { registerState } from '../use-cases/register-state';
import { println, type CliIo } from './io';
import { renderTable } from './table';

/** `statsentry register`: the register's movements, its size, and the findings on it (from the last check). */
export async function runRegisterCommand(deps: { records: RecordStore; findings: FindingStore }, opts: { json?: boolean }, io: CliIo): Promise<void> {
  const data = buildDistrictData(await loadDistrictInput(deps.records));
  const state = registerState(data, await deps.findings.list());
  if (opts.json) {
    println(io.stdout, JSON.stringify(state));
    return;
  }
  println(io.stdout, `名录库在库单位 units in the register: ${state.in_register.total}`);
  println(
    io.stdout,
    renderTable(
      ['类别 category', '在库 in register'],
      Object.entries(state.in_register.by_category)
        .sort()
        .map(([c, n]) => [c, n]),
    ),
  );
  println(io.stdout);
  println(
    io.stdout,
    renderTable(
      ['期别 period', '类别 category', '入库 entries', '退库 exits'],
      state.movements.map((m) => [m.period, m.category, m.entries, m.exits]),
    ),
  );
  println(io.stdout);
  println(io.stdout, `名录线索 register findings: ${state.findings.length}（运行 statsentry check 更新 / run statsentry check to refresh）`);
  for (const f of state.findings.slice(0, 20)) println(io.stdout, `  [${f.severity}] ${f.pattern} ${f.subject.kind}:${f.subject.id} — ${f.summary_zh} / ${f.summary_en}`);
}
