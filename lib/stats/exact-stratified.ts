/**
 * Exact conditional test of 2×2 tables: alone it is Fisher's exact test; over strata it is the
 * exact Mantel–Haenszel test (R's `mantelhaen.test(exact = TRUE)`, Zelen's conditional test of
 * a common odds ratio of 1). Given each stratum's margins, the group's event count a_s is
 * hypergeometric; the stratified statistic A = Σ a_s is a sum of independent hypergeometrics,
 * whose distribution is their convolution — exact, so small counts need no asymptotics.
 *
 * Table layout: a = group & event, b = group & no event, c = rest & event, d = rest & no event.
 */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface StratifiedExactResult {
  /** Σ a_s over the strata (strata with N = 0 are skipped). */
  observed: number;
  /** Σ E[a_s] = Σ (a+b)(a+c)/N under no group effect within strata. */
  expected: number;
  variance: number;
  /** P(A ≥ observed): the group has more events than its strata explain. */
  pGreater: number;
  /** P(A ≤ observed). */
  pLess: number;
  /** Σ P(A = k) over k no more probable than the observed (Fisher's two-sided rule, relative tolerance 1e-7 as in R). */
  pTwoSided: number;
  /** Mantel–Haenszel common odds ratio Σ(ad/N) / Σ(bc/N); null when both sums are 0, Infinity when only the denominator is. */
  oddsRatio: number | null;
  /** Strata that entered the test (N > 0). */
  strata: number;
}

const logFactorials: number[] = [0];

/** ln(n!) by summation, cached: exact to rounding for the counts of a district's decisions. */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial of ${n}`);
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * The hypergeometric distribution of the events among `draws` rows taken from `total` rows of
 * which `events` are events: probabilities for k = lo … hi, normalised to sum to 1.
 */
export function hypergeometric(total: number, events: number, draws: number): { lo: number; probs: number[] } {
  const lo = Math.max(0, draws + events - total);
  const hi = Math.min(draws, events);
  const logs: number[] = [];
  for (let k = lo; k <= hi; k++) logs.push(logChoose(events, k) + logChoose(total - events, draws - k) - logChoose(total, draws));
  const max = Math.max(...logs);
  const raw = logs.map((l) => Math.exp(l - max));
  const sum = raw.reduce((s, x) => s + x, 0);
  return { lo, probs: raw.map((x) => x / sum) };
}

function checkTable(t: Table2x2): void {
  for (const v of [t.a, t.b, t.c, t.d]) if (!Number.isInteger(v) || v < 0) throw new RangeError(`table cells must be non-negative integers: ${JSON.stringify(t)}`);
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

export function stratifiedExactTest(tables: readonly Table2x2[]): StratifiedExactResult {
  let dist = [1];
  let offset = 0;
  let observed = 0;
  let expected = 0;
  let variance = 0;
  let orNum = 0;
  let orDen = 0;
  let strata = 0;
  for (const t of tables) {
    checkTable(t);
    const N = t.a + t.b + t.c + t.d;
    if (N === 0) continue;
    strata++;
    const rows = t.a + t.b;
    const events = t.a + t.c;
    observed += t.a;
    expected += (rows * events) / N;
    if (N > 1) variance += (rows * events * (N - events) * (N - rows)) / (N * N * (N - 1));
    orNum += (t.a * t.d) / N;
    orDen += (t.b * t.c) / N;
    const h = hypergeometric(N, events, rows);
    const next = new Array<number>(dist.length + h.probs.length - 1).fill(0);
    for (let i = 0; i < dist.length; i++) for (let j = 0; j < h.probs.length; j++) next[i + j]! += dist[i]! * h.probs[j]!;
    dist = next;
    offset += h.lo;
  }
  const at = observed - offset;
  let pGreater = 0;
  let pLess = 0;
  let pTwoSided = 0;
  const pObs = dist[at] ?? 0;
  dist.forEach((p, i) => {
    if (i >= at) pGreater += p;
    if (i <= at) pLess += p;
    if (p <= pObs * (1 + 1e-7)) pTwoSided += p;
  });
  return {
    observed,
    expected,
    variance,
    pGreater: clamp01(pGreater),
    pLess: clamp01(pLess),
    pTwoSided: clamp01(pTwoSided),
    oddsRatio: orDen > 0 ? orNum / orDen : orNum > 0 ? Number.POSITIVE_INFINITY : null,
    strata,
  };
}

/** Fisher's exact test of one 2×2 table (the stratified test with one stratum). */
export function fisherExact(t: Table2x2): StratifiedExactResult {
  return stratifiedExactTest([t]);
}
