import { describe, expect, it } from 'vitest';
import { duplicateProject } from '../../../../lib/rules/register/duplicate-project';
import { addSeries, emptyInput, project, run, unit } from '../../../helpers/register-fixtures';

describe('register.duplicate-project', () => {
  it('flags the later filing of the same project', () => {
    const input = emptyInput();
    // The district's months come from reports and reference records.
    input.units.push(unit('OWNER1'));
    addSeries(input, 'OWNER1', { revenue: 3000 });
    const base = { owner_unit_id: 'OWNER1', planned_investment: 49_951.9, address: '山东省临沂市兰山区义堂镇韩屯村', lat: 35.12, lon: 118.3, permit_id: '2023-371302-21-03-123456', start_period: '2023-06' };
    input.projects.push(project({ project_id: 'P1', name: '新华板材生产线技术改造项目', registered_at: '2023-05-10T10:00:00+08:00', ...base }));
    input.projects.push(project({ project_id: 'P2', name: '新华板材生产线技术改造工程', registered_at: '2023-10-02T10:00:00+08:00', ...base }));
    for (const [id, f] of [['P1', 1], ['P2', 1.004]] as const) for (let m = 6; m <= 12; m++) input.project_progress.push({ project_id: id, period: `2023-${String(m).padStart(2, '0')}`, completed_investment: 2000 * f * (1 + m / 50) });
    const [f, ...rest] = run(duplicateProject, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'project', id: 'P2' });
    expect(f!.unit_ids).toEqual(['OWNER1']);
    expect((f!.evidence.progress as { near_identical: boolean }).near_identical).toBe(true);
  });

  it('stays silent for phases of one programme and for different projects of one owner', () => {
    const input = emptyInput();
    input.projects.push(project({ project_id: 'P1', name: '鑫盛物流园一期建设项目', planned_investment: 30_000, address: '义堂镇韩屯村' }));
    input.projects.push(project({ project_id: 'P2', name: '鑫盛物流园二期建设项目', planned_investment: 30_000, address: '义堂镇韩屯村' }));
    input.projects.push(project({ project_id: 'P3', name: '鑫盛仓储配送中心项目', planned_investment: 12_000 }));
    expect(run(duplicateProject, input)).toHaveLength(0);
  });

  it('keeps a generic name with a round budget at different owners and sites on the watch-list', () => {
    const input = emptyInput();
    input.projects.push(project({ project_id: 'P1', name: '道路硬化工程', owner_unit_id: 'O1', planned_investment: 10_000, address: '义堂镇韩屯村' }));
    input.projects.push(project({ project_id: 'P2', name: '道路硬化项目', owner_unit_id: 'O2', planned_investment: 10_000, address: '李官镇大岭村' }));
    const findings = run(duplicateProject, input);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('low');
  });
});
