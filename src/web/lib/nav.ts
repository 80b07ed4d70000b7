import {
  Activity,
  BarChart3,
  CalendarRange,
  CreditCard,
  Flag,
  FolderTree,
  Gem,
  HeartHandshake,
  Inbox,
  KanbanSquare,
  LayoutGrid,
  type LucideIcon,
  Package,
  ScrollText,
  Server,
  ShoppingCart,
  Users,
  Zap,
} from 'lucide-react';
import type { Permission } from '../../contracts/permissions.ts';

/** `permission` may list several: the tab shows to roles holding any of them. */
export type NavItem = {
  path: string;
  label: string;
  icon: LucideIcon;
  permission: Permission | Permission[];
};

/** The permissions that open the Actions panel (each action card asks for its own). */
export const ACTIONS_PERMISSIONS: Permission[] = [
  'run_signals',
  'grant_tokens',
  'send_messages',
  'view_analytics',
];

/** The console's tabs, in order. A tab shows only to roles holding its permission; add one per line. */
export const NAV: NavItem[] = [
  { path: '/', label: 'Overview', icon: Activity, permission: 'view_activity' },
  { path: '/missions', label: 'Missions', icon: KanbanSquare, permission: 'view_activity' },
  { path: '/actions', label: 'Actions', icon: Zap, permission: ACTIONS_PERMISSIONS },
  { path: '/users', label: 'Users', icon: Users, permission: 'view_users' },
  { path: '/products', label: 'Products', icon: Package, permission: 'view_catalog' },
  { path: '/categories', label: 'Categories', icon: FolderTree, permission: 'view_catalog' },
  { path: '/submissions', label: 'Submissions', icon: Inbox, permission: 'view_catalog' },
  { path: '/admin', label: 'Admin home', icon: LayoutGrid, permission: 'view_users' },
  { path: '/teams', label: 'Teams', icon: HeartHandshake, permission: 'view_users' },
  { path: '/stones', label: 'Stones', icon: Gem, permission: 'view_users' },
  { path: '/campaigns', label: 'Campaigns', icon: CalendarRange, permission: 'view_users' },
  { path: '/moderation', label: 'Moderation', icon: Flag, permission: 'moderate_content' },
  { path: '/analytics', label: 'Analytics', icon: BarChart3, permission: 'view_analytics' },
  { path: '/audit', label: 'Audit', icon: ScrollText, permission: 'view_audit' },
  { path: '/system', label: 'System', icon: Server, permission: 'view_system' },
  { path: '/stripe', label: 'Stripe', icon: CreditCard, permission: 'manage_payments' },
  { path: '/orders', label: 'Orders', icon: ShoppingCart, permission: 'view_users' },
];

export function navFor(permissions: readonly Permission[]): NavItem[] {
  return NAV.filter((item) =>
    (Array.isArray(item.permission) ? item.permission : [item.permission]).some((each) =>
      permissions.includes(each),
    ),
  );
}
