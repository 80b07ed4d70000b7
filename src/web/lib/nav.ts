import { Activity, type LucideIcon, ScrollText, Server, Users } from 'lucide-react';
import type { Permission } from '../../contracts/permissions.ts';

export type NavItem = { path: string; label: string; icon: LucideIcon; permission: Permission };

/** The console's tabs, in order. A tab shows only to roles holding its permission; add one per line. */
export const NAV: NavItem[] = [
  { path: '/', label: 'Overview', icon: Activity, permission: 'view_activity' },
  { path: '/users', label: 'Users', icon: Users, permission: 'view_users' },
  { path: '/audit', label: 'Audit', icon: ScrollText, permission: 'view_audit' },
  { path: '/system', label: 'System', icon: Server, permission: 'view_system' },
];

export function navFor(permissions: readonly Permission[]): NavItem[] {
  return NAV.filter((item) => permissions.includes(item.permission));
}
