import { ROLES } from './permissions.ts';

// Value lists of the Users contract, kept free of zod so the web bundle can import them as values.
export const USER_STATUSES = ['active', 'suspended', 'deleted'] as const;
export const AUTH_PROVIDERS = ['password', 'google', 'both'] as const;
/** `user` is a member without a staff row. */
export const USER_ROLES = [...ROLES, 'user'] as const;

/** Whitelisted sorts: `column:direction`. Each pages by (column, id), so ties are stable. */
export const USER_SORTS = [
  'last_login_at:desc',
  'last_login_at:asc',
  'created_at:desc',
  'created_at:asc',
  'email:asc',
  'email:desc',
  'orders_count:desc',
  'orders_count:asc',
  'lifetime_value:desc',
  'lifetime_value:asc',
  'status:asc',
  'status:desc',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** Users tab → Teams filter: no team, or a team of that kind (README → Community → Definitions). */
export const TEAM_FILTERS = ['none', 'self_pair', 'group'] as const;
/** The onboarding badge: has a self-pair; else finished onboarding; else registered only. */
export const ONBOARDING = ['self_pair', 'onboarded', 'registered'] as const;
export type Onboarding = (typeof ONBOARDING)[number];
