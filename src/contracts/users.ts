import { z } from 'zod';
import { PAGE_KEYS } from './lists.ts';
import { ROLES } from './permissions.ts';

const isoTime = z.iso.datetime({ offset: true });
const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

import {
  AUTH_PROVIDERS,
  ONBOARDING,
  TEAM_FILTERS,
  USER_ROLES,
  USER_SORTS,
  USER_STATUSES,
} from './users.values.ts';

export {
  AUTH_PROVIDERS,
  ONBOARDING,
  TEAM_FILTERS,
  USER_ROLES,
  USER_SORTS,
  USER_STATUSES,
  type UserSort,
} from './users.values.ts';

export const UsersListQuery = z.strictObject({
  /** Substring of the email, or of the first/last name. */
  query: z.string().trim().max(200).optional(),
  provider: z.enum(AUTH_PROVIDERS).optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  mfa: booleanText.optional(),
  verified: booleanText.optional(),
  joinedFrom: isoTime.optional(),
  joinedTo: isoTime.optional(),
  lastLoginFrom: isoTime.optional(),
  lastLoginTo: isoTime.optional(),
  team: z.enum(TEAM_FILTERS).optional(),
  onboarding: z.enum(ONBOARDING).optional(),
  sort: z.enum(USER_SORTS).default('last_login_at:desc'),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type UsersListQuery = z.infer<typeof UsersListQuery>;

/** The CSV export of the list: the same filters and sort, every page. */
export const UsersExportQuery = UsersListQuery.omit({ pageSize: true, cursor: true });
export type UsersExportQuery = z.infer<typeof UsersExportQuery>;

/** The same filters, for `GET /api/admin/users/count` (the list's total, asked for on its own). */
export const UsersCountQuery = UsersListQuery.omit(PAGE_KEYS);
export type UsersCountQuery = z.infer<typeof UsersCountQuery>;

export const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  pictureUrl: z.string().nullable(),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  authProvider: z.enum(AUTH_PROVIDERS).nullable(),
  providers: z.array(z.string()),
  emailVerifiedAt: z.string().nullable(),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  /** Masked (`a.b.c.xxx`) unless revealed by someone holding view_pii. */
  lastIp: z.string().nullable(),
  /** The browser of the last sign-in, as sent (IPs and emails inside it masked). */
  lastUserAgent: z.string().nullable(),
  sessionsCount: z.number().int(),
  ordersCount: z.number().int(),
  /** Decimal string, e.g. "129.90". */
  lifetimeValue: z.string(),
  joined: z.string(),
  /** The person's teams (up to 3) and how many in all. */
  teams: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['self_pair', 'group']) })),
  teamCount: z.number().int(),
  onboarding: z.enum(ONBOARDING),
});
export type UserRow = z.infer<typeof UserRow>;

export const UsersListResponse = z.object({
  rows: z.array(UserRow),
  nextCursor: z.string().nullable(),
});
export type UsersListResponse = z.infer<typeof UsersListResponse>;

export const UserIdParams = z.object({ id: z.guid('must be a user id') });
export const SessionIdParams = z.object({ sid: z.guid('must be a session id') });

export const SessionRow = z.object({
  id: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  /** Only in a member's own list: the session making the request. */
  current: z.boolean().optional(),
});
export type SessionRow = z.infer<typeof SessionRow>;

export const LoginEventRow = z.object({
  id: z.string(),
  provider: z.string(),
  method: z.string(),
  success: z.boolean(),
  errorCode: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  riskScore: z.number().int().nullable(),
  createdAt: z.string(),
});
export type LoginEventRow = z.infer<typeof LoginEventRow>;

export const OrderSummary = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  total: z.string(),
  createdAt: z.string(),
});

export const AddressRow = z.object({
  id: z.string(),
  kind: z.enum(['shipping', 'billing']),
  name: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
  isDefault: z.boolean(),
});

export const EmailRow = z.object({
  id: z.string(),
  template: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const NoteRow = z.object({
  id: z.string(),
  body: z.string(),
  authorEmail: z.string().nullable(),
  createdAt: z.string(),
});
export type NoteRow = z.infer<typeof NoteRow>;

export const User360 = z.object({
  account: UserRow.pick({
    id: true,
    email: true,
    name: true,
    firstName: true,
    lastName: true,
    pictureUrl: true,
    role: true,
    status: true,
    joined: true,
  }).extend({
    emailVerified: z.boolean(),
    stripeCustomerId: z.string().nullable(),
    marketingOptIn: z.boolean(),
  }),
  auth: z.object({
    authProvider: z.enum(AUTH_PROVIDERS).nullable(),
    identities: z.array(
      z.object({
        provider: z.string(),
        providerUserId: z.string(),
        email: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    mfaEnabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    lastIp: z.string().nullable(),
    lastUserAgent: z.string().nullable(),
  }),
  sessions: z.array(SessionRow),
  activity: z.array(LoginEventRow),
  commerce: z.object({
    ordersCount: z.number().int(),
    lifetimeValue: z.string(),
    lastOrderAt: z.string().nullable(),
    recentOrders: z.array(OrderSummary),
  }),
  addresses: z.array(AddressRow),
  emails: z.array(EmailRow),
  notes: z.array(NoteRow),
});
export type User360 = z.infer<typeof User360>;

export const SessionsResponse = z.object({ sessions: z.array(SessionRow) });
export const RevokedResponse = z.object({ revoked: z.number().int() });

export const ReasonBody = z.object({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
});
export const ChangeRoleBody = z.object({ role: z.enum(ROLES) });
export const NoteBody = z.object({ body: z.string().trim().min(1, 'write something').max(5000) });
export const RevealBody = z.object({
  field: z.literal('ip'),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
});
export const RevealResponse = z.object({
  lastIp: z.string().nullable(),
  sessions: z.array(z.object({ id: z.string(), ip: z.string().nullable() })),
  loginEvents: z.array(z.object({ id: z.string(), ip: z.string().nullable() })),
});
export type RevealResponse = z.infer<typeof RevealResponse>;

/** The member's state after a row action. */
export const UserActionResponse = z.object({ user: UserRow });
export type UserActionResponse = z.infer<typeof UserActionResponse>;

export const BulkBody = z.object({
  userIds: z.array(z.guid('must be a user id')).min(1, 'select at least one member').max(100),
  reason: z.string().trim().max(500).optional(),
});
export const BulkResponse = z.object({
  results: z.array(
    z.object({
      userId: z.string(),
      ok: z.boolean(),
      code: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
});
export type BulkResponse = z.infer<typeof BulkResponse>;

/**
 * A member's sign-in throttles (User 360, manage_users): per client IP with growing waits, and the
 * account's ceiling across every IP (`clientIp: "*"`). IPs are masked without view_pii.
 */
export const SignInThrottle = z.object({
  clientIp: z.string(),
  failures: z.number().int(),
  lastFailureAt: z.string(),
  blockedUntil: z.string().nullable(),
});
export const SignInThrottlesResponse = z.object({ throttles: z.array(SignInThrottle) });
export type SignInThrottlesResponse = z.infer<typeof SignInThrottlesResponse>;
export const ClearedThrottlesResponse = z.object({ cleared: z.number().int() });
export type ClearedThrottlesResponse = z.infer<typeof ClearedThrottlesResponse>;
