import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { ALLOWED_TRANSITIONS, closeRectificationItem, decideCase } from '../../../lib/cases/lifecycle';
import { CASE_STATUSES, CaseConflictError, CaseTransitionError, type CaseRecord, type CaseStatus } from '../../../lib/cases/model';
import { buildCases } from '../../../lib/use-cases/build-cases';
import { closeItem, decide } from '../../../lib/use-cases/decide-case';
import { finding, sampleDistrict, tickingClock, wellFiledUnits } from './fixtures';

const data = sampleDistrict();
const [A] = wellFiledUnits(data, 1) as [string];

async function newCase() {
  const d = { cases: new MemoryCaseStore(), blobs: new MemoryBlobStore(), clock: tickingClock() };
  const findings = [
    finding({ subject: { kind: 'unit', id: A }, period: '2024-02' }),
    finding({ subject: { kind: 'unit', id: A }, period: '2024-03' }),
    finding({ subject: { kind: 'unit', id: A }, rule: 'rent', pattern: 'RENT.THRESHOLD', severity: 'medium', score: 0.6 }),
    finding({ subject: { kind: 'unit', id: A }, rule: 'low', pattern: 'FALSIFY.FABRICATE', severity: 'low', score: 0.3 }),
  ];
  const { created } = await buildCases(d, { findings, data, runId: 'run-1' });
  return { d, id: created[0]!.case_id };
}

const EXPECTED_PATH: CaseStatus[] = ['new', 'reviewing', 'filed', 'rectifying', 'closed'];

