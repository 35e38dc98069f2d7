import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import { flatProgress } from '../../../../lib/rules/projects/flat-progress';
import { PERIODS, addSeries, emptyInput, project, reviewed, run, unit } from '../../../helpers/register-fixtures';

function district(): DistrictInput {
  const input = emptyInput();
  input.units.push(unit('OWNER1'));
  addSeries(input, 'OWNER1', { revenue: 3000 });
  return input;
}

function progress(input: DistrictInput, id: string, from: number, values: number[]): void {
  values.forEach((v, k) => input.project_progress.push({ project_id: id, period: PERIODS[from + k]!, completed_investment: v }));
}

describe('projects.flat-progress', () => {
  it('flags the same round figure every month through winter and the Spring Festival', () => {
    const input = district();
    input.projects.push(project({ project_id: 'F1', name: '白云湖街道农贸市场改造项目', planned_investment: 18_751.4, start_period: '2023-10' }));
    progress(input, 'F1', 9, Array(11).fill(600));
    const [f, ...rest] = run(flatProgress, input);
    expect(rest).toHaveLength(0);
    expect(f!.subject).toEqual({ kind: 'project', id: 'F1' });
    expect(f!.severity).toBe('high');
    expect(f!.evidence).toMatchObject({ value: 600, run_months: 11, run_from: '2023-10', run_to: '2024-08', round_figure: true, winter_months_in_run: 2 });
  });

  it('stays silent for lumpy progress and for a figure repeated once', () => {
    const input = district();
    input.projects.push(project({ project_id: 'L1', name: '恒旭·花园商住楼项目', planned_investment: 217_014.2, start_period: '2024-01' }));
    progress(input, 'L1', 12, [203.7, 203.7, 1_850.2, 3_920.4, 6_010.8, 7_300.1, 8_100.5, 6_900.3, 5_400.2, 4_100.9, 3_200.4, 1_800.6]);
    input.projects.push(project({ project_id: 'L2', name: '铭东运输仓储物流中心项目', planned_investment: 8_414.4, start_period: '2023-12' }));
    progress(input, 'L2', 11, [67.9, 17.1, 420.5, 680.2, 915.6, 880.1, 760.4, 700.2, 610.3, 540.8, 480.2, 300.1, 205.3]);
    expect(run(flatProgress, input)).toHaveLength(0);
  });

  it('keeps six months of an unround figure outside winter on the watch-list; five months or zeros are silent', () => {
    const input = district();
    input.projects.push(project({ project_id: 'E1', name: '程顺铸造智能化技术改造项目', planned_investment: 18_364.2, start_period: '2023-04' }));
    progress(input, 'E1', 3, [537.4, 537.4, 537.4, 537.4, 537.4, 537.4, 912.3]);
    input.projects.push(project({ project_id: 'E2', name: '泰和化工智能化技术改造项目', planned_investment: 8_639, start_period: '2023-04' }));
    progress(input, 'E2', 3, [500, 500, 500, 500, 500, 812.3]);
    input.projects.push(project({ project_id: 'E3', name: '华聚板材新建厂房及配套设施项目', planned_investment: 17_442.8, start_period: '2023-01' }));
    progress(input, 'E3', 0, [0, 0, 0, 0, 0, 0, 0, 0, 120.5]);
    const findings = run(flatProgress, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['E1']);
    expect(reviewed(findings)).toHaveLength(0);
  });
});
