import * as z from 'zod';
import { round } from '../../engine/rule';
import type { AuditEntry, CaseRecord } from '../../cases/model';
import { transitionsOf } from '../../oversight/decisions';
import { DAY_MS, defineOversightRule, type OversightFinding } from '../../oversight/oversight-rule';

/**
 * ENFORCE.UNREVIEWED — a high or medium case left without a decision past its deadline.
 *
 * Two clocks, because a lead can stall at two places: a `new` case nobody has taken up
 * (counted from its creation), and a case taken up (`reviewing`) that nobody decides (counted
 * from when it last entered `reviewing`, with its own deadline: taking a case up is an act
 * that the trail records, and the review that follows needs its own time).
 *
 * Default deadlines, in calendar days (configurable):
 * - taking up a `new` case: 30 (high) / 60 (medium). 30 days ≈ the 15 working days, extendable
 *   by 15, that comparable administrative procedure gives to check a lead and decide whether
 *   to open a case (市场监督管理行政处罚程序规定 第十八条); medium leads get twice that, still
 *   inside one quarterly enforcement review.
 * - deciding a `reviewing` case: 60 (high) / 90 (medium). 90 days is the general limit for a
 *   penalty decision after a case is opened (行政处罚法 2021 第六十条); a review before filing
 *   should not take longer than the decision after it.
 *
 * A case is overdue when strictly more than the deadline has passed: on the deadline itself it
 * may still be decided. One finding per case and stage (the key), updated as the delay grows;
 * once the stage ends late (taken up, decided), the same finding turns into a low watch-list
 * entry with `resolved: true`: the delay stays on record, the stored finding stops asking for
 * action.
 */
export const unreviewed = defineOversightRule({
  id: 'enforce.unreviewed',
  version: 1,
  pattern: 'ENFORCE.UNREVIEWED',
  title: { zh: '线索逾期未处理', en: 'Lead left undecided past its deadline' },
  description: {
    zh: '高、中等级案件超过期限仍无处理决定：新建案件自建立之日起（高 30 天、中 60 天）未转入核查，或核查中案件自转入核查之日起（高 60 天、中 90 天）未作出排除或立案决定。期限可配置；恰好到期当日不算逾期。逾期后才处理的，保留为“低”级记录（resolved）。',
    en: 'A high or medium case without a decision past its deadline: a new case not taken up within 30 (high) / 60 (medium) days of its creation, or a case under review not dismissed or filed within 60 (high) / 90 (medium) days of entering review. Deadlines are configurable; the deadline day itself is not overdue. A stage that ended late stays on record as a low (resolved) entry.',
  },
  scope: 'case',
  reads: ['cases', 'case_audit'],
  params: z.object({
    newHighDays: z.number().positive().default(30),
    newMediumDays: z.number().positive().default(60),
    reviewingHighDays: z.number().positive().default(60),
    reviewingMediumDays: z.number().positive().default(90),
  }),
  evaluate({ cases, audits, now }, p) {
    const out: OversightFinding[] = [];
    for (const c of cases) {
      if (c.severity === 'low') continue;
      const high = c.severity === 'high';
      for (const st of stagesOf(c, audits.get(c.case_id))) {
        const deadline = st.stage === 'new' ? (high ? p.newHighDays : p.newMediumDays) : high ? p.reviewingHighDays : p.reviewingMediumDays;
        const elapsed = ((st.end ? Date.parse(st.end.at) : now.getTime()) - Date.parse(st.since)) / DAY_MS;
        if (!(elapsed > deadline)) continue;
        const overdue = elapsed - deadline;
        const late = Math.min(1, overdue / deadline);
        // Open: the case's own severity, the score growing with the delay (twice the deadline =
        // top of the band). Resolved late: kept on the record as a low watch-list entry, so the
        // finding stored while it was open no longer asks for action.
        const score = st.end ? 0.3 : high ? 0.8 + 0.2 * late : 0.5 + 0.29 * late;
        const words = STAGE_WORDS[st.stage];
        const who = st.by ? { zh: `（核查人 ${st.by}）`, en: ` (reviewer ${st.by})` } : { zh: '', en: '' };
        const days = { elapsed: Math.floor(elapsed), overdue: Math.ceil(overdue) };
        out.push({
          key: `${c.case_id}|${st.stage}`,
          subject: c.subject,
          unit_ids: c.unit_ids,
          period: null,
          score: round(score, 3),
          severity: st.end ? 'low' : c.severity,
          summary_zh: st.end
            ? `案件 ${c.case_id}（${high ? '高' : '中'}）自${words.sinceZh}起 ${days.elapsed} 天后才${words.doneZh}，超过 ${deadline} 天期限 ${days.overdue} 天${who.zh}`
            : `案件 ${c.case_id}（${high ? '高' : '中'}）自${words.sinceZh}起已 ${days.elapsed} 天${words.openZh}，超过 ${deadline} 天期限 ${days.overdue} 天${who.zh}`,
          summary_en: st.end
            ? `Case ${c.case_id} (${c.severity}) was ${words.doneEn} only ${days.elapsed} days after ${words.sinceEn}, ${days.overdue} days past its ${deadline}-day deadline${who.en}`
            : `Case ${c.case_id} (${c.severity}) ${words.openEn} for ${days.elapsed} days since ${words.sinceEn}, ${days.overdue} days past its ${deadline}-day deadline${who.en}`,
          evidence: {
            case_id: c.case_id,
            case_status: c.status,
            case_severity: c.severity,
            case_patterns: c.patterns,
            town_code: c.town_code,
            stage: st.stage,
            since: st.since,
            since_event: st.stage === 'new' ? 'created' : 'entered_reviewing',
            reviewer: st.by,
            deadline_days: deadline,
            due_at: new Date(Date.parse(st.since) + deadline * DAY_MS).toISOString(),
            as_of: now.toISOString(),
            elapsed_days: round(elapsed, 2),
            overdue_days: round(overdue, 2),
            resolved: st.end !== null,
            resolved_at: st.end?.at ?? null,
            resolved_by: st.end?.by ?? null,
            recommended_action: c.recommended_action.code,
          },
        });
      }
    }
    return out;
  },
});

