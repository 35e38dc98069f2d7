import { RECORD_KINDS, type RecordKind } from '../domain/kinds';
import type { RecordStore } from '../ports/record-store';
import { println, type CliIo } from './io';
import { renderTable } from './table';

export const KIND_LABELS: Record<RecordKind, string> = {
  units: '单位名录',
  submissions: '月报',
  register_events: '入退库申请',
  projects: '投资项目',
  project_progress: '项目进度',
  tax: '税务',
  electricity: '电力',
  social_insurance: '社保',
  market_status: '市场主体状态',
  accounts: '直报账号',
  offices: '机关网段',
};

export async function runStatsCommand(records: RecordStore, opts: { json?: boolean }, io: CliIo): Promise<Partial<Record<RecordKind, number>>> {
  const counts = await records.countByKind();
  const full = Object.fromEntries(RECORD_KINDS.map((k) => [k, counts[k] ?? 0])) as Record<RecordKind, number>;
  if (opts.json) println(io.stdout, JSON.stringify(full));
  else
    println(
      io.stdout,
      renderTable(
        ['类型 kind', '', '记录数 records'],
        RECORD_KINDS.map((k) => [k, KIND_LABELS[k], full[k]]),
      ),
    );
  return full;
}
