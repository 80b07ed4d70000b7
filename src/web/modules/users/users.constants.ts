import { ROLES } from '../../../contracts/permissions.ts';
import type { UserRow, UserSort } from '../../../contracts/users.ts';

/**
 * The Users enums the filters list. `contracts/users.ts` exports the same arrays, but importing a
 * value from it would bundle zod into the SPA (the console imports contracts as types only), so
 * they are restated here and checked against the contract's types: a drift fails `tsc`.
 */
type Provider = NonNullable<UserRow['authProvider']>;
type Status = UserRow['status'];
type UserRole = UserRow['role'];

export const AUTH_PROVIDERS = ['password', 'google', 'both'] as const satisfies readonly Provider[];
export const USER_STATUSES = ['active', 'suspended', 'deleted'] as const satisfies readonly Status[];
export const USER_ROLES = [...ROLES, 'user'] as const satisfies readonly UserRole[];
export const USER_SORTS = [
  'last_login_at:desc',
  'last_login_at:asc',
  'created_at:desc',
  'created_at:asc',
  'email:asc',
  'email:desc',
] as const satisfies readonly UserSort[];

type Covers<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const covered: [
  Covers<Provider, (typeof AUTH_PROVIDERS)[number]>,
  Covers<Status, (typeof USER_STATUSES)[number]>,
  Covers<UserRole, (typeof USER_ROLES)[number]>,
  Covers<UserSort, (typeof USER_SORTS)[number]>,
] = [true, true, true, true];
void covered;