const STAGE_WORDS = {
  new: { openZh: '未转入核查', doneZh: '转入核查', openEn: 'was not taken up', doneEn: 'taken up', sinceZh: '建立', sinceEn: 'creation' },
  reviewing: { openZh: '核查中未作决定', doneZh: '作出决定', openEn: 'stayed under review without a decision', doneEn: 'decided', sinceZh: '转入核查', sinceEn: 'entering review' },
} as const;

interface Stage {
  stage: 'new' | 'reviewing';
  since: string;
  /** Who took the case up (the reviewing stage); null for the new stage. */
  by: string | null;
  /** The transition that ended the stage; null while the case is still in it. */
  end: { at: string; by: string } | null;
}

/** The waiting stages of a case: `new` from creation until taken up, `reviewing` from its (last) entry until decided. */
function stagesOf(c: CaseRecord, audit: readonly AuditEntry[] | undefined): Stage[] {
  const steps = transitionsOf(c, audit);
  const leftNew = steps.find((t) => t.from === 'new');
  const stages: Stage[] = [{ stage: 'new', since: c.created_at, by: null, end: leftNew ? { at: leftNew.at, by: leftNew.by } : null }];
  const entered = steps
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.to === 'reviewing')
    .at(-1);
  if (entered) {
    const left = steps.slice(entered.i + 1).find((t) => t.from === 'reviewing');
    stages.push({ stage: 'reviewing', since: entered.t.at, by: entered.t.by, end: left ? { at: left.at, by: left.by } : null });
  } else if (c.status === 'reviewing') {
    // A trail without the entry (never expected): count from the last change of the case.
    stages.push({ stage: 'reviewing', since: c.updated_at, by: null, end: null });
  }
  return stages;
}
