import type { Category } from './kinds';

/** The register's categories as a Chinese reviewer names them (四上 specialities). */
export const CATEGORY_ZH: Record<Category, string> = {
  industry: '规上工业',
  construction: '建筑业',
  wholesale: '限上批发',
  retail: '限上零售',
  accommodation: '限上住宿',
  catering: '限上餐饮',
  services: '规上服务业',
  real_estate: '房地产开发',
};
