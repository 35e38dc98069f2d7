import type { OversightRule } from '../../oversight/oversight-rule';
import { selective } from './selective';
import { unreviewed } from './unreviewed';

/**
 * The oversight rules (ENFORCE.*), by stable id. They read cases and audit trails, not the
 * district, so they run after case building (lib/use-cases/oversight.ts), not in `confront`.
 */
export const ENFORCE_RULES: OversightRule[] = [unreviewed, selective];
