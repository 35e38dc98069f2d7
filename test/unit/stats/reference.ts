/**
 * Loader for the published reference data in ../shared/reference (beside the repository, also
 * in CI). See shared/reference/README.md for sources and the figures each file publishes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('../../../../shared/reference/', import.meta.url));

/** Rows of a header-first, unquoted CSV as string arrays (header dropped). */
export function readCsv(relative: string): string[][] {
  const text = readFileSync(`${REFERENCE_DIR}${relative}`, 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  return lines.slice(1).map((l) => l.split(','));
}

/** One column of a reference CSV, as written. */
export function readColumn(relative: string, column: number): string[] {
  return readCsv(relative).map((r) => r[column]!);
}

/** Deterministic PRNG (mulberry32) for simulation checks. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
