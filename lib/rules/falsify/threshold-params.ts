/**
 * Parameters, fixed constants and case types of RENT.THRESHOLD for units
 * (falsify.threshold-bunching), shared by its parts: the whole-year and entry cases
 * (threshold-cases.ts), the late push (late-push.ts) and the rule with its texts
 * (threshold-bunching.ts).
 */
import * as z from 'zod';
import type { Calibration } from '../../engine/severity';
import type { AnnualWindow } from './annual-windows';
import type { PeerRatio } from './robust-series';

export const Params = z.object({
  /** Reported 12-month revenue within [T, T·(1 + band)] counts as bunched just above threshold T. */
  band: z.number().positive().default(0.1),
  /** Tax-implied annual revenue must be below T·(1 − margin) for the whole year to be judged. */
  margin: z.number().min(0).default(0.05),
  /** Months (of 12) with a report needed in a window; the sum is scaled to 12. */
  minMonths: z.number().int().min(1).max(12).default(11),
  /** Robust z of revenue/kWh against peers that counts as electricity agreeing with tax (without it a whole-year case stays at most medium). */
  kwhZ: z.number().min(0).default(1.5),
  /**
   * Floor of a spread of log revenue/tax ratios (peers', σ): the ordinary movement of one unit's
   * ratio. Also the least excess over the unit's own ratio that a month of a late push must carry.
   */
  sigmaFloor: z.number().positive().default(0.04),
  /**
   * How far below T the business that tax supports may lie for an entry declared within `band`
   * above T to be pushed over the threshold (this rule's); a business further below entered
   * without real scale (REGISTER.FAKE_ENTRY's) and this rule leaves the entry alone.
   */
  pushGap: z.number().positive().max(1).default(0.25),
  /** Months outside the window with both a report and tax needed to use the unit's own ratio instead of the peers'. */
  ownMinMonths: z.number().int().min(3).default(9),
  /** Largest robust σ of the unit's monthly log revenue/tax ratio outside the window for that ratio to count as stable. */
  ownSigmaMax: z.number().positive().default(0.12),
  /**
   * Log departure of the unit's own stable revenue/tax ratio from the peers' beyond which it is
   * the unit's trade (zero-rated exports: taxable sales under about 60 % of what the peers' ratio gives), not a push.
   */
  ownDeparture: z.number().positive().default(0.5),
  /**
   * Log difference within which another year's revenue/tax ratio counts as the same: when that
   * year was reported above T·(1 + band) (nothing to push) the ratio is the unit's trade and a
   * whole-year case stays low.
   */
  sameRatioLog: z.number().positive().default(0.1),
  /** Robust z of the unit's revenue/tax ratio against its null needed for a whole-year case to reach medium. */
  zMin: z.number().min(0).default(2),
  /** Late push: the window's earlier months, and the months just after it, may carry at most this share of the block's mean excess (else it is a lasting shift, not a push). */
  latePriorShare: z.number().min(0).max(1).default(0.3),
});
export type Params = z.output<typeof Params>;

/** Default parameters, for rules that defer to this one. */
export const THRESHOLD_DEFAULTS: Params = Params.parse({});

/** Months with both a report and tax needed in a window to measure the unit's ratio there (two-thirds of a year: a quarter's filing may be missing). */
export const MIN_COMMON_MONTHS = 8;
/** Peers needed for a peer ratio (else the whole category is used). */
export const MIN_PEERS = 5;
/** A register entry within this many months after a window concerns it: the contract's 12-month window of `declared_annual_revenue`. */
export const ENTRY_LOOKAHEAD = 12;
/** Floor of the standard error of a ratio against the unit's own stable ratio (half the peers' floor: one unit's ratio is steadier than the spread between units). */
export const OWN_SE_FLOOR = 0.02;
/** Late push: the fewest months of the block — one quarter, so that a quarter's VAT timing alone cannot make one. */
export const LATE_MIN_MONTHS = 3;
/** Late push: the most months of the block — half a year; a longer lift is a lasting shift (FALSIFY.INFLATE's), not a push. */
export const LATE_MAX_MONTHS = 6;

/** Where the revenue/tax ratio used to convert tax into revenue comes from. */
export interface RatioBasis {
  kind: 'own' | 'peer';
  /** Own: months outside the window; peer: peer units. */
  n: number;
  /** Median log revenue/tax ratio. */
  median: number;
  /** Own: robust σ of the monthly log ratio; peer: spread of the peers' log ratios. */
  sigma: number;
  /** Denominator of the z score. */
  se: number;
  /** Peer group label, or 'own' for the unit's history. */
  label: string;
}

/**
 * The excess of a window's last months over the unit's own revenue/tax ratio (its other months,
 * before and after), when it alone lifts the year over the threshold.
 */
export interface LatePush {
  /** Block of raised months (column indices). */
  from: number;
  to: number;
  /** Mean log excess of the block over the unit's own ratio, and the earlier window months'. */
  meanExcess: number;
  priorExcess: number;
  /** z of the block's mean excess against the spread of the other months, and log10 of its Student-t upper tail. */
  z: number;
  log10P: number;
  /** Block lengths tried (the looks of this window). */
  tried: number;
  /** Own ratio: months used, median log revenue/tax, robust σ. */
  baseMonths: number;
  base: number;
  sigma: number;
  /** Revenue above what tax at the own ratio gives, summed over the block (annualised like the window). */
  excess: number;
  /** The window's annual revenue without that excess. */
  without: number;
  /** Mean log change of kWh/tax over the block against the same months of the other year (NaN without the meter). */
  meterRise: number;
  /** Robust σ of that year-on-year change over the unit's other months, and how many there were. */
  meterSigma: number;
  meterMonths: number;
}

export interface ThresholdCase {
  /** 'window': a 12-month window of reports; 'entry': the declaration of a register entry. */
  kind: 'window' | 'entry';
  window: AnnualWindow;
  threshold: number;
  reported: number;
  /** Annual tax-declared sales (reported annual revenue over the unit's revenue/tax ratio on common months). */
  taxAnnual: number;
  taxMonths: number;
  implied: number;
  kwhAnnual: number;
  impliedKwh: number;
  zTax: number;
  zKwh: number;
  peerTax: PeerRatio;
  basis: RatioBasis;
  peerKwh: PeerRatio | null;
  score: number;
  entryEvent: string | null;
  /** The register entry in or after the window was pushed over the threshold (this rule's), not a fake entry. */
  entryPushed: boolean;
  /** Set when the case rests on a push of the window's last months rather than on the whole year's ratio. */
  late?: LatePush;
  /** How the severity follows from the evidence (lib/engine/severity); absent for a whole-year case, scored by hand (see threshold-cases). */
  calibration?: Calibration;
}
