import { describe, expect, it } from 'vitest';
import { bundledProject, permitCount, placeCount } from '../../../../lib/rules/register/bundled-project';
import { emptyInput, project, run } from '../../../helpers/register-fixtures';

describe('register.bundled-project', () => {
  it('counts places and permits', () => {
    expect(placeCount('义堂镇韩屯村、谢庄村、徐埠村道路硬化工程')).toBe(3);
    expect(placeCount('山东省临沂市兰山区义堂镇韩屯村')).toBe(1);
    expect(permitCount('2024-371302-48-03-123456;2024-371302-48-03-654321')).toBe(2);
    expect(permitCount(undefined)).toBe(0);
  });

  it('flags several villages\' works filed as one project just over the threshold', () => {
    const input = emptyInput();
    input.projects.push(project({ project_id: 'B1', name: '义堂镇韩屯村、谢庄村、徐埠村道路硬化工程', planned_investment: 5_210, address: '山东省临沂市兰山区义堂镇韩屯村、谢庄村、徐埠村', component_count: 3, permit_id: '2024-371302-48-03-123456;2024-371302-48-03-654321' }));
    const [f, ...rest] = run(bundledProject, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'project', id: 'B1' });
    expect(f!.evidence.counts).toMatchObject({ components: 3, places: 3, permits: 2 });
  });

  it('stays silent for a single project near the threshold; one weak sign is low at most', () => {
    const input = emptyInput();
    input.projects.push(project({ project_id: 'S1', name: '鑫盛板材智能化车间建设项目', planned_investment: 5_120, address: '山东省临沂市兰山区义堂镇韩屯村', lat: 35.1, lon: 118.3, permit_id: '2024-371302-21-03-111111', component_count: 1 }));
    input.projects.push(project({ project_id: 'S2', name: '鑫盛板材综合楼建设项目', planned_investment: 5_300, address: '山东省临沂市兰山区义堂镇韩屯村' }));
    input.projects.push(project({ project_id: 'S3', name: '韩屯村至谢庄村道路改造工程', planned_investment: 5_300, permit_id: '2024-371302-48-03-222222', lat: 35.1, lon: 118.3 }));
    input.projects.push(project({ project_id: 'S4', name: '小湖村、大岭村路灯安装工程', planned_investment: 4_000, component_count: 2 }));
    const findings = run(bundledProject, input);
    expect(findings.filter((f) => f.severity !== 'low')).toHaveLength(0);
    expect(findings.find((f) => f.subject.id === 'S1')).toBeUndefined();
  });
});
