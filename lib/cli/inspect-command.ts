import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { InspectionDrawError } from '../inspection/errors';
import { parseInspectorFile } from '../inspection/inspector-file';
import type { DrawRecord } from '../inspection/model';
import { verifyDrawDocument, type Verification } from '../inspection/publication';
import { drawInspections, getDraw, verifyStoredDraw, type DrawInspectionsDeps } from '../use-cases/draw-inspection';
import { s3rverObjectPath } from './cases-command';
import { type CliIo, commandFailure, println } from './io';
import { renderTable } from './table';

export type InspectCliDeps = DrawInspectionsDeps;

export interface InspectCliOptions {
  /** s3rver's directory of the data bucket when the local stack runs in this process (to show where the published file lies). */
  localBucketDir?: string;
}

export const INSPECT_USAGE = `statsentry inspect — 双随机抽查 / double-random inspection draws
  statsentry inspect draw --count N --seed S --inspectors FILE [--risk-share 0.5] [--per-unit 2] [--by WHO] [--json]
                                                   抽取单位并随机派员，存档并公开 / draw units and inspectors, store and publish
  statsentry inspect show DRAW_ID [--json]         抽查结果 / a stored draw
  statsentry inspect list [--json]                 全部抽查 / every draw
  statsentry inspect verify DRAW_ID|FILE [--json]  按公开文件重新抽取并核对 / re-run a published draw and compare
  --inspectors: CSV (inspector_id,name,town_code), JSON array or JSON Lines; town_code = 12-digit division code`;

class InspectUsageError extends Error {}

/** `statsentry inspect …` with its own argument parsing; returns the exit code (0 ok, 1 refused or not verified, 2 usage). */
export async function runInspectCli(deps: InspectCliDeps, argv: string[], io: CliIo, opts: InspectCliOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        'risk-share': { type: 'string' },
        'per-unit': { type: 'string' },
        inspectors: { type: 'string' },
        by: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    println(io.stderr, `参数错误 bad arguments: ${(err as Error).message}\n\n${INSPECT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, id] = positionals;
  const json = values.json;
  try {
    const need = (v: string | undefined, zh: string, en: string): string => {
      if (v === undefined || v === '') throw new InspectUsageError(`${zh} / ${en}`);
      return v;
    };
    const num = (v: string | undefined, flag: string): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new InspectUsageError(`${flag} 须为数字 / ${flag} must be a number: ${v}`);
      return n;
    };
    switch (sub) {
      case 'draw': {
        const count = num(need(values.count, '需要 --count', '--count N is required'), '--count')!;
        const seed = need(values.seed, '需要 --seed', '--seed S is required');
        const file = need(values.inspectors, '需要 --inspectors 检查人员名录', '--inspectors FILE is required');
        const inspectors = await parseInspectorFile(await readInput(file), basename(file));
        const r = await drawInspections(deps, { count, seed, riskShare: num(values['risk-share'], '--risk-share'), perUnit: num(values['per-unit'], '--per-unit'), inspectors, by: values.by });
        if (json) println(io.stdout, JSON.stringify(r));
        else printDraw(r.draw, io, r.existing ? '已存在：同日同种子同输入的抽查，返回原结果 / exists: the same draw was made today, returned as stored' : '新抽取 new draw', opts);
        return 0;
      }
      case 'show': {
        const d = await getDraw(deps, need(id, '需要抽查编号', 'a draw id is required'));
        if (json) println(io.stdout, JSON.stringify(d));
        else printDraw(d, io, null, opts);
        return 0;
      }
      case 'list': {
        const all = await deps.draws.list();
        if (json)
          println(
            io.stdout,
            JSON.stringify(all.map(({ draw_id, drawn_at, drawn_by, seed, params, result, published_key }) => ({ draw_id, drawn_at, drawn_by, seed, params, drawn: result.drawn, published_key }))),
          );
        else {
          println(io.stdout, `抽查 draws: ${all.length}`);
          if (all.length)
            println(
              io.stdout,
              renderTable(
                ['编号 draw', '时间 at', '抽取人 by', '种子 seed', '单位 units', '公开 published'],
                all.map((d) => [d.draw_id, d.drawn_at, d.drawn_by, d.seed, d.result.drawn, d.published_key]),
              ),
            );
        }
        return 0;
      }
      case 'verify': {
        const target = need(id, '需要抽查编号或文件', 'a draw id or file is required');
        const v = existsSync(target) ? verifyFile(await readInput(target)) : await verifyStoredDraw(deps, target);
        if (json) println(io.stdout, JSON.stringify(v));
        else if (v.ok)
          println(io.stdout, `复核通过 verified: ${v.draw_id} — 按公开的种子、参数与输入重新抽取，结果一致 / re-running it from the published seed, parameters and inputs gives the published result`);
        else println(io.stdout, `复核未通过 NOT verified: ${v.draw_id ?? target}\n${v.problems.map((p) => `  ${p.zh} / ${p.en}`).join('\n')}`);
        return v.ok ? 0 : 1;
      }
      default:
        println(io.stderr, `${sub ? `未知子命令 unknown subcommand: ${sub}\n\n` : ''}${INSPECT_USAGE}`);
        return 2;
    }
  } catch (err) {
    return commandFailure(err, io, { error: InspectUsageError, text: INSPECT_USAGE }, [InspectionDrawError]);
  }
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new InspectionDrawError('invalid_input', `无法读取文件 ${path}`, `cannot read file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function verifyFile(bytes: Uint8Array): Verification {
  try {
    return verifyDrawDocument(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return { ok: false, draw_id: null, problems: [{ zh: '文件不是有效的 JSON', en: 'the file is not valid JSON' }] };
  }
}

function printDraw(d: DrawRecord, io: CliIo, status: string | null, opts: InspectCliOptions): void {
  const out = (s = '') => println(io.stdout, s);
  const r = d.result;
  const names = new Map(d.inspectors.map((i) => [i.inspector_id, i.name]));
  out(`抽查 draw ${d.draw_id}${status ? `  ${status}` : ''}`);
  out(`种子 seed: ${d.seed}   抽取人 by: ${d.drawn_by}   时间 at: ${d.drawn_at}`);
  out(
    `从名录库 ${r.population} 个单位中抽取 ${r.drawn} 个（要求 ${r.requested}）：风险加权 ${r.risk_part}，纯随机 ${r.random_part} / drew ${r.drawn} of ${r.population} units in the register (${r.requested} requested): ${r.risk_part} risk-weighted, ${r.random_part} purely random`,
  );
  out(`每单位检查人员 ${d.params.per_unit} 名，回避本镇街 / ${d.params.per_unit} inspectors per unit, none from the unit's own town`);
  out();
  out(
    renderTable(
      ['#', '单位 unit', '镇街 town', '方式 part', '权重 weight', '检查人员 inspectors'],
      r.selections.map((s) => [s.order, s.unit_id, s.town_code, s.part === 'risk' ? '风险 risk' : '随机 random', s.weight, s.inspectors.map((i) => `${names.get(i) ?? ''} ${i}`.trim()).join('，')]),
    ),
  );
  out();
  out(`公开文件 published: ${d.published_key}  SHA-256 ${d.published_sha256}`);
  if (opts.localBucketDir) out(`本地存储文件 stored object (s3rver): ${s3rverObjectPath(opts.localBucketDir, d.published_key)}`);
  out(`复核 verify: statsentry inspect verify ${d.draw_id}`);
}
