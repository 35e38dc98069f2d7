import { describe, expect, it } from 'vitest';
import { parseUploadKey, refusalReportKeys, reportKeys, reportName, unsafeFileName } from '../../../lib/self-inspection/upload-key';

const UNIT = '91371302MAD1TJ3Y9T';
const OTHER = '91371302MAWAPE9KXF';
const none = new Set<string>();

describe('self-inspection upload keys', () => {
  it("GIVEN self-inspection/<unit>/<file> THEN the unit and the file are exactly the key's segments", () => {
    expect(parseUploadKey(`self-inspection/${UNIT}/2024-03 月报.csv`, none)).toEqual({ status: 'ok', unitId: UNIT, fileName: '2024-03 月报.csv' });
    expect(parseUploadKey(`self-inspection/${UNIT}/`, none)).toEqual({ status: 'skip' });
    expect(parseUploadKey(`submissions/${UNIT}/x.csv`, none)).toEqual({ status: 'skip' });
  });

  it.each([
    ['parent traversal into another unit', `self-inspection/${UNIT}/../${OTHER}/x.csv`],
    ['a subfolder', `self-inspection/${UNIT}/2024/x.csv`],
    ['an absolute path after the unit', `self-inspection/${UNIT}//etc/passwd`],
    ['URL-encoded traversal', `self-inspection/${UNIT}/%2e%2e%2f${OTHER}%2fx.csv`],
    ['double-encoded traversal', `self-inspection/${UNIT}/%252e%252e%252fx.csv`],
    ['backslash traversal', `self-inspection/${UNIT}/..\\..\\x.csv`],
    ['an encoded backslash', `self-inspection/${UNIT}/a%5cb.csv`],
    ['a bare parent reference', `self-inspection/${UNIT}/..`],
    ['a Windows drive', `self-inspection/${UNIT}/C:x.csv`],
    ['a control character', `self-inspection/${UNIT}/a\u0000.csv`],
  ])('GIVEN %s THEN the upload is refused, with a reason in both languages, to its own unit', (_label, key) => {
    const parsed = parseUploadKey(key, none);
    expect(parsed.status).toBe('refused');
    if (parsed.status !== 'refused') return;
    expect(parsed.unitId).toBe(UNIT);
    expect(parsed.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(parsed.reason.en).toMatch(/[a-z]/);
  });

  it.each([
    `self-inspection/../${UNIT}/x.csv`,
    'self-inspection//x.csv',
    `self-inspection/${UNIT.toLowerCase()}/x.csv`,
    'self-inspection/91371302MAD1TJ3Y9X/x.csv',
    `self-inspection/${UNIT}%2f../x.csv`,
  ])('GIVEN a unit segment that is no valid credit code (%s) THEN it is refused with nobody to report to', (key) => {
    const parsed = parseUploadKey(key, none);
    expect(parsed).toMatchObject({ status: 'refused', unitId: null });
  });

  it('GIVEN a legacy code on the allow-list THEN it is accepted as a unit segment', () => {
    expect(parseUploadKey('self-inspection/91371302MAD1TJ3Y9X/x.csv', new Set(['91371302MAD1TJ3Y9X']))).toMatchObject({ status: 'ok' });
  });

  it("THEN report keys stay inside the unit's report folder whatever the name", () => {
    expect(reportKeys(UNIT, 'march report.csv')).toEqual({ json: `self-inspection-reports/${UNIT}/march_report.csv.json`, html: `self-inspection-reports/${UNIT}/march_report.csv.html` });
    for (const hostile of ['../../x', '..', '.hidden', '%2e%2e%2fx', 'a/b\\c']) {
      const name = reportName(hostile);
      expect(name).not.toMatch(/[/\\%]/);
      expect(name.startsWith('.')).toBe(false);
      expect(reportKeys(UNIT, hostile).json.startsWith(`self-inspection-reports/${UNIT}/`)).toBe(true);
    }
    expect(refusalReportKeys(UNIT, `self-inspection/${UNIT}/../x`).json).toMatch(new RegExp(`^self-inspection-reports/${UNIT}/refused-[0-9a-f]{16}\\.json$`));
  });

  it('THEN ordinary names pass and over-long names are refused', () => {
    for (const ok of ['submissions.csv', '2024年3月 自查.xlsx', 'a-b_c.d.jsonl', '100%.csv']) expect(unsafeFileName(ok)).toBeNull();
    expect(unsafeFileName('x'.repeat(201))).not.toBeNull();
  });
});
