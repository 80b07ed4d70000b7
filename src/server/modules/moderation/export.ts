import type { QueueItem } from '../../../contracts/moderation.ts';
import type { ExportColumn } from '../../platform/export.ts';

/**
 * The moderation queue's columns, one row per flagged post, as the queue answers them: the excerpt
 * and flag notes masked without view_pii, never the post's full text (that is a POST with its event).
 */
export const FLAG_EXPORT_COLUMNS: ExportColumn<QueueItem>[] = [
  { header: 'postId', value: (row) => row.post.id },
  { header: 'excerpt', value: (row) => row.post.excerpt },
  { header: 'postStatus', value: (row) => row.post.status },
  { header: 'postCreatedAt', value: (row) => row.post.createdAt },
  { header: 'authorEmail', value: (row) => row.author.email },
  { header: 'authorStatus', value: (row) => row.author.status },
  { header: 'reasons', value: (row) => row.reasons.join(' ') },
  { header: 'flags', value: (row) => row.flags.length },
  {
    header: 'notes',
    value: (row) => row.flags.flatMap((flag) => (flag.note ? [flag.note] : [])).join(' | '),
  },
  { header: 'firstFlaggedAt', value: (row) => row.firstFlaggedAt },
  { header: 'lastFlaggedAt', value: (row) => row.lastFlaggedAt },
  { header: 'authorHidden', value: (row) => row.history.hidden },
  { header: 'authorRemoved', value: (row) => row.history.removed },
  { header: 'authorUpheldFlags', value: (row) => row.history.upheldFlags },
];
