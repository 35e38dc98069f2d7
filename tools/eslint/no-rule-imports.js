/**
 * ESLint rule: a detection rule never imports another rule.
 *
 * Rules judge evidence and do not know each other; which pattern owns a story is decided once, in
 * lib/engine/attribution.ts. A file under lib/rules/ may import shared helpers of its family, but not
 * a module that defines a rule (one that calls `defineRule(` or `defineOversightRule(`), since that
 * ties one rule's settings and explanations to another's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const definesRule = new Map();

function isRuleModule(file) {
  if (!definesRule.has(file)) definesRule.set(file, /\bdefine(?:Oversight)?Rule\(/.test(readFileSync(file, 'utf8')));
  return definesRule.get(file);
}

function resolveTs(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, resolve(base, 'index.ts')]) if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'a detection rule must not import another rule (attribution decides between them)' },
    schema: [],
    messages: { ruleImport: '{{target}} defines a rule: rules do not import rules; move the shared evidence to lib/stats or lib/engine, or let attribution decide.' },
  },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      const spec = node.source && node.source.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      const target = resolveTs(file, spec);
      if (target && target !== file && isRuleModule(target)) context.report({ node, messageId: 'ruleImport', data: { target: spec } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
