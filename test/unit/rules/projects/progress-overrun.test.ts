import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import { progressOverrun } from '../../../../lib/rules/projects/progress-overrun';
import { PERIODS, addSeries, emptyInput, project, run, unit } from '../../../helpers/register-fixtures';

/** A district spanning 2023-01 … 2024-12 through its owner's reports. */
function district(): DistrictInput {
  const input = emptyInput();
  input.units.push(unit('OWNER1'));
  addSeries(input, 'OWNER1', { revenue: 3000 });
  return input;
}

function progress(input: DistrictInput, id: string, from: number, values: number[]): void {
  values.forEach((v, k) => input.project_progress.push({ project_id: id, period: PERIODS[from + k]!, completed_investment: v }));
}

/** Lumpy construction: slow start, peak in summer, dip in winter. */
const LUMPY = [0.03, 0.06, 0.09, 0.12, 0.14, 0.13, 0.11, 0.09, 0.07, 0.03, 0.02, 0.11];

describe('projects.progress-overrun', () => {
  it('flags completed investment reported far beyond the plan', () => {
    const input = district();
    input.projects.push(project({ project_id: 'X1', name: '金永电子智能工厂建设项目', planned_investment: 8_802.5, start_period: '2023-06' }));
    progress(
      input,
      'X1',
      5,
      LUMPY.map((s) => Math.round(s * 14_726.7 * 10) / 10),
    );
    const [f, ...rest] = run(progressOverrun, input);
    expect(rest).toHaveLength(0);
    expect(f!.subject).toEqual({ kind: 'project', id: 'X1' });
    expect(f!.unit_ids).toEqual(['OWNER1']);
    expect(f!.severity).toBe('high');
    expect(f!.evidence.ratio_to_plan).toBeGreaterThan(1.6);
    expect(f!.period).toBe('2023-12');
    expect(f!.summary_zh).toContain('8802.5');
  });

  it('stays silent for a big project overrunning by a tenth and for one built below plan', () => {
    const input = district();
    input.projects.push(project({ project_id: 'B1', name: '祥岳·华府商住楼项目', planned_investment: 100_000, start_period: '2023-03' }));
    progress(
      input,
      'B1',
      2,
      LUMPY.map((s) => s * 112_000),
    );
    input.projects.push(project({ project_id: 'B2', name: '利众重工设备更新项目', planned_investment: 5_171.9, start_period: '2023-07' }));
    progress(
      input,
      'B2',
      6,
      LUMPY.map((s) => s * 4_838.7),
    );
    expect(run(progressOverrun, input)).toHaveLength(0);
  });

  it('keeps year-to-date figures filed as monthly ones on the watch-list and ignores small excesses', () => {
    const input = district();
    // Cumulative figures: never falling, ending within the plan; their sum passes the plan many times.
    input.projects.push(project({ project_id: 'C1', name: '鑫盛仓储配送中心项目', planned_investment: 12_000, start_period: '2023-02' }));
    progress(input, 'C1', 1, [800, 1_900, 3_100, 4_600, 6_000, 7_400, 8_900, 10_100, 11_200, 11_800]);
    // A small plan passed by less than the minimum excess.
    input.projects.push(project({ project_id: 'C2', name: '小型仓库改造项目', planned_investment: 1_000, start_period: '2023-02' }));
    progress(input, 'C2', 1, [300, 500, 600]);
    const findings = run(progressOverrun, input);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subject.id).toBe('C1');
    expect(findings[0]!.severity).toBe('low');
    expect(findings[0]!.evidence.cumulative_like).toBe(true);
  });
});
