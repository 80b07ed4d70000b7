import type { Campaign } from '../../../contracts/campaigns.ts';
import type { ExportColumn } from '../../platform/export.ts';

/** The Campaigns list's columns, as the list answers them. */
export const CAMPAIGN_EXPORT_COLUMNS: ExportColumn<Campaign>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'title', value: (row) => row.title },
  { header: 'team', value: (row) => row.team.name },
  { header: 'status', value: (row) => row.status },
  { header: 'startsAt', value: (row) => row.startsAt },
  { header: 'endsAt', value: (row) => row.endsAt },
  { header: 'activatedAt', value: (row) => row.activatedAt },
  { header: 'closedAt', value: (row) => row.closedAt },
  { header: 'posts', value: (row) => row.posts },
  { header: 'createdAt', value: (row) => row.createdAt },
];
