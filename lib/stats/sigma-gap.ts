/**
 * Banff sigma-gap outlier method (`outlier(method = "S")`): sort the values (or the ratios
 * current/historical), start from a central percentile, walk outwards and flag everything
 * beyond the first gap between consecutive sorted values larger than β·σ.
 *
 * Why: unlike fixed quantile fences it adapts to clusters — a block of inflated figures
 * separated from the bulk by a jump is flagged as a block. σ is the scaled MAD
 * (1.4826·median|x − median|, GEIS type 6 medians) or the standard deviation. Follows Banff's
 * EI_OutlierSigmagap step by step and reproduces test_outlierC03_c (shared/reference/README.md §2).
 */
import { HB_FLAG, type HbFlag } from './outlier-flags';
import { quantileSorted } from './quantile';

export interface SigmaGapOptions {
  /** β for the imputation gap (beyond it → ODIL / ODIR, FTI); null = no imputation band. */
  betaI: number | null;
  /** β for the exclusion gap (→ ODEL / ODER, FTE); null = no exclusion band. */
  betaE: number | null;
  /** Percentile where the outward walk starts (right: this, left: 100 − this). Default 75. */
  startCentile?: number;
  sigma?: 'MAD' | 'STD';
  side?: 'both' | 'left' | 'right';
  minObs?: number;
}

export interface SigmaGapResult<Id> {
  n: number;
  enoughObs: boolean;
  sigma: number;
  impSigmaGap: number;
  exclSigmaGap: number;
  /** The gaps that opened each band (NaN when none was found), as Banff's IMP_BND_L … IMP_BND_R. */
  bounds: { imputeLow: number; excludeLow: number; excludeHigh: number; imputeHigh: number };
  /** Parallel to the input: HB_FLAG code, and the gap Banff reports for flagged records (NaN otherwise). */
  flag: Uint8Array;
  gap: Float64Array;
  /** Ids of the flagged records, in data order. */
  flaggedIds: Id[];
}

function deviation(sorted: Float64Array, kind: 'MAD' | 'STD'): number {
  const n = sorted.length;
  if (kind === 'STD') {
    if (n <= 1) return 0;
    let sum = 0;
    for (const v of sorted) sum += v;
    const mean = sum / n;
    let ss = 0;
    for (const v of sorted) ss += (v - mean) ** 2;
    return Math.sqrt(ss / (n - 1));
  }
  const m = quantileSorted(sorted, 0.5, 'type6');
  const dev = sorted.map((v) => Math.abs(v - m)).sort();
  return 1.4826 * quantileSorted(dev, 0.5, 'type6');
}

/** First gap > `limit` walking left from `start` (down to `stop`); returns the index just below it, or −1. */
function gapLeft(x: Float64Array, start: number, stop: number, limit: number): number {
  for (let i = start; i >= stop && i >= 1; i--) if (x[i]! - x[i - 1]! > limit) return i - 1;
  return -1;
}

/** First gap > `limit` walking right from `start` (below `stop`); returns the index just above it, or n. */
function gapRight(x: Float64Array, start: number, stop: number, limit: number): number {
  for (let i = start; i < stop && i < x.length - 1; i++) if (x[i + 1]! - x[i]! > limit) return i + 1;
  return x.length;
}

/** Sigma-gap on `values`; NaN values are excluded (flag `excluded`). */
export function sigmaGap<Id>(ids: ArrayLike<Id>, values: ArrayLike<number>, options: SigmaGapOptions): SigmaGapResult<Id> {
  const { betaI, betaE, startCentile = 75, sigma: kind = 'MAD', side = 'both', minObs = 10 } = options;
  const len = values.length;
  const flag = new Uint8Array(len);
  const gap = new Float64Array(len).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < len; i++) {
    if (Number.isNaN(values[i]!)) flag[i] = HB_FLAG.excluded;
    else order.push(i);
  }
  order.sort((a, b) => values[a]! - values[b]!);
  const n = order.length;
  const x = Float64Array.from(order, (i) => values[i]!);
  const sigma = deviation(x, kind);
  const impSigmaGap = betaI === null ? Number.NaN : sigma * betaI;
  const exclSigmaGap = betaE === null ? Number.NaN : sigma * betaE;
  const bounds = { imputeLow: Number.NaN, excludeLow: Number.NaN, excludeHigh: Number.NaN, imputeHigh: Number.NaN };
  const enoughObs = n >= minObs && n > 0;
  const flagged: number[] = [];
  // Banff reports, per flagged record, the last nonzero gap met while walking outwards.
  let lastGap = 0;
  const mark = (pos: number, f: HbFlag, g: number) => {
    if (g !== 0) lastGap = g;
    const i = order[pos]!;
    flag[i] = f;
    gap[i] = lastGap;
    flagged.push(i);
  };

  if (enoughObs && side !== 'right') {
    const startValue = quantileSorted(x, (100 - startCentile) / 100, 'type6');
    let sp = 0;
    while (sp < n - 1 && x[sp]! < startValue) sp++;
    const imp = betaI === null ? -1 : gapLeft(x, sp, 0, impSigmaGap); // last index of the FTI block
    const exc = betaE === null ? -1 : gapLeft(x, sp, imp, exclSigmaGap); // last index of the FTE block
    if (imp >= 0) bounds.imputeLow = x[imp + 1]! - x[imp]!;
    if (exc >= 0) bounds.excludeLow = x[exc + 1]! - x[exc]!;
    lastGap = 0;
    for (let i = exc; i >= imp + 1; i--) mark(i, HB_FLAG.ODEL, Math.abs(x[i + 1]! - x[i]!));
    for (let i = imp; i >= 0; i--) mark(i, HB_FLAG.ODIL, Math.abs(x[i + 1]! - x[i]!));
  }
  if (enoughObs && side !== 'left') {
    const startValue = quantileSorted(x, startCentile / 100, 'type6');
    let sp = n - 1;
    while (sp > 0 && x[sp]! > startValue) sp--;
    const imp = betaI === null ? n : gapRight(x, sp, n, impSigmaGap); // first index of the FTI block
    const exc = betaE === null ? n : gapRight(x, sp, imp, exclSigmaGap); // first index of the FTE block
    if (imp < n) bounds.imputeHigh = x[imp]! - x[imp - 1]!;
    if (exc < n) bounds.excludeHigh = x[exc]! - x[exc - 1]!;
    lastGap = 0;
    for (let i = exc; i < imp; i++) mark(i, HB_FLAG.ODER, Math.abs(x[i]! - x[i - 1]!));
    for (let i = imp; i < n; i++) mark(i, HB_FLAG.ODIR, Math.abs(x[i]! - x[i - 1]!));
  }
  flagged.sort((a, b) => a - b);
  return { n, enoughObs, sigma, impSigmaGap, exclSigmaGap, bounds, flag, gap, flaggedIds: flagged.map((i) => ids[i]!) };
}

/** Sigma-gap on the ratios current/hist (Banff with a historical file); non-positive hist is excluded. */
export function sigmaGapRatio<Id>(ids: ArrayLike<Id>, current: ArrayLike<number>, hist: ArrayLike<number>, options: SigmaGapOptions): SigmaGapResult<Id> {
  const r = new Float64Array(current.length);
  for (let i = 0; i < r.length; i++) {
    const h = hist[i]!;
    const c = current[i]!;
    r[i] = h > 0 && Number.isFinite(h) && Number.isFinite(c) ? c / h : Number.NaN;
  }
  return sigmaGap(ids, r, options);
}
