import { describe, expect, it } from 'vitest';
import { bundledProject, permitCount, placeCount, workCount } from '../../../../lib/rules/register/bundled-project';
import { emptyInput, project, run } from '../../../helpers/register-fixtures';

describe('register.bundled-project', () => {
  it('counts places and permits', () => {
    expect(placeCount('义堂镇韩屯村、谢庄村、徐埠村道路硬化工程')).toBe(3);
    expect(placeCount('山东省临沂市兰山区义堂镇韩屯村')).toBe(1);
    expect(permitCount('2024-371302-48-03-123456;2024-371302-48-03-654321')).toBe(2);
    expect(permitCount(undefined)).toBe(0);
  });

  it("flags several villages' works filed as one project just over the threshold", () => {
    const input = emptyInput();
    input.projects.push(
      project({
        project_id: 'B1',
        name: '义堂镇韩屯村、谢庄村、徐埠村道路硬化工程',
        planned_investment: 5_210,
        address: '山东省临沂市兰山区义堂镇韩屯村、谢庄村、徐埠村',
        component_count: 3,
        permit_id: '2024-371302-48-03-123456;2024-371302-48-03-654321',
      }),
    );
    const [f, ...rest] = run(bundledProject, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'project', id: 'B1' });
    expect(f!.evidence.counts).toMatchObject({ components: 3, places: 3, permits: 2 });
  });

  it('stays silent for a single project near the threshold; one weak sign is low at most', () => {
    const input = emptyInput();
    input.projects.push(
      project({
        project_id: 'S1',
        name: '鑫盛板材智能化车间建设项目',
        planned_investment: 5_120,
        address: '山东省临沂市兰山区义堂镇韩屯村',
        lat: 35.1,
        lon: 118.3,
        permit_id: '2024-371302-21-03-111111',
        component_count: 1,
      }),
    );
    input.projects.push(project({ project_id: 'S2', name: '鑫盛板材综合楼建设项目', planned_investment: 5_300, address: '山东省临沂市兰山区义堂镇韩屯村' }));
    input.projects.push(project({ project_id: 'S3', name: '韩屯村至谢庄村道路改造工程', planned_investment: 5_300, permit_id: '2024-371302-48-03-222222', lat: 35.1, lon: 118.3 }));
    input.projects.push(project({ project_id: 'S4', name: '小湖村、大岭村路灯安装工程', planned_investment: 4_000, component_count: 2 }));
    const findings = run(bundledProject, input);
    expect(findings.filter((f) => f.severity !== 'low')).toHaveLength(0);
    expect(findings.find((f) => f.subject.id === 'S1')).toBeUndefined();
  });

  it("reads the filer's own village count and works joined by 及", () => {
    expect(placeCount('白云湖街道官峪屯村、张家峪村、官店屯村等4个村供水管网改造工程')).toBe(4);
    expect(placeCount('龙山街道东村、西村等七个村文化广场工程')).toBe(7);
    // A town whose name holds 村 is not a second village.
    expect(placeCount('山东省济南市章丘区埠村街道桥店庄村')).toBe(1);
    expect(placeCount('山东省济南市章丘区刁镇大村、孙家店村、宋官寨村')).toBe(3);
    expect(workCount('官店屯村等4个村供水管网改造及文化广场及道路硬化工程')).toBe(3);
    expect(workCount('鑫盛板材新建厂房及配套设施项目')).toBe(0);
  });

  it('flags different works in several villages, and small components far above the threshold', () => {
    const input = emptyInput();
    // One permit and one coordinate, but three kinds of work in four villages just over the threshold.
    input.projects.push(
      project({
        project_id: 'I1',
        name: '白云湖街道官峪屯村、张家峪村、官店屯村等4个村供水管网改造及文化广场及道路硬化工程',
        planned_investment: 5_595.9,
        address: '山东省济南市章丘区白云湖街道官峪屯村',
        lat: 36.7,
        lon: 117.5,
        permit_id: '2023-370114-48-03-604117',
      }),
    );
    // Seven village works of ~960 each: the total is 34% over the threshold, yet no part could enter alone.
    input.projects.push(
      project({
        project_id: 'E1',
        name: '双山街道供水管网改造等基础设施建设项目',
        planned_investment: 6_718.3,
        component_count: 7,
        address: '山东省济南市章丘区双山街道官官屯村、西官营村、南营营村、张家庄寨村、刘家营寨村、宋官庄村、宋营村',
        lat: 36.6,
        lon: 117.3,
        permit_id: '2023-370114-48-03-947895',
      }),
    );
    const byId = new Map(run(bundledProject, input).map((f) => [f.subject.id, f]));
    expect(byId.get('I1')!.severity).toBe('medium');
    expect(byId.get('I1')!.evidence.mixed_works_in_villages).toBe(true);
    expect(byId.get('E1')!.severity).toBe('medium');
    expect(byId.get('E1')!.evidence).toMatchObject({ parts_below_threshold: true, nearness_factor: 1 });
  });

  it('keeps one network across villages and a large project in parts off the review list', () => {
    const input = emptyInput();
    // One kind of work (one sewer network) through three villages, one permit, one site.
    input.projects.push(
      project({
        project_id: 'N1',
        name: '义堂镇韩屯村、谢庄村、徐埠村污水管网工程',
        planned_investment: 5_200,
        address: '山东省临沂市兰山区义堂镇韩屯村',
        lat: 35.1,
        lon: 118.3,
        permit_id: '2024-371302-48-03-123456',
      }),
    );
    // One permitted project in three parts, each above the threshold.
    input.projects.push(
      project({
        project_id: 'N2',
        name: '文祖街道安置区建设项目',
        planned_investment: 57_980.2,
        component_count: 3,
        address: '山东省济南市章丘区文祖街道河洼集村',
        permit_id: '2023-370114-48-02-503492',
      }),
    );
    // Two components of 4 500: average part below the threshold but the total above twice it is not "near".
    input.projects.push(
      project({
        project_id: 'N3',
        name: '鑫盛板材厂房及仓库建设项目',
        planned_investment: 10_500,
        component_count: 2,
        address: '山东省临沂市兰山区义堂镇韩屯村',
        lat: 35.1,
        lon: 118.3,
        permit_id: '2024-371302-21-03-111111',
      }),
    );
    expect(run(bundledProject, input).filter((f) => f.severity !== 'low')).toHaveLength(0);
  });
});