describe('case lifecycle', () => {
  it('refuses every transition outside new → reviewing → (dismissed | filed) → rectifying → closed, bilingually', async () => {
    const { d, id } = await newCase();
    const base = (await d.cases.get(id))!;
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const c: CaseRecord = { ...base, status: from, items: [] };
        const legal = ALLOWED_TRANSITIONS[from].includes(to);
        const attempt = () => decideCase(c, { to, by: '王五', at: '2024-07-01T00:00:00Z', reason: 'r', evidenceChecked: ['e'] });
        if (legal) expect(attempt().next.status).toBe(to);
        else {
          expect(attempt).toThrow(CaseTransitionError);
          try {
            attempt();
          } catch (err) {
            const e = err as CaseTransitionError;
            expect(e.code).toBe('illegal_transition');
            expect(e.message).toMatch(/不能从/);
            expect(e.message).toMatch(/cannot go from/);
          }
        }
      }
    }
    expect(ALLOWED_TRANSITIONS.new).toEqual(['reviewing']);
    expect(ALLOWED_TRANSITIONS.closed).toEqual([]);
    expect(ALLOWED_TRANSITIONS.dismissed).toEqual([]);
  });

  it('requires a reason and the evidence checked to dismiss, and who decided', async () => {
    const { d, id } = await newCase();
    await expect(decide(d, { caseId: id, status: 'reviewing', by: '  ' })).rejects.toMatchObject({ code: 'by_required' });
    await decide(d, { caseId: id, status: 'reviewing', by: '王五' });
    await expect(decide(d, { caseId: id, status: 'dismissed', by: '王五' })).rejects.toMatchObject({ code: 'reason_required' });
    await expect(decide(d, { caseId: id, status: 'dismissed', by: '王五', reason: '  ' })).rejects.toMatchObject({ code: 'reason_required' });
    await expect(decide(d, { caseId: id, status: 'dismissed', by: '王五', reason: '季节性波动' })).rejects.toMatchObject({ code: 'evidence_required' });
    expect((await d.cases.get(id))!.status).toBe('reviewing');
    const c = await decide(d, { caseId: id, status: 'dismissed', by: '王五', reason: '季节性波动', evidenceChecked: ['2024年3月增值税申报表', '电费单'] });
    expect(c.status).toBe('dismissed');
    const last = (await d.cases.audit(id)).at(-1)!;
    expect(last).toMatchObject({ action: 'transition', from: 'reviewing', to: 'dismissed', by: '王五', reason: '季节性波动', evidence_checked: ['2024年3月增值税申报表', '电费单'] });
    await expect(decide(d, { caseId: id, status: 'nonsense', by: 'x' })).rejects.toBeInstanceOf(CaseTransitionError);
  });

  it('creates one rectification item per pattern of the high/medium findings when filed, and closes only when all are closed', async () => {
    const { d, id } = await newCase();
    for (const s of EXPECTED_PATH.slice(1, 4)) await decide(d, { caseId: id, status: s, by: '赵六' });
    const c = (await d.cases.get(id))!;
    expect(c.items.map((i) => [i.pattern, i.finding_ids.length, i.status])).toEqual([
      ['FALSIFY.INFLATE', 2, 'open'],
      ['RENT.THRESHOLD', 1, 'open'],
    ]);
    await expect(decide(d, { caseId: id, status: 'closed', by: '赵六' })).rejects.toMatchObject({ code: 'items_open' });
    await closeItem(d, { caseId: id, itemId: c.items[0]!.item_id, by: '赵六', note: '已更正2024年2—3月数据' });
    await expect(closeItem(d, { caseId: id, itemId: c.items[0]!.item_id, by: '赵六', note: 'again' })).rejects.toMatchObject({ code: 'item_closed' });
    await expect(closeItem(d, { caseId: id, itemId: 'nope', by: '赵六', note: 'n' })).rejects.toMatchObject({ code: 'unknown_item' });
    await expect(closeItem(d, { caseId: id, itemId: c.items[1]!.item_id, by: '赵六', note: ' ' })).rejects.toMatchObject({ code: 'note_required' });
    await expect(decide(d, { caseId: id, status: 'closed', by: '赵六' })).rejects.toMatchObject({ code: 'items_open' });
    await closeItem(d, { caseId: id, itemId: c.items[1]!.item_id, by: '钱七', note: '已退库' });
    const closed = await decide(d, { caseId: id, status: 'closed', by: '赵六' });
    expect(closed.status).toBe('closed');
    expect(closed.items.every((i) => i.status === 'closed' && i.closed_by && i.closed_at && i.note)).toBe(true);
    const audit = await d.cases.audit(id);
    expect(audit.map((a) => a.seq)).toEqual(audit.map((_, i) => i + 1));
    expect(audit.map((a) => a.action)).toEqual(['create', 'transition', 'transition', 'transition', 'close_item', 'close_item', 'transition']);
    expect(audit.filter((a) => a.action === 'close_item').map((a) => a.item)).toEqual(c.items.map((i) => i.item_id));
    expect(closed.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['new>reviewing', 'reviewing>filed', 'filed>rectifying', 'rectifying>closed']);
  });

  it('only allows closing items while rectifying', async () => {
    const { d, id } = await newCase();
    await decide(d, { caseId: id, status: 'reviewing', by: 'a' });
    const filed = await decide(d, { caseId: id, status: 'filed', by: 'a' });
    expect(() => closeRectificationItem(filed, { itemId: filed.items[0]!.item_id, by: 'a', at: 'now', note: 'n' })).toThrow(/rectifying/);
  });

  it('lets only one of two decisions made from the same state win', async () => {
    const { d, id } = await newCase();
    await decide(d, { caseId: id, status: 'reviewing', by: 'a' });
    const c = (await d.cases.get(id))!;
    const one = decideCase(c, { to: 'filed', by: 'a', at: 't1' });
    const two = decideCase(c, { to: 'dismissed', by: 'b', at: 't2', reason: 'r', evidenceChecked: ['e'] });
    await d.cases.commit(one.next, one.audit, { rev: c.rev, status: c.status });
    await expect(d.cases.commit(two.next, two.audit, { rev: c.rev, status: c.status })).rejects.toBeInstanceOf(CaseConflictError);
    expect((await d.cases.get(id))!.status).toBe('filed');
    expect((await d.cases.audit(id)).filter((a) => a.action === 'transition').map((a) => a.by)).toEqual(['a', 'a']);
  });

  it('keeps the audit trail append-only: no API edits it and returned entries are copies', async () => {
    const { d, id } = await newCase();
    const methods = Object.getOwnPropertyNames(MemoryCaseStore.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(['audit', 'commit', 'get', 'list', 'listByUnit']);
    const [entry] = await d.cases.audit(id);
    entry!.reason = 'tampered';
    entry!.by = 'mallory';
    expect((await d.cases.audit(id))[0]).toMatchObject({ by: 'system', action: 'create' });
    // a commit cannot reuse a seq: the audit seq is the case's rev, checked conditionally
    const c = (await d.cases.get(id))!;
    const forged = decideCase({ ...c, rev: 0 }, { to: 'reviewing', by: 'mallory', at: 't' });
    await expect(d.cases.commit(forged.next, forged.audit, { rev: 0, status: 'new' })).rejects.toBeInstanceOf(CaseConflictError);
    expect(await d.cases.audit(id)).toHaveLength(1);
  });

  it('keeps its invariants under any sequence of decisions (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ to: fc.constantFrom(...CASE_STATUSES, 'close-item' as const), reason: fc.option(fc.constantFrom('理由', ' '), { nil: undefined }), evidence: fc.boolean() }), {
          maxLength: 12,
        }),
        async (steps) => {
          const { d, id } = await newCase();
          for (const s of steps) {
            try {
              if (s.to === 'close-item') {
                const open = (await d.cases.get(id))!.items.find((i) => i.status === 'open');
                await closeItem(d, { caseId: id, itemId: open?.item_id ?? 'none', by: 'p', note: 'n' });
              } else await decide(d, { caseId: id, status: s.to, by: 'p', reason: s.reason, evidenceChecked: s.evidence ? ['e'] : [] });
            } catch (err) {
              expect(err).toBeInstanceOf(CaseTransitionError);
            }
          }
          const c = (await d.cases.get(id))!;
          const audit = await d.cases.audit(id);
          expect(audit.map((a) => a.seq)).toEqual(audit.map((_, i) => i + 1));
          expect(c.rev).toBe(audit.length);
          for (const a of audit.filter((x) => x.action === 'transition')) {
            expect(ALLOWED_TRANSITIONS[a.from!]).toContain(a.to);
            if (a.to === 'dismissed') expect(a.reason && a.evidence_checked.length).toBeTruthy();
            if (a.to === 'closed') expect(c.items.every((i) => i.status === 'closed')).toBe(true);
          }
          expect(audit.at(-1)!.to).toBe(c.status);
        },
      ),
      { numRuns: 60 },
    );
  });
});
