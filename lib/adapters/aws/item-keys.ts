import type { RecordKind } from '../../domain/kinds';

/** The table keys of a contract record. See docs/storage.md for the access patterns they serve. */
export interface ItemKeys {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

const s = (v: unknown) => String(v);
/** Zero-padded so revisions sort numerically within a period. */
const rev = (v: unknown) => s(v).padStart(4, '0');

export function itemKeys(kind: RecordKind, v: Record<string, unknown>): ItemKeys {
  switch (kind) {
    case 'units':
      return { pk: `UNIT#${s(v.unit_id)}`, sk: '#PROFILE', gsi1pk: `TOWN#${s(v.town_code)}`, gsi1sk: `UNIT#${s(v.category)}#${s(v.unit_id)}` };
    case 'submissions':
      return {
        pk: `UNIT#${s(v.unit_id)}`,
        sk: `SUB#${s(v.period)}#${rev(v.revision)}`,
        gsi1pk: `PERIOD#${s(v.period)}`,
        gsi1sk: `SUB#${s(v.unit_id)}#${rev(v.revision)}`,
        gsi2pk: `ACCT#${s(v.submitter_account)}`,
        gsi2sk: `${s(v.submitted_at)}#${s(v.unit_id)}#${s(v.period)}#${rev(v.revision)}`,
      };
    case 'tax':
    case 'electricity':
    case 'social_insurance': {
      const tag = kind === 'tax' ? 'TAX' : kind === 'electricity' ? 'ELEC' : 'SI';
      return { pk: `UNIT#${s(v.unit_id)}`, sk: `${tag}#${s(v.period)}`, gsi1pk: `PERIOD#${s(v.period)}`, gsi1sk: `${tag}#${s(v.unit_id)}` };
    }
    case 'market_status':
      return { pk: `UNIT#${s(v.unit_id)}`, sk: `MKT#${s(v.status_date)}`, gsi1pk: 'MARKET_STATUS', gsi1sk: `${s(v.status_date)}#${s(v.unit_id)}` };
    case 'register_events':
      return {
        pk: `REGEVT#${s(v.event_id)}`,
        sk: '#EVENT',
        gsi1pk: `PERIOD#${s(v.period)}`,
        gsi1sk: `REGEVT#${s(v.event_id)}`,
        gsi2pk: `UNIT#${s(v.unit_id)}`,
        gsi2sk: `REGEVT#${s(v.period)}#${s(v.event_id)}`,
      };
    case 'projects':
      return {
        pk: `PROJ#${s(v.project_id)}`,
        sk: '#PROJECT',
        gsi1pk: `TOWN#${s(v.town_code)}`,
        gsi1sk: `PROJ#${s(v.project_id)}`,
        gsi2pk: `UNIT#${s(v.owner_unit_id)}`,
        gsi2sk: `PROJ#${s(v.project_id)}`,
      };
    case 'project_progress':
      return { pk: `PROJ#${s(v.project_id)}`, sk: `PROG#${s(v.period)}` };
    case 'accounts':
      return { pk: `ACCOUNT#${s(v.account)}`, sk: '#ACCOUNT', gsi2pk: `OWNER#${s(v.owner_id)}`, gsi2sk: `ACCOUNT#${s(v.account)}` };
    case 'offices':
      return { pk: `OFFICE#${s(v.cidr)}`, sk: '#OFFICE', gsi1pk: `TOWN#${s(v.town_code)}`, gsi1sk: `OFFICE#${s(v.cidr)}` };
  }
}
