#!/usr/bin/env python3
"""Lists what the rule set missed and what it flagged wrongly on one second-world district.

    python3 bench/worlds/diagnose.py DIR [--pattern P]   (DIR = .statsentry/worlds/second/<seed>-<units>)

Uses the world's own score.py (ACCEPT, NEUTRAL) so that its verdicts are the scorer's.
"""
import json, sys, glob, os, argparse
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '../../../shared/worlds/second'))
from score import ACCEPT, NEUTRAL  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('dir')
ap.add_argument('--pattern')
a = ap.parse_args()
labels_file = glob.glob(os.path.join(a.dir, 'labels-*.json'))[0]
truth = json.load(open(labels_file))
findings = [json.loads(l) for l in open(os.path.join(a.dir, 'findings.jsonl')) if l.strip()]
by_id = {}
for f in findings:
    subj = f.get('subject') or {}
    ids = [subj.get('id')] if subj.get('kind') == 'project' else list(f.get('unit_ids') or []) + ([subj.get('id')] if subj.get('kind') == 'unit' else [])
    for i in set(ids):
        by_id.setdefault(i, []).append(f)
labs = {}
for l in truth['labels']:
    labs.setdefault(l['id'], []).append(l)
look = {}
for name, ids in (truth.get('lookalikes') or {}).items():
    if isinstance(ids, dict) and all(isinstance(g, list) for g in ids.values()):
        ids = [i for g in ids.values() for i in g]
    if isinstance(ids, list):
        for i in ids:
            look.setdefault(i, []).append(name)
serious = lambda f: f['severity'] in ('high', 'medium') and not f['pattern'].startswith('ENFORCE')
def brief(f):
    return f"{f['rule_id']} {f['pattern']} {f['severity']} {f['score']} {f.get('period')} — {f['summary_en'][:220]}"
print('=== MISSES ===')
for l in truth['labels']:
    if a.pattern and l['pattern'] != a.pattern: continue
    fs = by_id.get(l['id'], [])
    if any(serious(f) and f['pattern'] in ACCEPT.get(l['pattern'], {l['pattern']}) for f in fs): continue
    print(f"\nFN {l['pattern']} {l['kind']}:{l['id']} first={l.get('first_period')} detail={json.dumps(l.get('detail'), ensure_ascii=False)[:400]}")
    for f in fs: print('    ', brief(f))
print('\n=== FALSE POSITIVES ===')
seen = set()
for f in findings:
    if not serious(f): continue
    if a.pattern and f['pattern'] != a.pattern: continue
    subj = f.get('subject') or {}
    ids = [subj.get('id')] if subj.get('kind') == 'project' else list(f.get('unit_ids') or []) + ([subj.get('id')] if subj.get('kind') == 'unit' else [])
    bad = []
    for i in set(ids):
        ls = labs.get(i, [])
        if any(f['pattern'] in ACCEPT.get(l['pattern'], {l['pattern']}) for l in ls): continue
        if any(f['pattern'] in NEUTRAL.get(l['pattern'], ()) for l in ls): continue
        if (i, f['pattern']) in seen: continue
        seen.add((i, f['pattern']))
        bad.append(i)
    if bad:
        print(f"\nFP {brief(f)}\n     ids={bad[:6]}{'…' if len(bad)>6 else ''} of {len(set(ids))} lookalike={sorted({g for i in bad for g in look.get(i, [])})} labels={sorted({l['pattern'] for i in bad for l in labs.get(i, [])})}")
