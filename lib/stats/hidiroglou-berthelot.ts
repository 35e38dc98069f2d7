/**
 * Hidiroglou–Berthelot (1986) ratio-edit outlier method, in the two parameterisations whose
 * published figures we reproduce: univOutl `HBmethod` (U = 0.5, A = 0.05, C = 4, R type 7
 * quantiles, one outlier band) and StatCan Banff `outlier(method = "H")` (exponent 0,
 * mdm = 0.05, GEIS type 6 percentiles, an imputation band mii → FTI and an exclusion band
 * mei → FTE, minobs).
 *
 * Why one implementation: both are the same algorithm — r = x2/x1, median-centred
 * s = 1 − rM/r (r < rM) or r/rM − 1, effect E = s·max(x1, x2)^U, bounds
 * E_M ∓ mult·max(E_M − E_Q1 | E_Q3 − E_M, |A·E_M|), strict comparisons, imputation band checked
 * first — and the differences (quantile type, multipliers, exponent) are exactly what
 * changes the flags (Banff C03: R07 is FTE with type 6 but FTI with type 7).
 *
 * Built for a million rows: parallel typed-array input and output, two Float64Array sorts,
 * no per-row objects.
 */
import { HB_FLAG, type HbFlag } from './outlier-flags';
import { quantileSorted, type QuantileType } from './quantile';

export { HB_FLAG, HB_FLAG_LABELS, hbStatus, type HbFlag, type HbFlagLabel } from './outlier-flags';

/** A multiplier for both sides, or [left, right] (univOutl allows C = c(Cl, Cr)). */
export type HbMultiplier = number | readonly [number, number];

export interface HbOptions {
  /** U (univOutl) / exponent (Banff): weight of the record's size max(x1, x2)^U in the effect. */
  exponent: number;
  /** A (univOutl) / mdm (Banff): minimum half-width of the band as a fraction of |E_M|. */
  minDistance: number;
  /** C (univOutl) / mii (Banff): multiplier of the outer band; outside → ODIL / ODIR (FTI). */
  impute: HbMultiplier;
  /** mei (Banff): multiplier of the inner band; between the bands → ODEL / ODER (FTE). null = none. */
  exclude: HbMultiplier | null;
  quantileType: QuantileType;
  /** Below this many usable records nothing is flagged and all bounds are NaN (Banff minobs). */
  minObs: number;
  /** Which tail(s) may be flagged. */
  side: 'both' | 'left' | 'right';
}

/** univOutl 0.5 `HBmethod` defaults. */
export const HB_UNIVOUTL: Readonly<HbOptions> = {
  exponent: 0.5,
  minDistance: 0.05,
  impute: 4,
  exclude: null,
  quantileType: 'type7',
  minObs: 1,
  side: 'both',
};

/** Banff `outlier(method = "H")` defaults with the usual mii = 3, mei = 2. */
export const HB_BANFF: Readonly<HbOptions> = {
  exponent: 0,
  minDistance: 0.05,
  impute: 3,
  exclude: 2,
  quantileType: 'type6',
  minObs: 10,
  side: 'both',
};

export interface HbBounds {
  imputeLow: number;
  excludeLow: number;
  excludeHigh: number;
  imputeHigh: number;
}

export interface HbResult<Id> {
  /** Records used (x1 > 0, x2 > 0, both finite). */
  n: number;
  /** False when n < minObs: nothing flagged, bounds NaN. */
  enoughObs: boolean;
  medianRatio: number;
  /** Quartiles of the effects E. */
  quartiles: { q1: number; median: number; q3: number };
  bounds: HbBounds;
  /** Parallel to the input; NaN for excluded records. */
  ratio: Float64Array;
  s: Float64Array;
  effect: Float64Array;
  /** HB_FLAG code per record. */
  flag: Uint8Array;
  /** Input indices of the ODI/ODE records, in data order, and their ids. */
  flaggedIndex: Int32Array;
  flaggedIds: Id[];
}

/** max(x1, x2)^U; U = 0.5 (univOutl's default) through the correctly rounded Math.sqrt. */
function sizeFactor(size: number, exponent: number): number {
  return exponent === 0.5 ? Math.sqrt(size) : exponent === 1 ? size : size ** exponent;
}

function sides(m: HbMultiplier): readonly [number, number] {
  return typeof m === 'number' ? [m, m] : m;
}

/**
 * HB scores and flags. `x1` is the reference (previous period / historical / auxiliary) value,
 * `x2` the current one: r = x2/x1. Records with a non-positive or non-finite value are
 * flagged `excluded` and take no part in the medians and quartiles.
 */
