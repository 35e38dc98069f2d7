import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { ApiDeps } from '../api/handle-api-request';
import { startLocalServer, type LocalServer } from '../api/local-server';
import type { WebAssets } from '../api/web-assets';
import { buildWebAssets } from '../api/web-build';
import { println, type CliIo } from './io';

export const SERVE_USAGE = `statsentry serve — 评审页面与接口 / the review page and HTTP API on this machine
  statsentry serve [--port 8080] [--user NAME] [--verbose]
    --port     端口，0 为任一空闲端口 / port (0 = any free port)
    --user     以此身份记录处理决定 / the name decisions are recorded under (default local:<os user>)
    --verbose  逐条打印请求 / print one line per request
  仅监听本机 127.0.0.1；Ctrl+C 停止 / listens on 127.0.0.1 only; Ctrl+C stops it`;

export interface ServeCliOptions {
  /** For the default principal `local:<os user>`; default: the user running this process. */
  osUser?: string;
  /** Stops the server when aborted; default: SIGINT or SIGTERM of this process. */
  signal?: AbortSignal;
  /** Called once the server listens (tests read its URL). */
  onListening?: (server: LocalServer) => void;
  /** Already-built page (tests); default: web/ compiled now with esbuild. */
  assets?: WebAssets;
}

function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  controller.signal.addEventListener('abort', () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  });
  return controller.signal;
}

/** `statsentry serve …`; resolves with the exit code once the server has stopped (0), or at once on a usage error (2) or a port in use (1). */
export async function runServeCli(deps: ApiDeps, argv: string[], io: CliIo, opts: ServeCliOptions = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: { port: { type: 'string', default: '8080' }, user: { type: 'string' }, verbose: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (err) {
    println(io.stderr, `参数错误 bad arguments: ${(err as Error).message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (values.help) {
    println(io.stdout, SERVE_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    println(io.stderr, `--port 须为 0–65535 的整数 / --port must be an integer from 0 to 65535\n\n${SERVE_USAGE}`);
    return 2;
  }
  const user = (values.user ?? `local:${opts.osUser ?? userInfo().username}`).trim();
  if (!user || user.length > 200) {
    println(io.stderr, `--user 不能为空且不超过 200 字符 / --user must be 1–200 characters\n\n${SERVE_USAGE}`);
    return 2;
  }

  const assets = opts.assets ?? (await buildWebAssets());
  let server: LocalServer;
  try {
    server = await startLocalServer({
      deps: {
        ...deps,
        assets,
        onServerError: (err, req) => println(io.stderr, `服务器错误 server error on ${req.method} ${req.path}: ${(err as Error).stack ?? String(err)}`),
      },
      port,
      principal: { id: user },
      log: values.verbose ? (line) => println(io.stderr, line) : undefined,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    println(io.stderr, e.code === 'EADDRINUSE' ? `端口 ${port} 已被占用 / port ${port} is in use (try --port 0)` : `无法启动 cannot start: ${e.message}`);
    return 1;
  }
  const signal = opts.signal ?? processStopSignal();
  println(io.stdout, `评审页面 review page: ${server.url}/`);
  println(io.stdout, `接口 API: ${server.url}/api/cases   操作人 acting as: ${user}`);
  println(io.stdout, '按 Ctrl+C 停止 / press Ctrl+C to stop');
  opts.onListening?.(server);
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await server.close();
  println(io.stderr, '已停止 / stopped');
  return 0;
}
