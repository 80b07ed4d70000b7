import {
  Ban,
  CheckCircle2,
  Eye,
  KeyRound,
  LogOut,
  MoreHorizontal,
  ShieldOff,
  StickyNote,
  Trash2,
  UserCog,
} from 'lucide-react';
import type { MeResponse } from '../../../../contracts/auth.ts';
import type { UserRow } from '../../../../contracts/users.ts';
import { DropdownItem, DropdownMenu, DropdownSeparator } from '../../../components/ui/dropdown.tsx';
import { Enhanced } from '../../../lib/enhanced.tsx';
import { can } from '../../auth/auth.api.ts';
import { ACTION_META, type ActionKind, whyNot } from '../user-actions.ts';
import { isStaffRow } from '../users.api.ts';

const ICONS: Record<ActionKind, typeof Eye> = {
  'revoke-sessions': LogOut,
  'password-reset': KeyRound,
  'mfa-disable': ShieldOff,
  role: UserCog,
  suspend: Ban,
  enable: CheckCircle2,
  delete: Trash2,
  note: StickyNote,
};

/**
 * The ⋯ menu of a row. Actions the role lacks and actions that do not apply stay visible but
 * disabled, with the reason as a tooltip; Change role shows only on staff rows for super admins.
 */
export function UserRowActions({
  row,
  me,
  onOpen,
  onAction,
}: {
  row: UserRow;
  me: MeResponse | undefined;
  onOpen: () => void;
  onAction: (kind: ActionKind, row: UserRow) => void;
}) {
  const item = (kind: ActionKind) => {
    const reason = whyNot(kind, me, row);
    const Icon = ICONS[kind];
    return (
      <DropdownItem
        key={kind}
        disabled={reason !== null}
        reason={reason ?? undefined}
        danger={kind === 'delete' || kind === 'suspend'}
        onSelect={() => onAction(kind, row)}
        icon={<Icon className="size-3.5" aria-hidden />}
      >
        {ACTION_META[kind].label}
      </DropdownItem>
    );
  };
  const statusAction: ActionKind = row.status === 'suspended' ? 'enable' : 'suspend';
  return (
    <DropdownMenu
      trigger={
        <button
          type="button"
          aria-label={`Actions for ${row.email}`}
          data-testid="user-row-actions"
          className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        >
          <MoreHorizontal className="size-4" aria-hidden />
        </button>
      }
    >
      <DropdownItem onSelect={onOpen} icon={<Eye className="size-3.5" aria-hidden />}>
        View 360
      </DropdownItem>
      <Enhanced>
        <DropdownSeparator />
        {item('revoke-sessions')}
        {item('password-reset')}
        {item('mfa-disable')}
        {isStaffRow(row) && can(me, 'manage_staff_roles') && item('role')}
        {item('note')}
        <DropdownSeparator />
        {item(statusAction)}
        {item('delete')}
      </Enhanced>
    </DropdownMenu>
  );
}
