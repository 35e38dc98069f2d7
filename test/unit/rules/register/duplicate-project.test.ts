import { describe, expect, it } from 'vitest';
import { duplicateProject } from '../../../../lib/rules/register/duplicate-project';
import { addSeries, emptyInput, project, run, unit } from '../../../helpers/register-fixtures';

describe('register.duplicate-project', () => {
  it('flags both filings of the same project, the later as the copy', () => {
    const input = emptyInput();
    // The district's months come from reports and reference records.
    input.units.push(unit('OWNER1'));
    addSeries(input, 'OWNER1', { revenue: 3000 });
    const base = {
      owner_unit_id: 'OWNER1',
      planned_investment: 49_951.9,
      address: '山东省临沂市兰山区义堂镇韩屯村',
      lat: 35.12,
      lon: 118.3,
      permit_id: '2023-371302-21-03-123456',
      start_period: '2023-06',
    };
    input.projects.push(project({ project_id: 'P1', name: '新华板材生产线技术改造项目', registered_at: '2023-05-10T10:00:00+08:00', ...base }));
    input.projects.push(project({ project_id: 'P2', name: '新华板材生产线技术改造工程', registered_at: '2023-10-02T10:00:00+08:00', ...base }));
    for (const [id, f] of [
      ['P1', 1],
      ['P2', 1.004],
    ] as const)
      for (let m = 6; m <= 12; m++) input.project_progress.push({ project_id: id, period: `2023-${String(m).padStart(2, '0')}`, completed_investment: 2000 * f * (1 + m / 50) });
    const [f, other, ...rest] = run(duplicateProject, input);
    expect(rest).toHaveLength(0);
    expect(other!.subject).toEqual({ kind: 'project', id: 'P1' });
    expect(other!.severity).toBe(f!.severity);
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
    expect(findings.map((f) => f.subject.id).sort()).toEqual(['P1', 'P2']);
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
  });

  it('sees through a company word or a county prefix in the name, tied by the same progress', () => {
    const input = emptyInput();
    input.units.push(unit('OWNER1'));
    addSeries(input, 'OWNER1', { revenue: 3000 });
    const site = { owner_unit_id: 'OWNER1', address: '山东省济南市章丘区宁家埠街道牛寨村', lat: 36.74076, lon: 117.495398, start_period: '2024-02' };
    input.projects.push(
      project({ project_id: 'A1', name: '正金铸造新建厂房及配套设施项目', planned_investment: 5_690.2, permit_id: '2023-370114-33-03-815229', registered_at: '2023-12-12T11:40:16+08:00', ...site }),
    );
    // Plan 2.0% apart, no permit — but the same months of completed investment.
    input.projects.push(project({ project_id: 'A2', name: '章丘区正金铸造新建厂房及配套设施项目', planned_investment: 5_574.9, registered_at: '2024-03-11T11:40:16+08:00', ...site }));
    input.projects.push(
      project({
        project_id: 'B1',
        name: '达康·雅苑商住楼项目',
        planned_investment: 31_033.1,
        owner_unit_id: 'OWNER2',
        address: '山东省济南市章丘区明水街道李家村',
        start_period: '2023-07',
        registered_at: '2023-07-01T10:00:00+08:00',
      }),
    );
    input.projects.push(
      project({
        project_id: 'B2',
        name: '达康公司·雅苑商住楼项目',
        planned_investment: 31_033.1,
        owner_unit_id: 'OWNER2',
        address: '山东省济南市章丘区明水街道李家村',
        start_period: '2023-07',
        registered_at: '2024-02-01T10:00:00+08:00',
      }),
    );
    const vals = [104, 190, 228.3, 288.3, 403.2, 252, 332.3, 479.8, 313.6];
    vals.forEach((v, k) => {
      const period = `2024-${String(k + 4).padStart(2, '0')}`;
      input.project_progress.push({ project_id: 'A1', period, completed_investment: v });
      input.project_progress.push({ project_id: 'A2', period, completed_investment: Math.round(v * (1 + 0.01 * Math.sin(k)) * 10) / 10 });
    });
    const findings = run(duplicateProject, input);
    expect(findings.map((f) => [f.subject.id, f.severity !== 'low'])).toEqual(
      expect.arrayContaining([
        ['A2', true],
        ['B2', true],
        ['A1', true],
        ['B1', true],
      ]),
    );
    expect(findings).toHaveLength(4);
  });

  it('keeps county-prefixed names of different owners, sites and plans apart', () => {
    const input = emptyInput();
    input.projects.push(project({ project_id: 'C1', name: '章丘区安置房建设项目', owner_unit_id: 'O1', planned_investment: 20_000, address: '山东省济南市章丘区明水街道李家村' }));
    input.projects.push(project({ project_id: 'C2', name: '安置房建设项目', owner_unit_id: 'O2', planned_investment: 35_000, address: '山东省济南市章丘区官庄街道西营峪村' }));
    expect(run(duplicateProject, input)).toHaveLength(0);
  });

  it('GIVEN a re-filing that only adds "（一期）" with the same plan, site and start THEN a duplicate; with another start THEN a phase', () => {
    const input = emptyInput();
    const site = { owner_unit_id: 'O1', planned_investment: 6_720, address: '山东省临沂市兰山区白沙埠镇丁家洼村', lat: 35.167156, lon: 118.362915, start_period: '2023-04' };
    input.projects.push(project({ project_id: 'Q1', name: '沂华门业新建厂房及配套设施项目', registered_at: '2023-03-21T10:00:00+08:00', permit_id: '2023-371302-20-03-526197', ...site }));
    input.projects.push(project({ project_id: 'Q2', name: '沂华门业新建厂房及配套设施（一期）项目', registered_at: '2023-05-08T10:00:00+08:00', permit_id: '2023-371302-20-03-526197', ...site }));
    input.projects.push(
      project({ project_id: 'R1', name: '鑫盛物流园建设项目', registered_at: '2023-03-21T10:00:00+08:00', ...site, owner_unit_id: 'O2', address: '义堂镇韩屯村', lat: undefined, lon: undefined }),
    );
    input.projects.push(
      project({
        project_id: 'R2',
        name: '鑫盛物流园（二期）建设项目',
        registered_at: '2024-05-08T10:00:00+08:00',
        ...site,
        owner_unit_id: 'O2',
        address: '义堂镇韩屯村',
        lat: undefined,
        lon: undefined,
        start_period: '2024-06',
      }),
    );
    const findings = run(duplicateProject, input);
    expect(findings.map((f) => f.subject.id).sort()).toEqual(['Q1', 'Q2']);
    expect(findings.every((f) => f.severity === 'high')).toBe(true);
  });
});
