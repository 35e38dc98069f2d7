/**
 * Per-record outcome codes shared by the ratio-edit outlier methods (Hidiroglou–Berthelot,
 * sigma-gap), named after Banff's detailed statuses.
 *
 * Why codes in a Uint8Array: the methods run over a million records; one byte per record, no
 * per-record objects. ODI = outside the imputation band → FTI (field to impute); ODE = only
 * outside the exclusion band → FTE (field to exclude from donor/estimation pools).
 */
export const HB_FLAG = { ok: 0, excluded: 1, ODEL: 2, ODER: 3, ODIL: 4, ODIR: 5 } as const;
export type HbFlag = (typeof HB_FLAG)[keyof typeof HB_FLAG];
export type HbFlagLabel = keyof typeof HB_FLAG;
/** Label of each flag code, index = code. */
export const HB_FLAG_LABELS: readonly HbFlagLabel[] = ['ok', 'excluded', 'ODEL', 'ODER', 'ODIL', 'ODIR'];

/** Banff status of a flag: FTI (field to impute), FTE (field to exclude) or null. */
export function hbStatus(flag: number): 'FTI' | 'FTE' | null {
  if (flag === HB_FLAG.ODIL || flag === HB_FLAG.ODIR) return 'FTI';
  if (flag === HB_FLAG.ODEL || flag === HB_FLAG.ODER) return 'FTE';
  return null;
}
