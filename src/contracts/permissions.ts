/**
 * The staff access model: roles and what each may do. Server routes name one permission each;
 * the web uses the same names to hide what a role cannot use. Change the matrix here and only here.
 */
export const ROLES = ['super_admin', 'admin', 'developer', 'support', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'view_users',
  'view_analytics',
  'view_activity',
  'manage_sessions',
  'reset_passwords',
  'manage_missions',
  'run_signals',
  'send_messages',
  'manage_users',
  'view_pii',
  'view_audit',
  'view_system',
  'view_catalog',
  'manage_catalog',
  'manage_payments',
  'grant_tokens',
  'refund',
  'manage_stones',
  'moderate_content',
  'manage_settings',
  'manage_staff_roles',
  'manage_community',
  'generate_qr',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Role[] = ['super_admin', 'admin', 'developer', 'support', 'moderator'];
const operators: Role[] = ['super_admin', 'admin', 'developer', 'support'];
const builders: Role[] = ['super_admin', 'admin', 'developer'];

/** Which roles hold each permission (DESIGN.md, "Staff access"). */
export const PERMISSION_ROLES: Record<Permission, readonly Role[]> = {
  view_users: everyone,
  view_analytics: everyone,
  view_activity: everyone,
  manage_sessions: operators,
  reset_passwords: operators,
  manage_missions: operators,
  run_signals: operators,
  send_messages: ['super_admin', 'admin', 'support'],
  manage_users: builders,
  view_pii: ['super_admin', 'developer'],
  view_audit: builders,
  view_system: builders,
  view_catalog: operators,
  manage_catalog: builders,
  manage_payments: builders,
  grant_tokens: ['super_admin', 'admin'],
  refund: ['super_admin', 'admin'],
  manage_stones: ['super_admin', 'admin'],
  moderate_content: ['super_admin', 'admin', 'moderator'],
  manage_settings: ['super_admin', 'developer'],
  manage_staff_roles: ['super_admin'],
  manage_community: ['super_admin'],
  generate_qr: ['super_admin'],
};

export function hasPermission(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && PERMISSION_ROLES[permission].includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((permission) => hasPermission(role, permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
