import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LedgerError, LEDGER_STATUS_LABEL, RESOLUTION_LABEL, type LedgerItem } from '../self-inspection/ledger';
import type { Problem } from '../self-inspection/problem';
import type { RejectedRow } from '../self-inspection/read-upload';
import type { SelfInspectionReport } from '../self-inspection/report';
import { reportHtml, SEVERITY_LABEL } from '../self-inspection/report-html';
import { townSummaryCsv, townSummaryHtml } from '../self-inspection/town-summary';
import { isUnitIdSegment, MAX_UPLOAD_BYTES, reportName, tooLarge, unsafeFileName, uploadKey } from '../self-inspection/upload-key';
import type { BlobStore } from '../ports/blob-store';
import { selfInspectFile, type SelfInspectDeps } from '../use-cases/self-inspect';
import { fixLedgerItem } from '../use-cases/self-inspect-ledger';
import { selfInspectTown } from '../use-cases/self-inspect-town';
import { type CliIo, commandFailure, println } from './io';
import { renderTable } from './table';

export interface SelfInspectCliDeps extends SelfInspectDeps {
  /** Where a local run keeps a copy of the file, at the same key an upload would have (`self-inspection/<unit>/<file>`). */
  uploads?: BlobStore;
}

export interface SelfInspectCliOptions {
  /** Command shown in the report's "how to mark fixed" line. */
  fixCommand?: string;
}

export const SELF_INSPECT_USAGE = `statsentry self-inspect — 自查自纠 / self-inspection for reporting units
  statsentry self-inspect FILE --unit ID [--json] [--out DIR]      单位自查一个文件，列出问题清单 / one unit's file: the problem list
  statsentry self-inspect [FILE] --town CODE [--json] [--out DIR]  镇街为所辖单位自查，汇总台账 / a town for all its units: the summary ledger
                                                                   （无 FILE 时检查各单位已报送的数据 / without FILE: what each unit filed）
  statsentry self-inspect ledger (--unit ID | --town CODE) [--json] 整改台账 / the rectification ledger
  statsentry self-inspect fix UNIT ITEM --note TEXT [--resolution corrected|evidence|explained] [--by WHO] [--json]
                                                                   整改销号 / mark a ledger item fixed
文件为 CSV、XLSX 或 JSON Lines，可同时含月报（submissions）和入库/退库申请（register_events）；不超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB。
Files are CSV, XLSX or JSON Lines holding monthly reports and/or register applications; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.
自查数据不进入正式统计数据库，不产生线索或案件。 Nothing of a self-inspection enters the official store or opens a case.`;

class SelfInspectUsageError extends Error {}

