import { describe, expect, it } from 'vitest';
import { SELF_CHECKS } from '../../../lib/self-inspection/checks';
import { GUIDED_RULE_IDS, guidanceFor } from '../../../lib/self-inspection/guidance';
import { fixItem, ledgerItemId, observeAgain, openItem, type LedgerObservation } from '../../../lib/self-inspection/ledger';
import { computePeerStats, MIN_PEER_UNITS, roundStat } from '../../../lib/self-inspection/peer-stats';
import { MASK, maskForeignIds, pickEvidence } from '../../../lib/self-inspection/redact';
import { REUSED_RULES } from '../../../lib/self-inspection/rule-checks';
import { PATTERNS } from '../../../lib/domain/finding';
import { sampleToDistrictInput } from '../../../lib/sample/to-district-input';
import { SAMPLE } from '../../helpers/self-inspection-fixtures';

const UNIT = '91371302MAD1TJ3Y9T';
const OTHER = '91371302MAWAPE9KXF';

describe('checks as data', () => {
  it('every reused rule and self-inspection check has titles in both languages, a contract pattern, and guidance (why, what to do)', () => {
    const ids = [...REUSED_RULES.map((r) => r.rule.id), ...SELF_CHECKS.map((c) => c.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of SELF_CHECKS) {
      expect(c.title.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.title.en).toMatch(/[a-z]/);
      expect(c.description.zh && c.description.en).toBeTruthy();
      expect(PATTERNS).toContain(c.pattern);
    }
    expect(GUIDED_RULE_IDS.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const g = guidanceFor(id);
      expect(g.why.zh && g.why.en).toBeTruthy();
      expect(g.actions.length).toBeGreaterThan(0);
    }
  });
});

describe('the ledger, as state transitions', () => {
  const seen = (upload: string, at = '2025-01-01T00:00:00Z'): LedgerObservation => ({
    unit_id: UNIT,
    town_code: '371302007000',
    item_id: ledgerItemId(UNIT, 'falsify.hard-edits', `unit:${UNIT}`, '2024-03'),
    rule_id: 'falsify.hard-edits',
    pattern: 'DATA.INVALID',
    severity: 'high',
    period: '2024-03',
    summary_zh: '摘要',
    summary_en: 'summary',
    upload,
    at,
  });

  it('item ids are stable for rule, subject and period, and differ otherwise', () => {
    expect(ledgerItemId(UNIT, 'r', 's', '2024-01')).toBe(ledgerItemId(UNIT, 'r', 's', '2024-01'));
    expect(ledgerItemId(UNIT, 'r', 's', '2024-01')).not.toBe(ledgerItemId(UNIT, 'r', 's', '2024-02'));
    expect(ledgerItemId(UNIT, 'r', 's', null)).toMatch(/^SI-[0-9a-f]{12}$/);
  });

  it('the same upload seen twice changes nothing; another upload counts; a fixed-by-correction item reopens, an explained one stays fixed', () => {
    const item = openItem(seen('a@1'));
    expect(item).toMatchObject({ status: 'open', seen_count: 1, rev: 1 });
    expect(observeAgain(item, seen('a@1'))).toBeNull();
    const corrected = fixItem(item, { resolution: 'corrected', note: '已更正', by: 'u', at: '2025-01-02T00:00:00Z' });
    expect(corrected).toMatchObject({ status: 'fixed', rev: 2, fix: { upload: 'a@1', note: '已更正' } });
    expect(observeAgain(corrected, seen('b@2'))).toMatchObject({ status: 'open', fix: null, seen_count: 2, rev: 3 });
    const explained = fixItem(item, { resolution: 'explained', note: '季节性', by: 'u', at: '2025-01-02T00:00:00Z' });
    expect(observeAgain(explained, seen('b@2'))).toMatchObject({ status: 'fixed', seen_count: 2 });
    expect(() => fixItem(corrected, { resolution: 'corrected', note: 'x', by: 'u', at: 'now' })).toThrow(/already marked fixed/);
    expect(() => fixItem(item, { resolution: 'corrected', note: ' ', by: 'u', at: 'now' })).toThrow(/needs a note/);
  });
});

describe('anonymised peer statistics', () => {
  const stats = computePeerStats(sampleToDistrictInput(SAMPLE.files));

  it('publish only quartiles and counts of cells with at least the minimum number of units, rounded to three significant digits', () => {
    const text = JSON.stringify([...stats.values()]);
    for (const u of SAMPLE.files.units) expect(text.includes(String(u.unit_id))).toBe(false);
    for (const g of stats.values()) {
      for (const cell of Object.values(g.periods)) {
        for (const q of Object.values(cell)) {
          expect(Object.keys(q).sort()).toEqual(['median', 'n', 'q1', 'q3']);
          expect(q.n).toBeGreaterThanOrEqual(MIN_PEER_UNITS);
          for (const v of [q.q1, q.median, q.q3]) expect(v).toBe(roundStat(v));
        }
      }
    }
    // Groups smaller than the minimum publish nothing at all.
    for (const g of stats.values()) if (g.units < MIN_PEER_UNITS) expect(g.periods).toEqual({});
    expect([...stats.values()].some((g) => g.units < MIN_PEER_UNITS)).toBe(true);
  });
});

describe('redaction (defence in depth)', () => {
  it("masks any other credit code in text, keeps the unit's own, and drops peer and cross-unit evidence at any depth", () => {
    expect(maskForeignIds(`${UNIT} 与 ${OTHER}有限公司 copied`, UNIT)).toBe(`${UNIT} 与 ${MASK}有限公司 copied`);
    const picked = pickEvidence({ tax: { peer: { n: 9 }, months: 12, note: `like ${OTHER}` }, copied_from: OTHER, series: [1, 2] }, ['tax', 'copied_from'], UNIT);
    expect(picked).toEqual({ tax: { months: 12, note: `like ${MASK}` } });
  });
});
