import type { Decision } from './decisions';

/**
 * Whether a dismissal records a reason (有理有据) or only a formula. The lifecycle already
 * refuses a dismissal without any reason or evidence; what it cannot refuse is "经核查无问题"
 * typed into every case. A dismissal is substantive when its reason says something (length
 * by content, not by bytes), is not the same text reused across many cases, and names at least
 * one piece of evidence that says something.
 */
export interface ReasonPolicy {
  /** Minimum content length of a reason (see contentLength). */
  minReasonLength: number;
  /** Minimum content length of at least one evidence item. */
  minEvidenceLength: number;
  /** The same normalised reason on this many dismissed cases or more is a template. */
  reuseLimit: number;
}

export type BoilerplateSign = 'short_reason' | 'reused_reason' | 'no_evidence';

export interface DismissalQuality {
  substantive: boolean;
  signs: BoilerplateSign[];
  /** Dismissed cases carrying the same normalised reason. */
  reused_by: number;
}

const HAN = /\p{Script=Han}/u;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Content length: a Chinese character counts 2 (it carries about a word), a letter or digit 1,
 * spaces and punctuation 0. "经核查无问题" = 12 and "no problem found" = 14 fall short of the
 * default 16; "税务申报与报表一致" = 18 and "tax matches the report" = 19 pass.
 */
export function contentLength(text: string): number {
  let n = 0;
  for (const ch of text) n += HAN.test(ch) ? 2 : WORDISH.test(ch) ? 1 : 0;
  return n;
}

/** Case, width and punctuation folded away, so "经核查，无问题。" and "经核查无问题" are one text. */
export function normaliseReason(text: string): string {
  return [...text.normalize('NFKC').toLowerCase()].filter((ch) => WORDISH.test(ch)).join('');
}

/** Quality of every dismissal among `decisions`, by case id; reuse is counted over all of them. */
export function classifyDismissals(decisions: readonly Decision[], policy: ReasonPolicy): Map<string, DismissalQuality> {
  const dismissed = decisions.filter((d) => d.outcome === 'dismissed');
  const uses = new Map<string, Set<string>>();
  for (const d of dismissed) {
    const key = normaliseReason(d.reason ?? '');
    if (key) (uses.get(key) ?? uses.set(key, new Set()).get(key)!).add(d.case_id);
  }
  const out = new Map<string, DismissalQuality>();
  for (const d of dismissed) {
    const signs: BoilerplateSign[] = [];
    const key = normaliseReason(d.reason ?? '');
    const reusedBy = key ? (uses.get(key)?.size ?? 0) : 0;
    if (contentLength(d.reason ?? '') < policy.minReasonLength) signs.push('short_reason');
    if (reusedBy >= policy.reuseLimit) signs.push('reused_reason');
    if (!d.evidence_checked.some((e) => contentLength(e) >= policy.minEvidenceLength)) signs.push('no_evidence');
    out.set(d.case_id, { substantive: signs.length === 0, signs, reused_by: reusedBy });
  }
  return out;
}
