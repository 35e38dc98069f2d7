/** What a command may print to; tests pass buffers. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress bars are drawn only when true (a terminal, not CI, not --json). */
  interactive: boolean;
}

export function println(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The one ending of a command that failed: a usage error prints its message and the command's
 * usage (exit 2); a refusal by the domain (a case or a draw that may not change so) prints one
 * bilingual line (exit 1); anything else is not the user's doing and is thrown on.
 */
export function commandFailure(err: unknown, io: CliIo, usage: { error: ErrorClass; text: string }, refusals: readonly ErrorClass[]): number {
  if (err instanceof usage.error) {
    println(io.stderr, `${err.message}\n\n${usage.text}`);
    return 2;
  }
  if (refusals.some((c) => err instanceof c)) {
    println(io.stderr, `操作被拒绝 refused: ${(err as Error).message}`);
    return 1;
  }
  throw err;
}
