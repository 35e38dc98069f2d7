import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PATTERN_LABEL } from '../domain/finding';
import { ACTION_LABEL, byReviewPriority, CaseError, STATUS_LABEL, type AuditEntry, type CaseRecord } from '../cases/model';
import type { BlobStore } from '../ports/blob-store';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import { closeItem, decide } from '../use-cases/decide-case';
import { readLatestCaseFiles } from '../use-cases/read-case-files';
import { type CliIo, commandFailure, println } from './io';
import { renderTable } from './table';

export interface CasesCliDeps {
  cases: CaseStore;
  blobs: BlobStore;
  clock: Clock;
}

export interface CasesCliOptions {
  /** s3rver's bucket directory (`$STATSENTRY_DATA_DIR/s3/<bucket>`) when the local stack runs in this process. */
  localBucketDir?: string;
}

export const CASES_USAGE = `statsentry cases — 案件 / case files
  statsentry cases list [--json]                                   案件列表 / list cases
  statsentry cases show ID [--json]                                案件详情与审计记录 / a case with its audit trail
  statsentry cases export ID --out DIR                             导出最新版案卷 / write the latest version's files
  statsentry cases decide ID --status S --by WHO [--reason TEXT] [--evidence ITEM]…
                                                                   处理决定 / decide (reviewing, dismissed, filed, rectifying, closed)
  statsentry cases close-item ID ITEM --by WHO --note TEXT         整改逐项销号 / close a rectification item
  statsentry cases open ID                                         案卷页面路径 / path of the case page`;

const SEV = { high: '高 high', medium: '中 medium', low: '低 low' } as const;
const status = (c: CaseRecord) => `${STATUS_LABEL[c.status].zh} ${c.status}`;

class CasesUsageError extends Error {}

