import * as z from 'zod';
import { defineRule, round, type RuleFinding } from '../../engine/rule';
import type { RegisterEventRecord } from '../../contract/schemas';
import { periodColumn, unitProfiles, windowStat, DEFAULT_TAX_RATIO } from './evidence';

/**
 * Register churn (REGISTER.FAKE_ENTRY / FAKE_EXIT, low): units entering and leaving repeatedly.
 */
export const churn = defineRule({
  id: 'register.churn',
  version: 1,
  pattern: 'REGISTER.FAKE_EXIT',
  title: { zh: '反复出入库', en: 'Repeated entries and exits' },
  description: {
    zh: '同一单位在观察期内多次入库、退库，可能是为完成指标或规避报送而操纵名录；单位规模在标准附近波动也会如此，故仅作“低”级线索，并附每次事件时税务折合的年收入供核查。最近一次为入库时归为虚假入库，为退库时归为虚假退库。',
    en: 'A unit entering and leaving the register repeatedly may be moved in and out to meet targets or avoid reporting; a unit hovering around the threshold does the same honestly, so this is a low watch-list signal, with the tax-implied annual revenue at each event for checking. The pattern is FAKE_ENTRY when the latest event is an entry, FAKE_EXIT when it is an exit.',
  },
  scope: 'unit',
  reads: ['register_events', 'tax'],
  params: z.object({
    /** Events within this many months count towards churn. */
    windowMonths: z.number().int().min(1).default(36),
    /** Events (entries + exits) within the window that make churn. */
    minEvents: z.number().int().min(2).default(3),
    score: z.number().min(0).max(0.49).default(0.35),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const byUnit = new Map<string, RegisterEventRecord[]>();
    for (const e of data.registerEvents) {
      const list = byUnit.get(e.unit_id);
      if (list) list.push(e);
      else byUnit.set(e.unit_id, [e]);
    }
    const profiles = unitProfiles(data);
    for (const [unitId, events] of byUnit) {
      if (events.length < 2) continue;
      events.sort((a, b) => a.period.localeCompare(b.period) || a.submitted_at.localeCompare(b.submitted_at));
      const last = events[events.length - 1]!;
      const lastCol = periodColumn(data, last.period);
      const recent = events.filter((e) => lastCol - periodColumn(data, e.period) < params.windowMonths);
      const entries = recent.filter((e) => e.type === 'entry').length;
      const exits = recent.length - entries;
      if (recent.length < params.minEvents && !(entries >= 2 || exits >= 2)) continue;
      const u = data.unitIndex.get(unitId);
      const ratio = u !== undefined ? (Number.isFinite(profiles.taxRatio[u]!) ? profiles.taxRatio[u]! : DEFAULT_TAX_RATIO.median) : DEFAULT_TAX_RATIO.median;
      const history = recent.map((e) => {
        const col = periodColumn(data, e.period);
        const tax = u === undefined ? null : windowStat(data, data.taxSales, u, col - 12, col - 1);
        return {
          event_id: e.event_id,
          type: e.type,
          reason: e.reason,
          period: e.period,
          declared: e.declared_annual_revenue ?? null,
          threshold: ctx.registerThresholds[e.category] ?? null,
          tax_months: tax?.n ?? 0,
          tax_implied_annual: tax && tax.n ? round(tax.annual / ratio, 1) : null,
        };
      });
      out.push({
        pattern: last.type === 'entry' ? 'REGISTER.FAKE_ENTRY' : 'REGISTER.FAKE_EXIT',
        subject: { kind: 'unit', id: unitId },
        unit_ids: [unitId],
        period: last.period,
        score: params.score,
        severity: 'low',
        summary_zh: `该单位${params.windowMonths}个月内入库${entries}次、退库${exits}次（最近一次${last.period}${last.type === 'entry' ? '入库' : '退库'}），名录进出频繁`,
        summary_en: `The unit entered the register ${entries} times and left it ${exits} times within ${params.windowMonths} months (latest: ${last.type} in ${last.period})`,
        evidence: { entries, exits, window_months: params.windowMonths, events: history, tax_ratio_used: round(ratio, 3) },
      });
    }
    return out;
  },
});
