/**
 * The detection rule registry as data: every rule is one declarative object with a stable, unique id,
 * titles and descriptions in both languages, a pattern of the contract, a parameter schema whose
 * defaults are valid, the record kinds it reads, and a test file that exercises it by name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../../lib/domain/finding';
import { RECORD_KINDS } from '../../../lib/domain/kinds';
import { ALL_RULES } from '../../../lib/rules/registry';

const CJK = /[\u4e00-\u9fff]/;

function testSources(dir: string): string {
  let out = '';
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out += testSources(path);
    else if (entry.name.endsWith('.test.ts')) out += readFileSync(path, 'utf8');
  }
  return out;
}

describe('detection rule registry', () => {
  it('has unique ids of the form family.name and versions ≥ 1', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(Number.isInteger(r.version) && r.version >= 1).toBe(true);
    }
  });
  it('says what every rule is in Chinese and English', () => {
    for (const r of ALL_RULES) {
      expect(r.title.zh, r.id).toMatch(CJK);
      expect(r.description.zh, r.id).toMatch(CJK);
      expect(r.title.en.length, r.id).toBeGreaterThan(5);
      expect(r.description.en.length, r.id).toBeGreaterThan(20);
    }
  });
  it('names a contract pattern, the kinds it reads, and valid defaults', () => {
    for (const r of ALL_RULES) {
      expect(PATTERNS, r.id).toContain(r.pattern);
      expect(r.pattern.startsWith('ENFORCE.'), r.id).toBe(false);
      expect(r.reads.length, r.id).toBeGreaterThan(0);
      for (const k of r.reads) expect(RECORD_KINDS, r.id).toContain(k);
      expect(r.params.safeParse({}).success, r.id).toBe(true);
    }
  });
  it('has tests that name every rule', () => {
    const sources = testSources(join(process.cwd(), 'test/unit/rules'));
    const untested = ALL_RULES.filter((r) => !sources.includes(`'${r.id}'`) && !sources.includes(`"${r.id}"`));
    expect(untested.map((r) => r.id)).toEqual([]);
  });
});
