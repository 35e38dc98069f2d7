/**
 * District-estimated nulls for "invented series" evidence, each as log10 p for one unit:
 *  - exact repeats of a figure month to month (headcount, wages) against a mixture of the
 *    district's own repeat habits (a unit drawn at random from the subject's group, with its rate);
 *  - how well a unit's revenue follows its own tax/meter records against every unit's of its group
 *    over the same months (an empirical lower tail of the rank correlation of monthly changes).
 */
import { log10BinomialTail, log10NormalUpper } from './tails';
import { log10EmpiricalLower } from './permutation-tails';

/**
 * The null of exact repeats as a mixture of the district's own habits: honest units differ (a
 * small firm may never update its headcount, another updates it every month), so a unit's
 * repeats are judged against a unit drawn at random from its group, with that unit's own repeat
 * rate — not against one pooled rate, which a habit of never updating would beat by chance.
 * Each unit's rate is its share of repeats over the whole series, shrunk toward ½ by half a
 * repeat (so that no rate is exactly 0 or 1), binned to 1/bins; the subject itself is left out.
 */
export class RepeatHabits {
  private readonly bin: Int16Array;
  private readonly hist = new Map<number, Float64Array>();
  private readonly total = new Map<number, number>();

  /**
   * @param m the figure (headcount, wages) by row × month
   * @param group a group per row (e.g. size band); rows with a negative group are left out
   * @param moving when given, only months in which this other record changed (both months positive) count
   */
  constructor(
    m: Float64Array,
    group: Int32Array,
    P: number,
    moving?: Float64Array,
    private readonly bins = 50,
  ) {
    this.bin = new Int16Array(group.length).fill(-1);
    for (let u = 0; u < group.length; u++) {
      const g = group[u]!;
      if (g < 0) continue;
      const { pairs, repeats } = countRepeats(m, u * P, 0, P - 1, moving);
      if (!pairs) continue;
      const b = Math.min(bins - 1, Math.floor((bins * (repeats + 0.5)) / (pairs + 1)));
      this.bin[u] = b;
      let h = this.hist.get(g);
      if (!h) this.hist.set(g, (h = new Float64Array(bins)));
      h[b]!++;
      this.total.set(g, (this.total.get(g) ?? 0) + 1);
    }
  }

  /** log10 P(≥ repeats of pairs) for row u under the mixture of the other rows' habits in group g. */
  log10Tail(u: number, g: number, pairs: number, repeats: number): number {
    const h = this.hist.get(g);
    const N = (this.total.get(g) ?? 0) - (this.bin[u]! >= 0 && h ? 1 : 0);
    if (!h || N < 1 || !pairs || !repeats) return 0;
    const logs: number[] = [];
    let max = Number.NEGATIVE_INFINITY;
    for (let b = 0; b < this.bins; b++) {
      const c = h[b]! - (this.bin[u] === b ? 1 : 0);
      if (c <= 0) continue;
      const l = Math.log10(c) + log10BinomialTail(pairs, repeats, (b + 0.5) / this.bins);
      logs.push(l);
      if (l > max) max = l;
    }
    if (max === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    let s = 0;
    for (const l of logs) s += 10 ** (l - max);
    return Math.min(0, max + Math.log10(s) - Math.log10(N));
  }
}

/** Size band of each row: ⌊log2(1 + first positive value)⌋ (headcount 1, 2–3, 4–7, …); −1 without one. */
export function sizeBands(data: { employees: Float64Array; P: number; units: readonly unknown[] }): Int32Array {
  const { P } = data;
  const out = new Int32Array(data.units.length).fill(-1);
  for (let u = 0; u < out.length; u++) {
    for (let t = 0; t < P; t++) {
      const e = data.employees[u * P + t]!;
      if (e > 0) {
        out[u] = Math.floor(Math.log2(1 + e));
        break;
      }
    }
  }
  return out;
}

/**
 * Month pairs t−1, t in t0+1..t1 of one row with the figure positive both months (and, with
 * `moving`, that other record positive both months and changed), and how many repeat exactly.
 */
export function countRepeats(m: Float64Array, row: number, t0: number, t1: number, moving?: Float64Array): { pairs: number; repeats: number } {
  let pairs = 0;
  let repeats = 0;
  for (let t = t0 + 1; t <= t1; t++) {
    const a = m[row + t - 1]!;
    const b = m[row + t]!;
    if (!(a > 0 && b > 0)) continue;
    if (moving) {
      const x = moving[row + t - 1]!;
      const y = moving[row + t]!;
      if (!(x > 0 && y > 0) || x === y) continue;
    }
    pairs++;
    if (a === b) repeats++;
  }
  return { pairs, repeats };
}

/**
 * Lazily built, cached null samples of a per-unit statistic computed over months t0..P−1, so that
 * a unit is compared with the district over the same window — and, with `group`, only with the
 * units of its own group (a trade whose records legitimately differ, such as developers taxed on
 * presales, is then its own null). At most `maxUnits` units of a group are sampled (evenly).
 */
export class WindowNull {
  private cache = new Map<string, Float64Array>();
  private readonly members = new Map<number, number[]>();
  /** Position of each unit in its group's member list. */
  private readonly pos: Int32Array;
  constructor(
    units: number,
    private readonly stat: (u: number, t0: number) => number,
    private readonly maxUnits = 3000,
    private readonly group?: Int32Array,
  ) {
    this.pos = new Int32Array(units);
    for (let u = 0; u < units; u++) {
      const g = group ? group[u]! : 0;
      let list = this.members.get(g);
      if (!list) this.members.set(g, (list = []));
      this.pos[u] = list.length;
      list.push(u);
    }
  }