/** `statsentry cases …` with its own argument parsing; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runCasesCli(deps: CasesCliDeps, argv: string[], io: CliIo, opts: CasesCliOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        status: { type: 'string' },
        by: { type: 'string' },
        reason: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        note: { type: 'string' },
      },
    });
  } catch (err) {
    println(io.stderr, `参数错误 bad arguments: ${(err as Error).message}\n\n${CASES_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, id, item] = positionals;
  try {
    const need = <T>(v: T | undefined, zh: string, en: string): T => {
      if (v === undefined || v === '') throw new CasesUsageError(`${zh} / ${en}`);
      return v;
    };
    switch (sub) {
      case 'list':
        return await casesList(deps, { json: values.json }, io);
      case 'show':
        return await casesShow(deps, need(id, '需要案件编号', 'a case id is required'), { json: values.json }, io);
      case 'export':
        return await casesExport(deps, need(id, '需要案件编号', 'a case id is required'), need(values.out, '需要 --out 目录', '--out DIR is required'), io);
      case 'decide':
        return await casesDecide(
          deps,
          {
            caseId: need(id, '需要案件编号', 'a case id is required'),
            status: need(values.status, '需要 --status', '--status is required'),
            by: need(values.by, '需要 --by 操作人', '--by WHO is required'),
            reason: values.reason,
            evidenceChecked: values.evidence,
          },
          { json: values.json },
          io,
        );
      case 'close-item':
        return await casesCloseItem(
          deps,
          {
            caseId: need(id, '需要案件编号', 'a case id is required'),
            itemId: need(item, '需要整改项编号', 'an item id is required'),
            by: need(values.by, '需要 --by 操作人', '--by WHO is required'),
            note: need(values.note, '需要 --note 销号说明', '--note TEXT is required'),
          },
          { json: values.json },
          io,
        );
      case 'open':
        return await casesOpen(deps, need(id, '需要案件编号', 'a case id is required'), { json: values.json }, io, opts);
      default:
        println(io.stderr, `${sub ? `未知子命令 unknown subcommand: ${sub}\n\n` : ''}${CASES_USAGE}`);
        return 2;
    }
  } catch (err) {
    return commandFailure(err, io, { error: CasesUsageError, text: CASES_USAGE }, [CaseError]);
  }
}

/** The JSON shape of `cases list --json`: one object per case. */
export function caseListEntry(c: CaseRecord) {
  return {
    case_id: c.case_id,
    subject: c.subject,
    unit_ids: c.unit_ids,
    town_code: c.town_code,
    severity: c.severity,
    status: c.status,
    risk: c.risk,
    patterns: c.patterns,
    recommended_action: c.recommended_action.code,
    version: c.version,
    findings: c.finding_ids.length,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

export async function casesList(deps: Pick<CasesCliDeps, 'cases'>, opts: { json?: boolean }, io: CliIo): Promise<number> {
  const cases = await deps.cases.list();
  if (opts.json) {
    println(io.stdout, JSON.stringify(cases.map(caseListEntry)));
    return 0;
  }
  println(io.stdout, `案件 cases: ${cases.length}`);
  if (!cases.length) return 0;
  const sorted = [...cases].sort(byReviewPriority);
  println(
    io.stdout,
    renderTable(
      ['案件 case', '对象 subject', '状态 status', '程度 severity', '风险 risk', '建议 action', '单位 units', '模式 patterns'],
      sorted.map((c) => [
        c.case_id,
        `${c.subject.kind}:${c.subject.id}`,
        status(c),
        SEV[c.severity],
        c.risk,
        `${ACTION_LABEL[c.recommended_action.code].zh} ${c.recommended_action.code}`,
        c.unit_ids.length,
        c.patterns.join(' '),
      ]),
    ),
  );
  return 0;
}

async function mustGet(cases: CaseStore, id: string): Promise<CaseRecord> {
  const c = await cases.get(id);
  if (!c) throw new CaseError('not_found', `没有案件 ${id}`, `no case ${id}`);
  return c;
}

export async function casesShow(deps: Pick<CasesCliDeps, 'cases'>, id: string, opts: { json?: boolean }, io: CliIo): Promise<number> {
  const c = await mustGet(deps.cases, id);
  const audit = await deps.cases.audit(id);
  if (opts.json) {
    println(io.stdout, JSON.stringify({ ...c, audit }));
    return 0;
  }
  const out = (s = '') => println(io.stdout, s);
  out(`案件 case ${c.case_id}  第 ${c.version} 版 version ${c.version}  ${status(c)}`);
  out(`对象 subject: ${c.subject.kind} ${c.subject.id}   镇街 town: ${c.town_code || '—'}`);
  out(`程度 severity: ${SEV[c.severity]}   风险 risk: ${c.risk}`);
  out(`建议 action: ${c.recommended_action.zh} ${c.recommended_action.en} — ${c.recommended_action.reason_zh} / ${c.recommended_action.reason_en}`);
  out(`模式 patterns: ${c.patterns.map((p) => `${PATTERN_LABEL[p]} ${p}`).join('，')}`);
  const i = c.impact;
  out(
    `影响 impact: 期别 periods ${i.periods[0] ?? '—'}…${i.periods.at(-1) ?? '—'} (${i.periods.length})，报送营业收入 reported revenue ${i.reported_revenue} / 全区 district ${i.district_revenue} = ${(i.revenue_share * 100).toFixed(3)}%` +
      (i.suspect_amount === null ? '' : `，涉嫌金额 suspect ${i.suspect_amount} (${((i.suspect_share ?? 0) * 100).toFixed(3)}%)`),
  );
  out(`单位 units: ${c.unit_ids.join(' ')}`);
  out(`案卷 files: ${c.files.at(-1)?.prefix ?? '—'}`);
  out();
  out(
    renderTable(
      ['线索 finding', '模式 pattern', '程度 severity', '得分 score', '期别 period', '摘要 summary'],
      c.findings.map((f) => [f.finding_id, f.pattern, `${SEV[f.severity]}${f.context ? ' (参考 context)' : ''}`, f.score, f.period ?? '—', f.summary_zh]),
    ),
  );
  if (c.items.length) {
    out();
    out(
      renderTable(
        ['整改项 item', '内容 what', '状态 status', '销号 closed'],
        c.items.map((it) => [it.item_id, it.title_zh, it.status === 'open' ? '未销号 open' : '已销号 closed', it.closed_at ? `${it.closed_at} ${it.closed_by ?? ''}: ${it.note ?? ''}` : '']),
      ),
    );
  }
  out();
  out('审计记录 audit trail:');
  out(
    renderTable(
      ['#', '时间 at', '人员 by', '动作 action', 'from → to', '理由 reason', '已核查 evidence checked', '整改项 item'],
      audit.map((a: AuditEntry) => [a.seq, a.at, a.by, a.action, `${a.from ?? '—'} → ${a.to ?? '—'}`, a.reason ?? '', a.evidence_checked.join('；'), a.item ?? '']),
    ),
  );
  return 0;
}

/** Reads the latest version's files, checks them against the manifest, writes them into `dir`. */
export async function exportCaseFiles(deps: Pick<CasesCliDeps, 'cases' | 'blobs'>, id: string, dir: string): Promise<{ dir: string; version: number; files: string[] }> {
  const latest = await readLatestCaseFiles(deps, id);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of latest.files) {
    await writeFile(join(dir, f.name), f.body);
    written.push(join(dir, f.name));
  }
  await writeFile(join(dir, 'manifest.json'), latest.manifestBody);
  written.push(join(dir, 'manifest.json'));
  return { dir, version: latest.version, files: written };
}

export async function casesExport(deps: Pick<CasesCliDeps, 'cases' | 'blobs'>, id: string, dir: string, io: CliIo): Promise<number> {
  const r = await exportCaseFiles(deps, id, dir);
  println(io.stderr, `已导出案件 ${id} 第 ${r.version} 版 / exported case ${id} version ${r.version} to ${r.dir} (${r.files.length} files, SHA-256 verified)`);
  return 0;
}

export async function casesDecide(deps: Pick<CasesCliDeps, 'cases' | 'clock'>, input: Parameters<typeof decide>[1], opts: { json?: boolean }, io: CliIo): Promise<number> {
  const c = await decide(deps, input);
  if (opts.json) println(io.stdout, JSON.stringify(caseListEntry(c)));
  else {
    println(io.stdout, `案件 ${c.case_id} 已转为「${STATUS_LABEL[c.status].zh}」/ case ${c.case_id} is now ${c.status}`);
    const created = c.status === 'filed' ? c.items.filter((i) => i.status === 'open') : [];
    for (const it of created) println(io.stdout, `  整改项 item ${it.item_id}: ${it.title_zh} / ${it.title_en}`);
  }
  return 0;
}

export async function casesCloseItem(deps: Pick<CasesCliDeps, 'cases' | 'clock'>, input: Parameters<typeof closeItem>[1], opts: { json?: boolean }, io: CliIo): Promise<number> {
  const c = await closeItem(deps, input);
  const open = c.items.filter((i) => i.status === 'open').length;
  if (opts.json) println(io.stdout, JSON.stringify({ case_id: c.case_id, item: input.itemId, open_items: open }));
  else println(io.stdout, `整改项 ${input.itemId} 已销号，剩余 ${open} 项 / item ${input.itemId} closed, ${open} still open${open === 0 ? '；可办结 the case can be closed' : ''}`);
  return 0;
}

/**
 * Where the case page can be opened. s3rver keeps an object `a/b/case.html` as
 * `<bucket dir>/a/b/case.html._S3rver_object` (node_modules/s3rver/lib/stores/filesystem.js), a
 * name a browser does not render as HTML, so the latest version is exported (hash-checked) to
 * a temp directory and that case.html is printed; the s3rver file is shown beside it when local.
 */
export async function casesOpen(deps: Pick<CasesCliDeps, 'cases' | 'blobs'>, id: string, opts: { json?: boolean }, io: CliIo, cli: CasesCliOptions = {}): Promise<number> {
  const c = await mustGet(deps.cases, id);
  const dir = await mkdtemp(join(tmpdir(), `statsentry-${id}-v${c.version}-`));
  await exportCaseFiles(deps, id, dir);
  const page = join(dir, 'case.html');
  const key = `${c.files.at(-1)?.prefix ?? ''}case.html`;
  const stored = cli.localBucketDir ? s3rverObjectPath(cli.localBucketDir, key) : null;
  const storedPath = stored && existsSync(stored) ? stored : null;
  if (opts.json) println(io.stdout, JSON.stringify({ case_id: id, version: c.version, path: page, stored_path: storedPath }));
  else {
    println(io.stdout, page);
    if (storedPath) println(io.stderr, `本地存储文件 stored object (s3rver): ${storedPath}`);
  }
  return 0;
}

/** s3rver's on-disk path of an object (POSIX: the key's folders, then `<name>._S3rver_object`). */
export function s3rverObjectPath(bucketDir: string, key: string): string {
  const parts = key.split('/');
  const name = parts.pop() ?? '';
  return join(bucketDir, ...parts, `${name}._S3rver_object`);
}
