/**
 * Medians of a unit's monthly values inside and outside a set of months, without sorting per
 * query: each row's valid values are sorted once (with their months), and a query walks the
 * sorted row and picks the middle order statistics of each side.
 *
 * Why: the cross-source shift rule compares every candidate's episode with up to hundreds of
 * peers' (and town units') medians over the same months; with a few thousand candidates that
 * was hundreds of thousands of small sorts of the same rows. The medians are the same order
 * statistics, averaged the same way, as `medianInPlace` gives on either side (both sides have
 * at most 64 values while P ≤ 64; callers use the direct path otherwise).
 */
export class RowOrder {
  /** Rows up to this length are served; longer ones must use the direct path. */
  static readonly MAX_P = 64;
  /** Sorted rows of the units asked for so far, packed in order of first use (grown by doubling). */
  private vals: Float64Array;
  private months: Uint8Array;
  private used = 0;
  /** Per unit: start of its sorted row in `vals`, −1 until first asked for; and its length. */
  private readonly offset: Int32Array;
  private readonly count: Int32Array;
  /** Results of the last `split`: values and medians inside and outside the months. */
  nIn = 0;
  nOut = 0;
  medianIn = Number.NaN;
  medianOut = Number.NaN;

  /**
   * Rows of ln(level / base) over the months where both are positive (`base` null: ln(level)
   * where it is positive), both row-major units × P. Rows are sorted when first asked for.
   */
  constructor(
    private readonly level: Float64Array,
    private readonly base: Float64Array | null,
    readonly P: number,
  ) {
    if (P > RowOrder.MAX_P) throw new RangeError(`RowOrder serves rows of at most ${RowOrder.MAX_P} months`);
    const U = P ? level.length / P : 0;
    this.vals = new Float64Array(Math.min(level.length, 256 * P));
    this.months = new Uint8Array(this.vals.length);
    this.offset = new Int32Array(U).fill(-1);
    this.count = new Int32Array(U);
  }

  private prepare(u: number): number {
    const { P, level, base } = this;
    if (this.used + P > this.vals.length) {
      const vals = new Float64Array(Math.max(2 * this.vals.length, this.used + P));
      vals.set(this.vals);
      this.vals = vals;
      const months = new Uint8Array(vals.length);
      months.set(this.months);
      this.months = months;
    }
    const { vals, months } = this;
    const row = this.used;
    const src = u * P;
    let k = 0;
    for (let t = 0; t < P; t++) {
      const r = level[src + t]!;
      let v: number;
      if (base) {
        const x = base[src + t]!;
        if (!(r > 0 && x > 0)) continue;
        v = Math.log(r / x);
      } else {
        if (!(r > 0)) continue;
        v = Math.log(r);
      }
      let j = k - 1;
      while (j >= 0 && vals[row + j]! > v) {
        vals[row + j + 1] = vals[row + j]!;
        months[row + j + 1] = months[row + j]!;
        j--;
      }
      vals[row + j + 1] = v;
      months[row + j + 1] = t;
      k++;
    }
    this.offset[u] = row;
    this.count[u] = k;
    this.used += k;
    return k;
  }

  /** Medians of unit u's values in the months flagged in `inside` and in the others. */
  split(u: number, inside: Uint8Array): void {
    const k = this.offset[u]! < 0 ? this.prepare(u) : this.count[u]!;
    const row = this.offset[u]!;
    const { vals, months } = this;
    let ni = 0;
    for (let i = 0; i < k; i++) if (inside[months[row + i]!]) ni++;
    const no = k - ni;
    const hiIn = ni >> 1;
    const loIn = ni & 1 ? hiIn : hiIn - 1;
    const hiOut = no >> 1;
    const loOut = no & 1 ? hiOut : hiOut - 1;
    let ci = 0;
    let co = 0;
    let aIn = Number.NaN;
    let bIn = Number.NaN;
    let aOut = Number.NaN;
    let bOut = Number.NaN;
    for (let i = 0; i < k; i++) {
      const v = vals[row + i]!;
      if (inside[months[row + i]!]) {
        if (ci === loIn) aIn = v;
        if (ci === hiIn) bIn = v;
        ci++;
      } else {
        if (co === loOut) aOut = v;
        if (co === hiOut) bOut = v;
        co++;
      }
    }
    this.nIn = ni;
    this.nOut = no;
    this.medianIn = ni ? (ni & 1 ? bIn : (aIn + bIn) / 2) : Number.NaN;
    this.medianOut = no ? (no & 1 ? bOut : (aOut + bOut) / 2) : Number.NaN;
  }
}

const shared = new WeakMap<Float64Array, Map<Float64Array | null, RowOrder>>();

/**
 * The district's RowOrder of ln(level / base) (or ln(level)), kept while the district's
 * matrices live (like the ratio profiles): the matrices do not change, so a row sorted once
 * serves every later run over the same district.
 */
export function rowOrderOf(level: Float64Array, base: Float64Array | null, P: number): RowOrder {
  let byBase = shared.get(level);
  if (!byBase) shared.set(level, (byBase = new Map()));
  let order = byBase.get(base);
  if (!order || order.P !== P) byBase.set(base, (order = new RowOrder(level, base, P)));
  return order;
}
