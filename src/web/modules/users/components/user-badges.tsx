import { useState } from 'react';
import type { UserRow } from '../../../../contracts/users.ts';
import { Badge, type Tone } from '../../../components/ui/badge.tsx';

const STATUS_TONE: Record<UserRow['status'], Tone> = { active: 'green', suspended: 'amber', deleted: 'red' };

export function StatusBadge({ status }: { status: UserRow['status'] }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

export function RoleBadge({ role }: { role: UserRow['role'] }) {
  if (role === 'user') return <span className="text-zinc-500">member</span>;
  return <Badge tone="violet">{role.replace('_', ' ')}</Badge>;
}

export function Avatar({
  name,
  email,
  pictureUrl,
}: {
  name: string;
  email: string;
  pictureUrl: string | null;
}) {
  const initials =
    (name || email)
      .split(/[\s@._-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase())
      .join('') || '?';
  const [broken, setBroken] = useState<string | null>(null);
  // A picture that fails to load (moved, blocked) falls back to the initials.
  if (pictureUrl && broken !== pictureUrl)
    return (
      <img
        src={pictureUrl}
        alt=""
        onError={() => setBroken(pictureUrl)}
        referrerPolicy="no-referrer"
        className="size-7 shrink-0 rounded-full object-cover ring-1 ring-zinc-200 dark:ring-zinc-700"
      />
    );
  return (
    <span
      aria-hidden
      className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-[10px] font-semibold text-indigo-700 ring-1 ring-indigo-100 dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-900"
    >
      {initials}
    </span>
  );
}

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function formatMoney(value: string): string {
  const number = Number(value);
  return Number.isFinite(number) ? money.format(number) : value;
}
