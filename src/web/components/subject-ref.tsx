import { Link } from '@tanstack/react-router';
import type { AuditEvent } from '../../contracts/audit.ts';
import { cn } from './ui/cn.ts';

/** Where a subject's own page opens, for the kinds the console has one for. */
function linkFor(type: string, id: string): { to: string; search: Record<string, string> } | null {
  if (type === 'user') return { to: '/users', search: { user: id } };
  if (type === 'mission') return { to: '/missions', search: { mission: id } };
  return null;
}

/** Short enough to read, long enough to tell two ids apart. */
export const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 8)}…` : id);

/**
 * An event's subject as a person knows it (the member, the mission's title), linked to its page
 * when there is one; the raw id is in the tooltip and on that page. Without a label (another kind,
 * a deleted row) it falls back to the kind and a short id.
 */
export function SubjectRef({ event, className }: { event: AuditEvent; className?: string }) {
  const { subjectType, subjectId, subjectLabel } = event;
  if (!subjectType) return <span className={cn('text-zinc-400', className)}>—</span>;
  const text = subjectLabel ?? (subjectId ? `${subjectType} ${shortId(subjectId)}` : subjectType);
  const title = subjectId ? `${subjectType} ${subjectId}` : subjectType;
  const target = subjectId ? linkFor(subjectType, subjectId) : null;
  if (!target)
    return (
      <span className={cn('truncate', !subjectLabel && 'font-mono', className)} title={title}>
        {text}
      </span>
    );
  return (
    <Link
      to={target.to}
      search={target.search as never}
      title={title}
      data-testid="subject-link"
      onClick={(event) => event.stopPropagation()}
      className={cn(
        'truncate underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500',
        !subjectLabel && 'font-mono',
        className,
      )}
    >
      {text}
    </Link>
  );
}
