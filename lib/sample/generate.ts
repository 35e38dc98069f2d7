import { TOWNS } from './district';
import { PERIODS, type SampleTruth } from './model';
import { Random } from './random';
import { addAgencies, injectDuplicates, injectEntries, injectExits, injectMisclassified, injectProjects, injectThreshold } from './inject-register';
import { injectCoordinated, injectCopy, injectFabricate, injectInflateConceal, injectInvalid, injectProxyFiling } from './inject-falsify';
import { industriesFor, makeBaseUnit } from './base';
import { resetEventSerial, townOfficeAccount, type SampleContext } from './context';
import { emit, type SampleFiles } from './emit';
import { resetProjectSerial } from './projects';

export interface SampleOptions {
  seed?: number;
  /** Register units before injections add entrants and duplicates. */
  units?: number;
}

/**
 * A deterministic Lanshan district: every contract kind, every pattern injected on a few
 * units, and the legitimate look-alikes (booms, declines, agencies, real exits, town shocks)
 * that a detector must leave alone. `truth` lists what was injected.
 */
export function generateSample(opts: SampleOptions = {}): { files: SampleFiles; truth: SampleTruth } {
  const seed = opts.seed ?? 20240101;
  const rng = new Random(seed);
  resetEventSerial();
  resetProjectSerial();
  const ctx: SampleContext = { rng, usedCodes: new Set(), units: [], projects: [], events: [], accounts: [], truth: [], lookalikes: [], claimed: new Set() };
  const count = opts.units ?? 420;
  for (let i = 0; i < count; i++) {
    // Towns differ in size: the park and the streets hold more units than the outer towns.
    const townIndex = rng.chance(0.25) ? 11 : rng.int(0, TOWNS.length - 1);
    ctx.units.push(makeBaseUnit(rng, ctx.usedCodes, industriesFor(rng), townIndex));
  }
  for (const u of ctx.units) ctx.accounts.push({ account: u.account, ownerType: 'unit', ownerId: u.unitId });
  TOWNS.forEach((t, i) => ctx.accounts.push({ account: townOfficeAccount(i), ownerType: i === 11 ? 'park_office' : 'town_office', ownerId: t.code }));

  injectProxyFiling(ctx);
  injectCoordinated(ctx);
  addAgencies(ctx);
  injectInvalid(ctx);
  injectInflateConceal(ctx);
  injectFabricate(ctx);
  injectCopy(ctx);
  injectThreshold(ctx);
  injectExits(ctx);
  injectMisclassified(ctx);
  injectDuplicates(ctx);
  injectEntries(ctx);
  injectProjects(ctx);

  const files = emit(ctx);
  return { files, truth: { seed, periods: [...PERIODS], injected: ctx.truth, lookalikes: ctx.lookalikes } };
}