  /** Group of unit u (0 without groups). */
  groupOf(u: number): number {
    return this.group ? this.group[u]! : 0;
  }

  sample(t0: number, g = 0): Float64Array {
    const key = `${g}|${t0}`;
    let s = this.cache.get(key);
    if (s) return s;
    const list = this.members.get(g) ?? [];
    const stride = this.stride(g);
    const vals: number[] = [];
    for (let i = 0; i < list.length; i += stride) {
      const v = this.stat(list[i]!, t0);
      if (Number.isFinite(v)) vals.push(v);
    }
    s = Float64Array.from(vals).sort();
    this.cache.set(key, s);
    return s;
  }

  private stride(g: number): number {
    return Math.max(1, Math.ceil((this.members.get(g)?.length ?? 0) / this.maxUnits));
  }

  /**
   * log10 empirical lower tail of unit u's statistic x in the null of its group over the same
   * window; u itself is counted once whether or not it was sampled (x must be stat(u, t0)).
   */
  lower(t0: number, x: number, u: number): number {
    const g = this.groupOf(u);
    const sampled = this.pos[u]! % this.stride(g) === 0;
    return log10EmpiricalLower(this.sample(t0, g), x, sampled);
  }
}

/**
 * Which groups need a null of their own: a group whose values are as a whole lower than the rest
 * of the district's (Mann–Whitney, normal approximation, log10 p ≤ maxLog10P) gets its own index
 * g + 1; every other row is in group 0, the district without those groups. So a trade whose
 * records legitimately differ (developers taxed on presales) is judged among its own, while a
 * small trade that does not differ keeps the district's resolution (a group of 90 cannot show a
 * tail below 1/91). NaN values are ignored; rows with a negative group stay in group 0.
 */
export function ownNullGroups(values: Float64Array, group: Int32Array, maxLog10P = -2): { group: Int32Array; split: number[] } {
  const idx: number[] = [];
  for (let u = 0; u < values.length; u++) if (Number.isFinite(values[u]!)) idx.push(u);
  idx.sort((a, b) => values[a]! - values[b]!);
  // Mid-ranks (ties share their average rank).
  const rank = new Float64Array(values.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]!] === values[idx[i]!]) j++;
    for (let k = i; k <= j; k++) rank[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const N = idx.length;
  const sum = new Map<number, { n: number; r: number }>();
  for (const u of idx) {
    const g = group[u]!;
    if (g < 0) continue;
    const c = sum.get(g) ?? { n: 0, r: 0 };
    c.n++;
    c.r += rank[u]!;
    sum.set(g, c);
  }
  const split: number[] = [];
  for (const [g, { n, r }] of sum) {
    const m = N - n;
    if (n < 2 || m < 2) continue;
    // U of the group against the rest: small when the group's values are low.
    const U = r - (n * (n + 1)) / 2;
    const z = (U - (n * m) / 2) / Math.sqrt((n * m * (N + 1)) / 12);
    if (log10NormalUpper(-z) <= maxLog10P) split.push(g);
  }
  const out = new Int32Array(group.length);
  const own = new Set(split);
  for (let u = 0; u < group.length; u++) out[u] = own.has(group[u]!) ? group[u]! + 1 : 0;
  return { group: out, split: split.sort((a, b) => a - b) };
}
