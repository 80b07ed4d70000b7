import type { MeResponse } from '../../../contracts/auth.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import type { UserRow } from '../../../contracts/users.ts';
import { ApiError } from '../../lib/api.ts';
import { can } from '../auth/auth.api.ts';

export type ActionKind =
  | 'revoke-sessions'
  | 'password-reset'
  | 'mfa-disable'
  | 'role'
  | 'suspend'
  | 'enable'
  | 'delete'
  | 'note';

export type ActionMeta = {
  label: string;
  permission: Permission;
  /** Asks why (suspend, delete). */
  reason?: boolean;
  /** Asks to type the word to confirm (delete). */
  typed?: string;
  danger?: boolean;
  /** What happens, for the confirmation. */
  explain: (who: string) => string;
};

export const ACTION_META: Record<ActionKind, ActionMeta> = {
  'revoke-sessions': {
    label: 'Revoke sessions',
    permission: 'manage_sessions',
    danger: true,
    explain: (who) => `Signs ${who} out on every device at once.`,
  },
  'password-reset': {
    label: 'Force password reset',
    permission: 'reset_passwords',
    danger: true,
    explain: (who) =>
      `Mails ${who} a link to choose a new password and ends every session. Staff never see or set a password.`,
  },
  'mfa-disable': {
    // Seed 001's "Toggle MFA" is one-way on purpose: staff can take a lost second factor away, but
    // cannot turn one on for someone else (enrolling needs the member's own device). README → Users.
    label: 'Reset MFA',
    permission: 'manage_users',
    danger: true,
    explain: (who) =>
      `Removes the second factor of ${who} (a lost phone); they sign in with the password alone.`,
  },
  role: {
    label: 'Change role',
    permission: 'manage_staff_roles',
    explain: (who) => `Changes the staff role of ${who}. Their next request is judged by the new role.`,
  },
  suspend: {
    label: 'Suspend',
    permission: 'manage_users',
    reason: true,
    danger: true,
    explain: (who) => `${who} is signed out everywhere and cannot sign in until enabled again.`,
  },
  enable: {
    label: 'Enable',
    permission: 'manage_users',
    explain: (who) => `${who} can sign in again.`,
  },
  delete: {
    label: 'Delete',
    permission: 'manage_users',
    reason: true,
    typed: 'delete',
    danger: true,
    explain: (who) =>
      `Soft-deletes ${who}: signed out everywhere, unable to sign in; the record stays for the audit trail.`,
  },
  note: {
    label: 'Add note',
    permission: 'manage_users',
    explain: (who) => `A note on ${who}, visible to staff in User 360.`,
  },
};

/** Why an action cannot be used on this row (missing permission, or it does not apply), or null. */
export function whyNot(kind: ActionKind, me: MeResponse | undefined, row?: UserRow): string | null {
  const meta = ACTION_META[kind];
  if (!can(me, meta.permission)) return `Your role lacks the ${meta.permission} permission`;
  if (!row) return null;
  if (row.id === me?.user.id && ['suspend', 'delete', 'role'].includes(kind))
    return 'You cannot do this to your own account';
  switch (kind) {
    case 'password-reset':
      return row.status === 'deleted' ? 'This member is deleted' : null;
    case 'mfa-disable':
      return row.mfaEnabled ? null : 'MFA is already off';
    case 'suspend':
      return row.status === 'active' ? null : `This member is ${row.status}`;
    case 'enable':
      return row.status === 'suspended' ? null : `Only a suspended member can be enabled`;
    case 'delete':
      return row.status === 'deleted' ? 'Already deleted' : null;
    default:
      return null;
  }
}

/** A person-readable message for a failed action; no SMTP gets a clear explanation. */
export function actionErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'not_configured')
    return `Email is not set up on this server (no SMTP), so reset links cannot be sent. ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