export function hidiroglouBerthelot<Id>(ids: ArrayLike<Id>, x1: ArrayLike<number>, x2: ArrayLike<number>, options: Partial<HbOptions> = {}): HbResult<Id> {
  const o: HbOptions = { ...HB_UNIVOUTL, ...options };
  const len = x1.length;
  if (x2.length !== len || ids.length !== len) throw new RangeError('ids, x1 and x2 must have the same length');
  const ratio = new Float64Array(len).fill(Number.NaN);
  const s = new Float64Array(len).fill(Number.NaN);
  const effect = new Float64Array(len).fill(Number.NaN);
  const flag = new Uint8Array(len);
  const work = new Float64Array(len);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const a = x1[i]!;
    const b = x2[i]!;
    if (a > 0 && b > 0 && a < Infinity && b < Infinity) {
      const r = b / a;
      ratio[i] = r;
      work[n++] = r;
    } else {
      flag[i] = HB_FLAG.excluded;
    }
  }
  const used = work.subarray(0, n).sort();
  const rM = quantileSorted(used, 0.5, o.quantileType);
  let k = 0;
  for (let i = 0; i < len; i++) {
    const r = ratio[i]!;
    if (Number.isNaN(r)) continue;
    const si = r < rM ? 1 - rM / r : r / rM - 1;
    const e = o.exponent === 0 ? si : si * sizeFactor(Math.max(x1[i]!, x2[i]!), o.exponent);
    s[i] = si;
    effect[i] = e;
    work[k++] = e;
  }
  const sortedE = work.subarray(0, n).sort();
  const q1 = quantileSorted(sortedE, 0.25, o.quantileType);
  const eM = quantileSorted(sortedE, 0.5, o.quantileType);
  const q3 = quantileSorted(sortedE, 0.75, o.quantileType);
  const floor = Math.abs(o.minDistance * eM);
  const dLow = Math.max(eM - q1, floor);
  const dHigh = Math.max(q3 - eM, floor);
  const enoughObs = n >= o.minObs && n > 0;
  const [iL, iR] = sides(o.impute);
  const [xL, xR] = o.exclude === null ? [Number.NaN, Number.NaN] : sides(o.exclude);
  const bounds: HbBounds = enoughObs
    ? { imputeLow: eM - iL * dLow, excludeLow: eM - xL * dLow, excludeHigh: eM + xR * dHigh, imputeHigh: eM + iR * dHigh }
    : { imputeLow: Number.NaN, excludeLow: Number.NaN, excludeHigh: Number.NaN, imputeHigh: Number.NaN };

  const left = o.side !== 'right';
  const right = o.side !== 'left';
  const flagged: number[] = [];
  if (enoughObs) {
    for (let i = 0; i < len; i++) {
      const e = effect[i]!;
      if (Number.isNaN(e)) continue;
      // Imputation band first: with mei = mii the record is FTI, as in Banff's Status().
      let f: HbFlag = HB_FLAG.ok;
      if (left && e < bounds.imputeLow) f = HB_FLAG.ODIL;
      else if (right && e > bounds.imputeHigh) f = HB_FLAG.ODIR;
      else if (left && e < bounds.excludeLow) f = HB_FLAG.ODEL;
      else if (right && e > bounds.excludeHigh) f = HB_FLAG.ODER;
      if (f !== HB_FLAG.ok) {
        flag[i] = f;
        flagged.push(i);
      }
    }
  }
  const flaggedIndex = Int32Array.from(flagged);
  return {
    n,
    enoughObs,
    medianRatio: rM,
    quartiles: { q1, median: eM, q3 },
    bounds,
    ratio,
    s,
    effect,
    flag,
    flaggedIndex,
    flaggedIds: Array.from(flaggedIndex, (i) => ids[i]!),
  };
}

/** univOutl `HBmethod(yt1, yt2, U, A, C)`: outliers are the ODIL (left tail) / ODIR (right tail) records. */
export function hbUnivOutl<Id>(
  ids: ArrayLike<Id>,
  yt1: ArrayLike<number>,
  yt2: ArrayLike<number>,
  params: { U?: number; A?: number; C?: HbMultiplier; quantileType?: QuantileType } = {},
): HbResult<Id> {
  return hidiroglouBerthelot(ids, yt1, yt2, {
    ...HB_UNIVOUTL,
    exponent: params.U ?? HB_UNIVOUTL.exponent,
    minDistance: params.A ?? HB_UNIVOUTL.minDistance,
    impute: params.C ?? HB_UNIVOUTL.impute,
    quantileType: params.quantileType ?? HB_UNIVOUTL.quantileType,
  });
}

/** Banff `outlier(method = "H")` of `current` against `hist` (historical or auxiliary) values. */
export function hbBanff<Id>(
  ids: ArrayLike<Id>,
  current: ArrayLike<number>,
  hist: ArrayLike<number>,
  params: { exponent?: number; mdm?: number; mii?: number; mei?: number | null; minObs?: number; side?: HbOptions['side'] } = {},
): HbResult<Id> {
  return hidiroglouBerthelot(ids, hist, current, {
    ...HB_BANFF,
    exponent: params.exponent ?? HB_BANFF.exponent,
    minDistance: params.mdm ?? HB_BANFF.minDistance,
    impute: params.mii ?? HB_BANFF.impute,
    exclude: params.mei === undefined ? HB_BANFF.exclude : params.mei,
    minObs: params.minObs ?? HB_BANFF.minObs,
    side: params.side ?? HB_BANFF.side,
  });
}
