/** The record kinds of data contract v1, in the order a fresh district is best loaded. */
export const RECORD_KINDS = ['units', 'accounts', 'offices', 'market_status', 'tax', 'electricity', 'social_insurance', 'register_events', 'projects', 'project_progress', 'submissions'] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];

export function isRecordKind(value: string): value is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(value);
}

export const CATEGORIES = ['industry', 'construction', 'wholesale', 'retail', 'accommodation', 'catering', 'services', 'real_estate'] as const;
export type Category = (typeof CATEGORIES)[number];
