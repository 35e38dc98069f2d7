import type { Category } from './kinds';

/**
 * Annual revenue (thousand yuan) at which a unit belongs in the above-scale (四上) register.
 * Construction and real estate enter by qualification, not by revenue, so they have none.
 */
export const DEFAULT_REGISTER_THRESHOLDS: Record<Category, number | null> = {
  industry: 20_000,
  construction: null,
  wholesale: 20_000,
  retail: 5_000,
  accommodation: 2_000,
  catering: 2_000,
  services: 10_000,
  real_estate: null,
};

/** Planned investment (thousand yuan) from which a fixed-asset project enters the project register. */
export const DEFAULT_PROJECT_THRESHOLD = 5_000;
