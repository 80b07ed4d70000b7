import type { TeamRow } from '../../../contracts/teams.ts';
import type { ExportColumn } from '../../platform/export.ts';

/** The Teams list's columns, as the list answers them. */
export const TEAM_EXPORT_COLUMNS: ExportColumn<TeamRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'name', value: (row) => row.name },
  { header: 'kind', value: (row) => row.kind },
  { header: 'members', value: (row) => row.members },
  { header: 'campaigns', value: (row) => row.campaigns },
  { header: 'createdAt', value: (row) => row.createdAt },
];
