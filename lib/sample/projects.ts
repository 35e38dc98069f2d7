import { TOWNS, VILLAGES } from './district';
import { PERIODS, type SimUnit } from './model';
import type { Random } from './random';
import { round1 } from './base';

export interface SimProject {
  projectId: string;
  name: string;
  owner: SimUnit;
  planned: number;
  townIndex: number;
  address: string;
  lat?: number;
  lon?: number;
  startMonth: number;
  industryCode?: string;
  permitId?: string;
  componentCount?: number;
  registeredAt: string;
  registeredBy: string;
  /** Completed investment per month index (absent months: none reported). */
  progress: Map<number, number>;
}

const WORKS = ['生产线技术改造项目', '扩建生产线项目', '仓储配送中心项目', '智能化车间建设项目', '综合楼建设项目', '物流园建设项目'];

let serial = 0;
export function resetProjectSerial(): void {
  serial = 0;
}

export function nextProjectId(year: number): string {
  serial++;
  return `P371302${year}${String(serial).padStart(4, '0')}`;
}

export function permitFor(rng: Random, year: number, industryCode: string): string {
  return `${year}-371302-${industryCode.slice(0, 2)}-03-${rng.int(100000, 999999)}`;
}

export function registeredAt(rng: Random, startMonth: number): string {
  // Registered a few weeks before work starts; months before the window fall in 2022.
  const month = startMonth - 1;
  const year = month < 0 ? 2022 : 2023 + Math.floor(month / 12);
  const mm = month < 0 ? 12 + month + 1 : (month % 12) + 1;
  return `${year}-${String(mm).padStart(2, '0')}-${String(rng.int(2, 27)).padStart(2, '0')}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}+08:00`;
}

export function makeProject(rng: Random, owner: SimUnit, planned: number, startMonth: number): SimProject {
  const year = 2023 + Math.floor(Math.max(0, startMonth) / 12);
  const brand = owner.name.replace(/^临沂(兰山)?/, '').replace(/(有限责任公司|有限公司)$/, '');
  const village = rng.pick(VILLAGES);
  const town = TOWNS[owner.townIndex]!;
  const project: SimProject = {
    projectId: nextProjectId(year),
    name: `${brand}${rng.pick(WORKS)}`,
    owner,
    planned,
    townIndex: owner.townIndex,
    address: `山东省临沂市兰山区${town.name}${village}`,
    lat: rng.chance(0.6) ? round6(35.05 + rng.uniform(0, 0.25)) : undefined,
    lon: undefined,
    startMonth,
    industryCode: rng.chance(0.8) ? owner.industry.code : undefined,
    permitId: permitFor(rng, year, owner.industry.code),
    componentCount: rng.chance(0.6) ? 1 : undefined,
    registeredAt: registeredAt(rng, startMonth),
    registeredBy: owner.account,
    progress: new Map(),
  };
  if (project.lat !== undefined) project.lon = round6(118.2 + rng.uniform(0, 0.25));
  fillProgress(rng, project);
  return project;
}

export function fillProgress(rng: Random, project: SimProject): void {
  const duration = rng.int(12, 30);
  const perMonth = project.planned / duration;
  for (let m = Math.max(0, project.startMonth); m < Math.min(PERIODS.length, project.startMonth + duration); m++) {
    project.progress.set(m, round1(perMonth * rng.uniform(0.6, 1.4)));
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
