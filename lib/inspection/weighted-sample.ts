import { uniform } from './prng';

export interface Keyed {
  id: string;
  /** ln(u) / w: the larger, the earlier drawn. */
  key: number;
}

/**
 * Weighted sampling without replacement (Efraimidis & Spirakis 2006, algorithm A-ES): each
 * item gets u^(1/w) for its own uniform u, and the k largest are the sample — the same
 * distribution as drawing one at a time with probability proportional to weight among those
 * left. Compared in logs, ln(u)/w, which orders the same and keeps tiny weights from
 * underflowing. Items of weight 0 (or less) cannot be drawn. Ties (practically impossible with
 * 52-bit u) go to the smaller id, so the result is a function of seed, stream and inputs only.
 */
export function weightedSample(items: readonly { id: string; weight: number }[], k: number, seed: string, stream: string): Keyed[] {
  const keyed = items.filter((i) => i.weight > 0).map((i) => ({ id: i.id, key: Math.log(uniform(seed, stream, i.id)) / i.weight }));
  keyed.sort((a, b) => b.key - a.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.slice(0, Math.max(0, k));
}