/** Terminal-safe text: control characters from a file never reach the terminal. */
// eslint-disable-next-line no-control-regex
const clean = (v: unknown) => String(v ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');

/** `statsentry self-inspect …`; returns the exit code (0 ok, 1 refused, 2 usage). */
export async function runSelfInspectCli(deps: SelfInspectCliDeps, argv: string[], io: CliIo, opts: SelfInspectCliOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        unit: { type: 'string' },
        town: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        note: { type: 'string' },
        resolution: { type: 'string' },
        by: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    println(io.stderr, `参数错误 bad arguments: ${(err as Error).message}\n\n${SELF_INSPECT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    println(io.stdout, SELF_INSPECT_USAGE);
    return 0;
  }
  try {
    const unit = values.unit === undefined ? undefined : checkUnit(values.unit, deps.usccAllowList);
    const town = values.town === undefined ? undefined : checkTown(values.town);
    const [first, ...rest] = positionals;
    if (first === 'fix') {
      const [unitArg, item] = rest;
      if (!unitArg || !item) throw new SelfInspectUsageError('fix 需要单位代码和整改项编号 / fix needs UNIT and ITEM');
      if (!values.note) throw new SelfInspectUsageError('fix 需要 --note 整改说明 / fix needs --note TEXT');
      const fixed = await fixLedgerItem(deps, { unitId: checkUnit(unitArg, deps.usccAllowList), itemId: item, note: values.note, resolution: values.resolution, by: values.by });
      if (values.json) println(io.stdout, JSON.stringify(fixed));
      else
        println(
          io.stdout,
          `整改项 ${fixed.item_id} 已标记为已整改（${RESOLUTION_LABEL[fixed.fix!.resolution].zh}）/ item ${fixed.item_id} marked fixed (${RESOLUTION_LABEL[fixed.fix!.resolution].en})`,
        );
      return 0;
    }
    if (first === 'ledger') {
      if (rest.length || (!unit && !town) || (unit && town)) throw new SelfInspectUsageError('ledger 需要 --unit 或 --town 之一 / ledger needs one of --unit or --town');
      const items = unit ? await deps.ledger.list(unit) : await deps.ledger.listTown(town!);
      if (values.json) println(io.stdout, JSON.stringify(items));
      else printLedger(items, io);
      return 0;
    }
    if (rest.length) throw new SelfInspectUsageError(`多余的参数 unexpected arguments: ${rest.join(' ')}`);
    if (town) {
      if (unit) throw new SelfInspectUsageError('--unit 与 --town 不能同时使用 / use --unit or --town, not both');
      const file = first === undefined ? undefined : await readLocal(first, io);
      if (file === null) return 1;
      const run = await selfInspectTown(deps, { townCode: town, file });
      if (values.out) {
        await mkdir(values.out, { recursive: true });
        await writeFile(join(values.out, `${run.summary.run_id}.json`), JSON.stringify(run.summary, null, 2));
        await writeFile(join(values.out, `${run.summary.run_id}.html`), townSummaryHtml(run.summary));
        await writeFile(join(values.out, `${run.summary.run_id}.csv`), townSummaryCsv(run.summary));
      }
      if (values.json) println(io.stdout, JSON.stringify(run.summary));
      else printTown(run.summary, run.keys, io);
      return run.summary.file_error ? 1 : 0;
    }
    if (!unit) throw new SelfInspectUsageError('需要 --unit 单位代码或 --town 镇街代码 / --unit ID or --town CODE is required');
    if (first === undefined) throw new SelfInspectUsageError('需要自查文件 / a FILE is required');
    const file = await readLocal(first, io);
    if (file === null) return 1;
    // Kept where an upload would be, so that the local store looks as it would on AWS.
    if (deps.uploads && !unsafeFileName(file.name)) await deps.uploads.put(uploadKey(unit, file.name), file.body, 'application/octet-stream');
    const { report, keys } = await selfInspectFile(deps, { unitId: unit, fileName: file.name, body: file.body, key: deps.uploads ? uploadKey(unit, file.name) : undefined });
    if (values.out) {
      await mkdir(values.out, { recursive: true });
      await writeFile(join(values.out, `${reportName(file.name)}.json`), JSON.stringify(report, null, 2));
      await writeFile(join(values.out, `${reportName(file.name)}.html`), reportHtml(report, opts.fixCommand));
    }
    if (values.json) println(io.stdout, JSON.stringify(report));
    else printReport(report, keys, io);
    return report.file_error ? 1 : 0;
  } catch (err) {
    return commandFailure(err, io, { error: SelfInspectUsageError, text: SELF_INSPECT_USAGE }, [LedgerError]);
  }
}

function checkUnit(raw: string, allowList: ReadonlySet<string>): string {
  if (!isUnitIdSegment(raw, allowList)) throw new SelfInspectUsageError(`单位代码「${clean(raw).slice(0, 40)}」不是有效的统一社会信用代码 / "${clean(raw).slice(0, 40)}" is not a valid credit code`);
  return raw;
}

function checkTown(raw: string): string {
  if (!/^\d{12}$/.test(raw)) throw new SelfInspectUsageError(`镇街代码须为12位数字 / the town code must be 12 digits: "${clean(raw).slice(0, 40)}"`);
  return raw;
}

/** The file's bytes and its base name; null (after saying why) when it is over the size limit. */
async function readLocal(path: string, io: CliIo): Promise<{ name: string; body: Uint8Array } | null> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new SelfInspectUsageError(`无法读取文件 cannot read ${clean(path)}: ${(err as Error).message}`);
  }
  if (size > MAX_UPLOAD_BYTES) {
    const r = tooLarge(size);
    println(io.stderr, `文件被拒收 file refused: ${r.zh} / ${r.en}`);
    return null;
  }
  return { name: basename(path), body: await readFile(path) };
}

function printProblems(problems: readonly Problem[], io: CliIo): void {
  for (const p of problems) {
    println(io.stdout, `  [${SEVERITY_LABEL[p.severity]}] ${p.item_id}  ${p.period ?? '—'}  ${p.pattern_zh} ${p.pattern}  ${p.rule_id}`);
    println(io.stdout, `      ${clean(p.summary_zh)}`);
    println(io.stdout, `      ${clean(p.summary_en)}`);
    println(io.stdout, `      怎么办 what to do: ${p.actions.map((a) => a.code).join(' / ')}`);
  }
}

function printRejected(rows: readonly RejectedRow[], io: CliIo): void {
  if (!rows.length) return;
  println(io.stdout, `拒收的行 rejected rows (${rows.length}):`);
  println(
    io.stdout,
    renderTable(
      ['行 line', '列 column', '值 value', '原因 reason'],
      rows.slice(0, 50).map((r) => [r.line, clean(r.column ?? ''), clean(r.value ?? '').slice(0, 40), `${clean(r.reason_zh)} / ${clean(r.reason_en)}`]),
    ),
  );
  if (rows.length > 50) println(io.stdout, `  … 另有 ${rows.length - 50} 条见报告 / ${rows.length - 50} more in the report`);
}

function printReport(r: SelfInspectionReport, keys: { json: string; html: string }, io: CliIo): void {
  println(io.stdout, `自查 self-inspection: 单位 unit ${r.unit_id} ${clean(r.unit.name ?? '')}  文件 file ${clean(r.upload?.file ?? '—')}`);
  if (r.file_error) println(io.stdout, `文件被拒收 file refused: ${clean(r.file_error.reason_zh)} / ${clean(r.file_error.reason_en)}`);
  println(io.stdout, `读取 read ${r.rows.read} 行 rows：月报 reports ${r.rows.submissions}，入库/退库申请 applications ${r.rows.register_events}，拒收 rejected ${r.rows.rejected}`);
  println(io.stdout, `问题清单 problems: 高 high ${r.counts.high} · 中 medium ${r.counts.medium} · 低 low ${r.counts.low}${r.problems.length ? '' : ' — 未发现问题 none found'}`);
  printProblems(r.problems, io);
  printRejected(r.rejected_rows, io);
  for (const w of r.warnings) println(io.stdout, `提示 warning: ${clean(w.reason_zh)} / ${clean(w.reason_en)}`);
  println(io.stdout, `整改台账 ledger: 待整改 open ${r.ledger.open} · 已整改 fixed ${r.ledger.fixed}  （销号 mark fixed: statsentry self-inspect fix ${r.unit_id} ITEM --note TEXT）`);
  println(io.stdout, `报告 report: ${keys.json}  ${keys.html}`);
  println(io.stdout, r.notice_zh);
}

function printTown(s: Parameters<typeof townSummaryCsv>[0], keys: { json: string; html: string; csv: string }, io: CliIo): void {
  println(io.stdout, `镇街自查 town self-inspection ${s.town_code}  ${s.run_id}  ${s.file ? `文件 file ${clean(s.file.name)}` : '已报送数据 filed data'}`);
  if (s.file_error) println(io.stdout, `文件被拒收 file refused: ${clean(s.file_error.reason_zh)} / ${clean(s.file_error.reason_en)}`);
  if (s.units.length) {
    println(
      io.stdout,
      renderTable(
        ['单位 unit', '名称 name', '高 high', '中 medium', '低 low', '拒收 rejected', '待整改 open', '已整改 fixed'],
        s.units.map((u) => [u.unit_id, clean(u.name).slice(0, 24), u.problems.high, u.problems.medium, u.problems.low, u.rejected_rows, u.ledger.open, u.ledger.fixed]),
      ),
    );
  }
  const t = s.totals;
  println(
    io.stdout,
    `合计 totals: 单位 units ${t.units}（有高/中问题 with high or medium: ${t.units_with_high_or_medium}）· 高 high ${t.high} · 中 medium ${t.medium} · 低 low ${t.low} · 拒收 rejected ${t.rejected_rows} · 待整改 open ${t.ledger_open} · 已整改 fixed ${t.ledger_fixed}`,
  );
  printRejected(s.rejected_rows, io);
  println(io.stdout, `汇总台账 summary ledger: ${keys.json}  ${keys.html}  ${keys.csv}`);
}

function printLedger(items: readonly LedgerItem[], io: CliIo): void {
  println(io.stdout, `整改台账 ledger: ${items.length} 项 items，待整改 open ${items.filter((i) => i.status === 'open').length}`);
  if (!items.length) return;
  println(
    io.stdout,
    renderTable(
      ['单位 unit', '整改项 item', '状态 status', '程度 severity', '期别 period', '规则 rule', '摘要 summary', '整改 fix'],
      items.map((i) => [
        i.unit_id,
        i.item_id,
        `${LEDGER_STATUS_LABEL[i.status].zh} ${i.status}`,
        SEVERITY_LABEL[i.severity],
        i.period ?? '—',
        i.rule_id,
        clean(i.summary_zh).slice(0, 40),
        i.fix ? `${i.fix.at} ${RESOLUTION_LABEL[i.fix.resolution].zh}: ${clean(i.fix.note).slice(0, 30)}` : '',
      ]),
    ),
  );
}
