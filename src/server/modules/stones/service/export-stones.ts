import type { StoneRow } from '../../../../contracts/stones.ts';
import type { ExportColumn } from '../../../platform/export.ts';

/** The Stones list's columns, as the list answers them. */
export const STONE_EXPORT_COLUMNS: ExportColumn<StoneRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'code', value: (row) => row.code },
  { header: 'kind', value: (row) => row.kind },
  { header: 'status', value: (row) => row.status },
  { header: 'location', value: (row) => row.location?.name },
  { header: 'batchId', value: (row) => row.batchId },
  { header: 'activatedAt', value: (row) => row.activatedAt },
  { header: 'createdAt', value: (row) => row.createdAt },
];
