import { describe, expect, it } from 'vitest';
import { InspectionDrawError, issueText } from '../../../lib/inspection/errors';
import { parseInspectorFile } from '../../../lib/inspection/inspector-file';

const enc = (s: string) => new TextEncoder().encode(s);

async function refusal(text: string, name: string): Promise<InspectionDrawError> {
  try {
    await parseInspectorFile(enc(text), name);
  } catch (err) {
    expect(err).toBeInstanceOf(InspectionDrawError);
    return err as InspectionDrawError;
  }
  throw new Error('expected a refusal');
}

describe('inspectors file (--inspectors)', () => {
  it('reads CSV with a BOM, any column order and extra columns ignored', async () => {
    const csv = '\uFEFFname,town_code,inspector_id,phone\n张三,371302001000,ZS01,138\n李四 , 371302002000 ,LS02,\n';
    expect(await parseInspectorFile(enc(csv), 'inspectors.csv')).toEqual([
      { inspector_id: 'ZS01', name: '张三', town_code: '371302001000' },
      { inspector_id: 'LS02', name: '李四', town_code: '371302002000' },
    ]);
  });

  it('names line and column of each bad row, in Chinese and English', async () => {
    const e = await refusal('inspector_id,name,town_code\nA1,甲,371302001000\nA2,,3713\nA1,丙,371302003000\n', 'x.csv');
    expect(e.code).toBe('invalid_input');
    expect(e.issues.map(issueText)).toEqual([
      '第 3 行 name 列：必填，不超过 100 个字符，实为空 / line 3, column name: required, at most 100 characters; got nothing',
      '第 3 行 town_code 列：必填，须为 12 位统计用区划代码，实为 "3713" / line 3, column town_code: required, the 12-digit statistical division code; got "3713"',
      '第 4 行 inspector_id 列：A1 与第 2 行重复 / line 4, column inspector_id: A1 duplicates line 2',
    ]);
    expect(e.message).toContain('检查人员名录有误 / the inspectors list is invalid');
  });

  it('refuses a header without the required columns, and an empty list', async () => {
    const e = await refusal('id,name\nA,甲\n', 'x.csv');
    expect(e.issues[0]!.en).toBe('the header lacks column(s) inspector_id, town_code (needs inspector_id,name,town_code)');
    expect((await refusal('inspector_id,name,town_code\n', 'x.csv')).issues[0]!.en).toBe('the list holds no inspectors');
  });

  it('reads a JSON array (errors by item) and JSON Lines (errors by line)', async () => {
    const json = JSON.stringify([
      { inspector_id: 'A', name: '甲', town_code: '371302001000' },
      { inspector_id: 'B', name: '乙', town_code: 371302002000 },
    ]);
    const e = await refusal(json, 'inspectors.json');
    expect(issueText(e.issues[0]!)).toMatch(/^第 2 项 town_code 列：.* \/ item 2, column town_code: /);
    expect(await parseInspectorFile(enc('{"inspector_id":"A","name":"甲","town_code":"371302001000"}\n\n{"inspector_id":"B","name":"乙","town_code":"371302002000"}\n'), 'list.jsonl')).toHaveLength(2);
    expect((await refusal('{"inspector_id":"A"\n', 'list.jsonl')).issues[0]!.en).toBe('line 1 is not valid JSON');
    expect((await refusal('{"a":1}', 'x.json')).issues[0]!.en).toBe('a JSON file must be an array of objects');
    // No known extension: the first character decides.
    expect(await parseInspectorFile(enc('[{"inspector_id":"A","name":"甲","town_code":"371302001000"}]'), 'inspectors')).toHaveLength(1);
  });
});
