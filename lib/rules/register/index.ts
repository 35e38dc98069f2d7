import type { Rule } from '../../engine/rule';
import { bundledProject } from './bundled-project';
import { churn } from './churn';
import { crossDistrict } from './cross-district';
import { duplicateProject } from './duplicate-project';
import { duplicateUnit } from './duplicate-unit';
import { fakeEntry } from './fake-entry';
import { fakeExit } from './fake-exit';
import { misclassified } from './misclassified';
import { missedExit } from './missed-exit';

/** The register rules, in the order they run. */
export const REGISTER_RULES: Rule[] = [fakeEntry, duplicateUnit, duplicateProject, misclassified, crossDistrict, bundledProject, fakeExit, missedExit, churn];
