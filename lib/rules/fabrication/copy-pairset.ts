/**
 * Set of (unit, unit, lag) triples for the loose copy search: open addressing on typed arrays,
 * because a number key a·U·L + b·L + lag outgrows the small integers on a large district, and a
 * `Set` of such keys boxes every one of the millions of candidate pairs it is asked about.
 */
export class PairSet {
  private a: Int32Array;
  private b: Int32Array;
  private mask: number;
  private size = 0;

  /** Filled to at most three quarters: a large district tries about a million pairs, and half-empty tables of that size cost memory and garbage collections. */
  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap * 3 < capacity * 4) cap *= 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    let i = h & this.mask;
    const ka = this.a;
    const kb = this.b;
    while (ka[i] !== -1 && (ka[i] !== a || kb[i] !== b)) i = (i + 1) & this.mask;
    return i;
  }

  /** Whether the triple is in the set; `b` is the second unit · lags + lag (both ≥ 0). */
  has(a: number, b: number): boolean {
    return this.a[this.slot(a, b)] !== -1;
  }

  /** Empties the set, keeping its tables (one set serves each compared field in turn). */
  clear(): void {
    if (this.size === 0) return;
    this.a.fill(-1);
    this.size = 0;
  }

  add(a: number, b: number): void {
    this.addNew(a, b);
  }

  /** Adds the triple; false when it was in the set already (one probe for a test and an add). */
  addNew(a: number, b: number): boolean {
    const i = this.slot(a, b);
    if (this.a[i] !== -1) return false;
    this.a[i] = a;
    this.b[i] = b;
    if (++this.size * 4 > this.mask * 3) this.grow();
    return true;
  }

  private grow(): void {
    const oa = this.a;
    const ob = this.b;
    const cap = oa.length * 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oa.length; i++) {
      if (oa[i] === -1) continue;
      const j = this.slot(oa[i]!, ob[i]!);
      this.a[j] = oa[i]!;
      this.b[j] = ob[i]!;
    }
  }
}
