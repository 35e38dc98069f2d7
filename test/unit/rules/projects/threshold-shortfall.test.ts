import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import { thresholdShortfall } from '../../../../lib/rules/projects/threshold-shortfall';
import { PERIODS, addSeries, emptyInput, project, run, unit } from '../../../helpers/register-fixtures';

function district(): DistrictInput {
  const input = emptyInput();
  input.units.push(unit('OWNER1'));
  addSeries(input, 'OWNER1', { revenue: 3000 });
  return input;
}

/** Spreads `total` over `months` months from PERIODS[from], rising then falling. */
function progress(input: DistrictInput, id: string, from: number, months: number, total: number): void {
  const w = Array.from({ length: months }, (_, k) => 1 + Math.sin((Math.PI * (k + 0.5)) / months));
  const s = w.reduce((a, b) => a + b, 0);
  w.forEach((x, k) => input.project_progress.push({ project_id: id, period: PERIODS[from + k]!, completed_investment: Math.round((total * x * 10) / s) / 10 }));
}

describe('projects.threshold-shortfall', () => {
  it('flags a plan just over the threshold whose finished works cost about half of it', () => {
    const input = district();
    input.projects.push(project({ project_id: 'T1', name: '瑞辉塑业设备技术改造项目', planned_investment: 5_133.6, start_period: '2023-03' }));
    progress(input, 'T1', 2, 9, 2_759.9);
    const [f, ...rest] = run(thresholdShortfall, input);
    expect(rest).toHaveLength(0);
    expect(f!.subject).toEqual({ kind: 'project', id: 'T1' });
    expect(f!.unit_ids).toEqual(['OWNER1']);
    expect(f!.severity).toBe('medium');
    expect(f!.evidence).toMatchObject({ threshold: 5_000, first_progress: '2023-03', last_progress: '2023-11', quiet_months_at_end: 13 });
    expect(f!.evidence.completed_share_of_plan).toBeCloseTo(0.5376, 3);
    expect(f!.summary_zh).toContain('5133.6');
  });

  it('stays silent for honest projects: built to plan, still under way, or planned well above the threshold', () => {
    const input = district();
    input.projects.push(project({ project_id: 'H1', name: '翔瑞泵业设备更新项目', planned_investment: 5_015, start_period: '2023-03' }));
    progress(input, 'H1', 2, 11, 4_665.9);
    input.projects.push(project({ project_id: 'H2', name: '官庄街道安置房建设（二标段）项目', planned_investment: 5_341.6, start_period: '2024-02' }));
    progress(input, 'H2', 13, 11, 2_716.1);
    input.projects.push(project({ project_id: 'H3', name: '博润电子科技研发中心建设项目', planned_investment: 7_899.6, start_period: '2023-03' }));
    progress(input, 'H3', 2, 8, 4_070.3);
    expect(run(thresholdShortfall, input)).toHaveLength(0);
  });

  it('does not judge a project started before the data, reported late after its start, or quiet only over the winter', () => {
    const input = district();
    // Started 2022: its earlier progress is not seen, so the shortfall is not known.
    input.projects.push(project({ project_id: 'E1', name: '诚永板材科技研发中心建设项目', planned_investment: 5_155.9, start_period: '2022-05' }));
    progress(input, 'E1', 0, 7, 1_764);
    // Last progress in 2024-10: two quiet months are a winter stop, not a finish.
    input.projects.push(project({ project_id: 'E2', name: '海力包装科技设备更新项目', planned_investment: 5_229.7, start_period: '2024-03' }));
    progress(input, 'E2', 14, 8, 2_500);
    // Started 2023-03 but first reported in 2023-09: the first half year of progress is missing.
    input.projects.push(project({ project_id: 'E4', name: '瑞益塑业设备购置项目', planned_investment: 5_138.2, start_period: '2023-03' }));
    progress(input, 'E4', 8, 6, 2_861.3);
    expect(run(thresholdShortfall, input)).toHaveLength(0);
    expect(run(thresholdShortfall, input, { maxStartGap: 24 }).map((f) => f.subject.id)).toEqual(['E4']);
    // The same project quiet from 2024-06 on is judged.
    const later = district();
    later.projects.push(project({ project_id: 'E3', name: '海力包装科技设备更新项目', planned_investment: 5_229.7, start_period: '2023-10' }));
    progress(later, 'E3', 9, 9, 2_500);
    expect(run(thresholdShortfall, later).map((f) => f.subject.id)).toEqual(['E3']);
  });
});
