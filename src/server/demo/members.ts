import { createHash } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { Database } from '../db/client.ts';

/**
 * Demo members: deterministic, set-based, fast.
 *
 * Everything is generated inside the database with `generate_series` + `INSERT … SELECT`; the
 * "random" choices come from `hashint8extended(key, seed)`, a pure function of the member number and
 * the seed, so the same seed and the same N give the same members, identities, orders, addresses
 * and events (ids included: they are md5 of the seed and the row's key). Times are relative to the
 * moment of seeding (created over the last ~2 years, sign-ins over the last 90 days). Session tokens
 * are the one random thing: they are secrets.
 *
 * Every password identity holds the hash of DEMO_MEMBER_PASSWORD (hashed once per run: a real scrypt
 * per member would take hours at a million).
 */
export const DEMO_MEMBER_PASSWORD = 'mc-demo-member';
export const DEMO_MEMBER_DOMAIN = 'demo-members.test';
export const DEFAULT_DEMO_SEED = 'mission-control';
/** How many members `demo:seed` and the first start make. */
export const DEMO_MEMBERS_DEFAULT = 2_000;
/** Login events per member when no total is asked for (90 days' worth). */
export const DEFAULT_EVENTS_PER_MEMBER = 5;

export type SeedMembersOptions = {
  members: number;
  seed?: string;
  /**
   * Total login events to aim for (default members × 5). Every member who ever signed in gets the
   * event of their last sign-in, recent members their sign-up, plus the failure bursts; the rest is
   * spread over members with a long tail (a few members have thousands). When the fixed part alone
   * is larger than the target, the result has more.
   */
  loginEvents?: number;
  /**
   * Drop the secondary indexes of the tables it fills and build them again at the end, inside the
   * same transaction (other sessions wait; nobody sees a table without its indexes). Much faster for
   * bulk loads (three trigram GIN indexes on users); default: on from 100,000 members.
   */
  rebuildIndexes?: boolean;
  log?: (line: string) => void;
};

const SEEDED_TABLES = [
  'users',
  'user_identities',
  'sessions',
  'login_events',
  'addresses',
  'orders',
  'order_items',
  'emails',
  'notes',
];

export type SeedMembersResult = {
  /** false when demo members already existed: nothing was added. */
  created: boolean;
  members: number;
  identities: number;
  sessions: number;
  loginEvents: number;
  addresses: number;
  orders: number;
  orderItems: number;
  emails: number;
  notes: number;
  /** Seconds spent, by step. */
  timings: Record<string, number>;
};

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Ava',
  'Elijah',
  'Sophia',
  'Lucas',
  'Mia',
  'Mateo',
  'Isabella',
  'Levi',
  'Aisha',
  'Omar',
  'Fatima',
  'Yusuf',
  'Priya',
  'Arjun',
  'Ananya',
  'Rohan',
  'Mei',
  'Wei',
  'Hana',
  'Haruto',
  'Yuki',
  'Sakura',
  'Min-jun',
  'Seo-yeon',
  'Chloe',
  'Louis',
  'Camille',
  'Hugo',
  'Lea',
  'Jonas',
  'Lena',
  'Felix',
  'Marta',
  'Pablo',
  'Lucia',
  'Diego',
  'Valentina',
  'Santiago',
  'Sofia',
  'Joao',
  'Ines',
  'Tiago',
  'Chidi',
  'Amara',
  'Kwame',
  'Zainab',
  'Tariq',
  'Nadia',
  'Ivan',
  'Olga',
  'Dmitri',
  'Katarina',
  'Lars',
  'Freya',
  'Aarav',
  'Saanvi',
  'Kai',
  'Leilani',
  'Mason',
  'Harper',
  'Ethan',
  'Evelyn',
  'James',
  'Grace',
];

const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Nguyen',
  'Tran',
  'Kim',
  'Park',
  'Chen',
  'Wang',
  'Li',
  'Zhang',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Patel',
  'Shah',
  'Singh',
  'Kumar',
  'Khan',
  'Ali',
  'Hassan',
  'Okafor',
  'Mensah',
  'Adeyemi',
  'Dubois',
  'Lefebvre',
  'Moreau',
  'Muller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Rossi',
  'Russo',
  'Ferrari',
  'Silva',
  'Santos',
  'Oliveira',
  'Kowalski',
  'Novak',
  'Ivanova',
  'Petrov',
  'Jensen',
  'Nielsen',
  'Larsen',
  'Andersson',
  'Johansson',
  'OBrien',
  'Murphy',
  'Kelly',
  'Walsh',
  'Byrne',
];

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
  'Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
];

/** [country, region, city, street, postal prefix] */
const PLACES = [
  ['US', 'CA', 'San Francisco', 'Market Street', '941'],
  ['US', 'NY', 'New York', 'Broadway', '100'],
  ['US', 'TX', 'Austin', 'Congress Avenue', '787'],
  ['GB', 'England', 'London', 'High Street', 'EC1'],
  ['DE', 'Berlin', 'Berlin', 'Friedrichstrasse', '101'],
  ['FR', 'Ile-de-France', 'Paris', 'Rue de Rivoli', '750'],
  ['CA', 'ON', 'Toronto', 'King Street', 'M5V'],
  ['AU', 'NSW', 'Sydney', 'George Street', '200'],
  ['NL', 'North Holland', 'Amsterdam', 'Damrak', '101'],
  ['IN', 'Karnataka', 'Bengaluru', 'MG Road', '560'],
  ['BR', 'SP', 'Sao Paulo', 'Avenida Paulista', '013'],
  ['JP', 'Tokyo', 'Tokyo', 'Chuo-dori', '104'],
  ['NG', 'Lagos', 'Lagos', 'Broad Street', '101'],
  ['ES', 'Madrid', 'Madrid', 'Gran Via', '280'],
];

/** [title, unit price] */
const PRODUCTS: [string, number][] = [
  ['Mission patch', 9.5],
  ['Telemetry mug', 14],
  ['Orbital hoodie', 59],
  ['Star chart poster', 24],
  ['Flight log notebook', 12.9],
  ['Launch pad tee', 29],
  ['Pro plan (1 month)', 19],
  ['Pro plan (1 year)', 190],
  ['Ground station kit', 149],
  ['Mission control headset', 89.99],
  ['Rocket sticker pack', 4.99],
  ['Capsule water bottle', 22.5],
];

const NOTES = [
  'Asked about an invoice; resent it from billing.',
  'Reported a sign-in loop on Safari; cleared after a cache reset.',
  'VIP: early adopter, handle with care.',
  'Requested account data export (GDPR); sent.',
  'Chargeback opened on their last order; see payments.',
  'Changed shipping address by phone; verified identity first.',
  'Possible shared account: sign-ins from several countries in one day.',
  'Refund approved for a damaged item.',
];

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map(sqlText).join(', ')}]::text[]`;

/** The seed string as a 32-bit integer: every hash below is keyed with it. */
function seedNumber(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

/** The id `md5(<kind>:<seed>:<key>)::uuid` gives, computed here (to find demo rows from outside). */
export function demoUuid(kind: string, seed: string, key: number | string): string {
  const hex = createHash('md5').update(`${kind}:${seed}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of demo member number `n` (1-based) made with `seed`. */
export function demoMemberId(n: number, seed = DEFAULT_DEMO_SEED): string {
  return demoUuid('member', seed, n);
}

let demoHash: Promise<string> | null = null;
function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_MEMBER_PASSWORD);
  return demoHash;
}

/** True when members of the demo domain exist already. */
export async function hasDemoMembers(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE $1) AS any`,
    [`%@${DEMO_MEMBER_DOMAIN}`],
  );
  return rows[0]?.any === true;
}

/**
 * Creates `members` demo members with identities, sessions, 90 days of login events, addresses,
 * orders, mails and notes, then refreshes `user_aggregate`. Refuses nothing and adds nothing when
 * demo members exist already (`created: false`).
 */
export async function seedDemoMembers(
  database: Database,
  options: SeedMembersOptions,
): Promise<SeedMembersResult> {
  const members = options.members;
  if (!Number.isInteger(members) || members < 1 || members > 20_000_000)
    throw new Error(`members must be a whole number from 1 to 20,000,000 (got ${members})`);
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!/^[\w.-]{1,64}$/.test(seed)) throw new Error('seed: 1–64 letters, digits, dot, dash or underscore');
  const targetEvents = options.loginEvents ?? members * DEFAULT_EVENTS_PER_MEMBER;
  if (!Number.isInteger(targetEvents) || targetEvents < 0) throw new Error('loginEvents must be ≥ 0');
  const log = options.log ?? (() => {});
  const empty = { identities: 0, sessions: 0, loginEvents: 0, addresses: 0, orders: 0, orderItems: 0 };

  if (await hasDemoMembers(database)) {
    log(`demo members (@${DEMO_MEMBER_DOMAIN}) exist already: nothing added`);
    return { created: false, members: 0, ...empty, emails: 0, notes: 0, timings: {} };
  }

  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - start) / 1000;
    log(`${name}: ${timings[name]} s`);
    return result;
  };

  const passwordHash = await step('password hash', demoPasswordHash);
  const seedLit = sqlText(seed);
  const base = seedNumber(seed) * 1000;
  let salt = 0;
  /** A uniform number in [0, 1) from `key` (an SQL bigint expression); each call site its own stream. */
  const r = (key: string) => {
    salt += 1;
    return `((hashint8extended((${key})::bigint, ${base + salt}) & 4294967295)::float8 / 4294967296.0)`;
  };
  /** One element of a text array, chosen by a fresh random number of `key`. */
  const pick = (array: string, length: number, key: string) =>
    `(${array})[1 + floor(${r(key)} * ${length})::int]`;
  /** An address from the documentation ranges: 70 % IPv4 (3 × /24), 30 % IPv6 (2001:db8::/32). */
  const ip = (key: string) =>
    `(CASE WHEN ${r(key)} < 0.7
       THEN (${pick(sqlArray(['192.0.2.', '198.51.100.', '203.0.113.']), 3, key)} || (1 + floor(${r(key)} * 254))::int)
       ELSE ('2001:db8:' || to_hex(floor(${r(key)} * 65536)::int) || ':' || to_hex(floor(${r(key)} * 65536)::int)
             || '::' || to_hex(1 + floor(${r(key)} * 65535)::int))
     END)::inet`;
  const ua = (key: string) => pick(sqlArray(USER_AGENTS), USER_AGENTS.length, key);
  const place = (column: number) => sqlArray(PLACES.map((p) => p[column]!));
  const uuid = (kind: string, key: string) => `md5('${kind}:' || ${seedLit} || ':' || ${key})::uuid`;

  const counts = await database.sql.transaction(async (tx) => {
    const one = async (text: string) => Number((await tx.query<{ n: string }>(text))[0]?.n ?? 0);
    await tx.exec(`SET LOCAL work_mem = '128MB'`);
    await tx.exec(`SET LOCAL maintenance_work_mem = '512MB'`);
    const rebuild = options.rebuildIndexes ?? members >= 100_000;
    // Secondary indexes only: those backing a primary key or unique constraint stay.
    const indexes = rebuild
      ? await tx.query<{ name: string; def: string }>(
          `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1`,
          [SEEDED_TABLES],
        )
      : [];
    if (indexes.length > 0)
      await step(`drop ${indexes.length} secondary indexes`, () =>
        tx.exec(indexes.map((index) => `DROP INDEX ${index.name};`).join('\n')),
      );

    // 1. Who the members are, with every per-member choice, in a scratch table.
    await step('members plan', () =>
      tx.exec(`
      CREATE TEMP TABLE demo_m ON COMMIT DROP AS
      WITH a AS (
        SELECT n,
               ${pick(sqlArray(FIRST_NAMES), FIRST_NAMES.length, 'n')} AS first_name,
               ${pick(sqlArray(LAST_NAMES), LAST_NAMES.length, 'n')} AS last_name,
               ${r('n')} AS r_provider, ${r('n')} AS r_verified, ${r('n')} AS r_status, ${r('n')} AS r_login,
               now() - interval '1 minute' - ${r('n')} * interval '730 days' AS created_at,
               ${r('n')} < 0.12 AS mfa_enabled, ${r('n')} < 0.35 AS marketing_opt_in,
               ${ip('n')} AS last_ip, ${ua('n')} AS last_user_agent,
               floor(${r('n')} * ${PLACES.length})::int + 1 AS place,
               ${r('n')} AS r_sessions, ${r('n')} AS r_orders, ${r('n')} AS r_addresses,
               ${r('n')} AS r_emails, ${r('n')} AS r_notes, ${r('n')} AS r_both
          FROM generate_series(1, ${members}) n
      ), b AS (
        SELECT a.*,
               CASE WHEN r_provider < 0.6 THEN 'password' WHEN r_provider < 0.9 THEN 'google' ELSE 'both' END AS auth_provider,
               CASE WHEN r_status < 0.94 THEN 'active' WHEN r_status < 0.98 THEN 'suspended' ELSE 'deleted' END AS status,
               -- 8 % never signed in; the rest last did within 90 days (more of them recently), never before joining
               CASE WHEN r_login < 0.08 THEN NULL
                    ELSE greatest(created_at + interval '1 minute', now() - ((r_login - 0.08) / 0.92) ^ 2 * interval '90 days')
               END AS last_login_at
          FROM a
      )
      SELECT b.*,
             ${uuid('member', 'n')} AS id,
             lower(first_name || '.' || last_name || '.' || n) || '@${DEMO_MEMBER_DOMAIN}' AS email,
             CASE WHEN auth_provider <> 'password' OR r_verified < 0.85
                  THEN created_at + r_verified * interval '2 hours' END AS email_verified_at,
             CASE WHEN status = 'active' AND last_login_at > now() - interval '30 days' AND r_sessions < 0.6
                  THEN 1 + floor(r_sessions / 0.6 * 3)::int ELSE 0 END AS sessions_n,
             CASE WHEN r_orders < 0.35 THEN 1 + floor((r_orders / 0.35) ^ 2 * 5)::int ELSE 0 END AS orders_n,
             CASE WHEN r_addresses < 0.25 THEN 2 WHEN r_addresses < 0.45 THEN 1 ELSE 0 END AS addresses_n,
             CASE WHEN r_emails < 0.3 THEN 1 + floor(r_emails / 0.3 * 3)::int ELSE 0 END AS emails_n,
             CASE WHEN last_login_at IS NOT NULL
                  THEN row_number() OVER (PARTITION BY last_login_at IS NULL ORDER BY n) END AS k
        FROM b`),
    );
    await tx.exec('ANALYZE demo_m');

    // 2. Users.
    const insertedMembers = await step('users', () =>
      one(`
      WITH ins AS (
        INSERT INTO users (id, email, name, email_verified, first_name, last_name, picture_url, auth_provider,
                           email_verified_at, last_login_at, last_ip, last_user_agent, mfa_enabled, status,
                           stripe_customer_id, marketing_opt_in, onboarded_at, created_at, updated_at)
        SELECT id, email, first_name || ' ' || last_name, email_verified_at IS NOT NULL, first_name, last_name,
               CASE WHEN auth_provider <> 'password' THEN 'https://avatars.${DEMO_MEMBER_DOMAIN}/' || n || '.png' END,
               auth_provider, email_verified_at, last_login_at,
               CASE WHEN last_login_at IS NOT NULL THEN last_ip END,
               CASE WHEN last_login_at IS NOT NULL THEN last_user_agent END,
               mfa_enabled, status,
               CASE WHEN orders_n > 0 THEN 'cus_demo' || lpad(n::text, 10, '0') END,
               marketing_opt_in,
               CASE WHEN last_login_at IS NOT NULL THEN created_at + interval '3 minutes' END,
               created_at, coalesce(last_login_at, created_at)
          FROM demo_m ORDER BY n
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 3. Identities: a credential (the demo password) and/or a Google subject.
    const identities = await step('identities', () =>
      one(`
      WITH ins AS (
        INSERT INTO user_identities (id, user_id, provider, provider_user_id, email, password, scope, created_at, updated_at)
        SELECT ${uuid('credential', 'n')}, id, 'credential', id::text, email, ${sqlText(passwordHash)}, NULL,
               created_at, created_at
          FROM demo_m WHERE auth_provider IN ('password', 'both')
        UNION ALL
        SELECT ${uuid('google', 'n')}, id, 'google',
               '10' || lpad((hashint8extended(n, ${base + 999}) & 281474976710655)::text, 19, '0'),
               email, NULL, 'openid email profile',
               t, t
          FROM (SELECT m.*, CASE WHEN auth_provider = 'google' THEN created_at
                                 ELSE created_at + r_both * (coalesce(last_login_at, now()) - created_at) END AS t
                  FROM demo_m m WHERE auth_provider IN ('google', 'both')) g
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 4. Live sessions (0–3) for active members seen in the last 30 days.
    const sessions = await step('sessions', () =>
      one(`
      WITH ins AS (
        INSERT INTO sessions (id, token, user_id, expires_at, ip, user_agent, created_at, updated_at, last_seen_at)
        SELECT ${uuid('session', "m.n || '.' || j")},
               replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
               m.id, now() + interval '1 day' + ${r('m.n * 4 + j')} * interval '29 days',
               CASE WHEN j = 1 THEN m.last_ip ELSE ${ip('m.n * 4 + j')} END,
               CASE WHEN j = 1 THEN m.last_user_agent ELSE ${ua('m.n * 4 + j')} END,
               s.created_at, s.created_at, s.last_seen_at
          FROM demo_m m
          CROSS JOIN LATERAL generate_series(1, m.sessions_n) j
          CROSS JOIN LATERAL (
            SELECT CASE WHEN j = 1 THEN m.last_login_at
                        ELSE greatest(m.created_at, m.last_login_at - ${r('m.n * 4 + j')} * interval '20 days') END AS created_at,
                   CASE WHEN j = 1 THEN m.last_login_at
                        ELSE least(now(), m.last_login_at + ${r('m.n * 4 + j')} * interval '3 days') END AS last_seen_at
          ) s
         WHERE m.sessions_n > 0
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 5. Login events: each member's last sign-in, recent sign-ups, failure bursts, and the long tail.
    const bursts = Math.max(3, Math.floor(members / 50_000));
    await tx.exec(`
      CREATE TEMP TABLE demo_bursts ON COMMIT DROP AS
      SELECT b, 30 + floor(${r('b')} * 90)::int AS size,
             CASE WHEN b = 1 THEN now() - interval '40 minutes'
                  ELSE now() - interval '1 day' - ${r('b')} * interval '88 days' END AS start,
             ('203.0.113.' || (199 + b % 50))::inet AS ip
        FROM generate_series(1, ${bursts}) b`);
    const fixed = await one(`
      SELECT (SELECT count(*) FROM demo_m WHERE last_login_at IS NOT NULL)
           + (SELECT count(*) FROM demo_m WHERE created_at > now() - interval '90 days')
           + (SELECT sum(size) FROM demo_bursts) AS n`);
    const loggedIn = await one('SELECT count(*) AS n FROM demo_m WHERE last_login_at IS NOT NULL');
    const tail = loggedIn > 0 ? Math.max(0, targetEvents - fixed) : 0;
    const providerOf = (alias: string, key: string) =>
      `CASE ${alias}.auth_provider WHEN 'google' THEN 'google' WHEN 'password' THEN 'password'
            ELSE CASE WHEN ${r(key)} < 0.5 THEN 'google' ELSE 'password' END END`;
    const geo = (alias: string) =>
      `(${place(0)})[${alias}.place], (${place(1)})[${alias}.place], (${place(2)})[${alias}.place]`;
    const loginEvents = await step(`login events (${fixed} fixed + ${tail} spread)`, () =>
      one(`
      WITH ins AS (
        INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent,
                                 country, region, city, risk_score, session_id, created_at)
        SELECT * FROM (
          -- the last sign-in, matching users.last_login_at / last_ip / last_user_agent
          SELECT m.id, m.email, ${providerOf('m', 'm.n')}, 'signin', true, NULL::text, m.last_ip, m.last_user_agent,
                 ${geo('m')}, floor(${r('m.n')} * 10)::int,
                 CASE WHEN m.sessions_n > 0 THEN (${uuid('session', "m.n || '.1'")})::text END,
                 m.last_login_at
            FROM demo_m m WHERE m.last_login_at IS NOT NULL
          UNION ALL
          -- sign-ups of the last 90 days
          SELECT m.id, m.email, CASE WHEN m.auth_provider = 'google' THEN 'google' ELSE 'password' END, 'signup',
                 true, NULL, m.last_ip, m.last_user_agent, ${geo('m')}, 0, NULL, m.created_at
            FROM demo_m m WHERE m.created_at > now() - interval '90 days'
          UNION ALL
          -- credential stuffing: bursts of failures from one address, known and unknown emails
          SELECT CASE WHEN x.known THEN m.id END,
                 CASE WHEN x.known THEN m.email ELSE 'no.such.member.' || d.b || '.' || i || '@unknown.${DEMO_MEMBER_DOMAIN}' END,
                 'password', 'signin', false, 'invalid_credentials', d.ip, 'python-requests/2.31.0',
                 'NL', 'North Holland', 'Amsterdam', 60 + floor(${r('d.b * 1000 + i')} * 40)::int, NULL,
                 d.start + (i::float8 / d.size) * interval '12 minutes' + ${r('d.b * 1000 + i')} * interval '20 seconds'
            FROM demo_bursts d
            CROSS JOIN LATERAL generate_series(1, d.size) i
            CROSS JOIN LATERAL (SELECT ${r('d.b * 1000 + i')} < 0.6 AS known,
                                       1 + floor(${r('d.b * 1000 + i')} * ${members})::int AS target) x
            JOIN demo_m m ON m.n = x.target
          UNION ALL
          -- the long tail: member k gets a share ∝ 1/sqrt(k), so a few members have thousands
          SELECT m.id, m.email, p.provider, CASE WHEN p.ok AND ${r('e')} < 0.05 THEN 'refresh' ELSE 'signin' END,
                 p.ok,
                 CASE WHEN p.ok THEN NULL
                      WHEN p.provider = 'google' THEN CASE WHEN p.rc < 0.7 THEN 'access_denied' ELSE 'invalid_token' END
                      WHEN p.rc < 0.8 THEN 'invalid_credentials'
                      WHEN p.rc < 0.9 THEN 'email_not_verified' ELSE 'rate_limited' END,
                 CASE WHEN ${r('e')} < 0.75 THEN m.last_ip ELSE ${ip('e')} END,
                 CASE WHEN ${r('e')} < 0.8 THEN m.last_user_agent ELSE ${ua('e')} END,
                 ${geo('m')},
                 CASE WHEN p.ok THEN floor(p.rc * 10)::int ELSE 20 + floor(p.rc * 50)::int END,
                 NULL,
                 lo + ${r('e')} * (m.last_login_at - lo)
            FROM generate_series(1, ${tail}) e
            JOIN demo_m m ON m.k = 1 + floor(${loggedIn} * ${r('e')} ^ 2)::int
            CROSS JOIN LATERAL (SELECT greatest(m.created_at, now() - interval '90 days') AS lo) l
            CROSS JOIN LATERAL (SELECT ${providerOf('m', 'e')} AS provider, ${r('e')} < 0.9 AS ok, ${r('e')} AS rc) p
        ) events
        ORDER BY 14
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 6. Addresses: a default shipping address for 45 %, a billing one too for 25 %.
    const addresses = await step('addresses', () =>
      one(`
      WITH ins AS (
        INSERT INTO addresses (id, user_id, kind, name, line1, line2, city, region, postal_code, country, is_default, created_at)
        SELECT ${uuid('address', "m.n || '.' || j")}, m.id, CASE WHEN j = 1 THEN 'shipping' ELSE 'billing' END,
               m.first_name || ' ' || m.last_name,
               (1 + floor(${r('m.n * 3 + j')} * 1990))::int || ' ' || (${place(3)})[m.place],
               CASE WHEN ${r('m.n * 3 + j')} < 0.2 THEN 'Apt ' || (1 + floor(${r('m.n * 3 + j')} * 40))::int END,
               (${place(2)})[m.place], (${place(1)})[m.place],
               (${place(4)})[m.place] || lpad(floor(${r('m.n * 3 + j')} * 100)::int::text, 2, '0'),
               (${place(0)})[m.place], j = 1, m.created_at + interval '10 minutes'
          FROM demo_m m CROSS JOIN LATERAL generate_series(1, m.addresses_n) j
         WHERE m.addresses_n > 0
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 7. Orders (0–5) and their items (1–3); an order's total is the sum of its items.
    const productTitles = sqlArray(PRODUCTS.map(([title]) => title));
    const productPrices = `ARRAY[${PRODUCTS.map(([, price]) => price.toFixed(2)).join(', ')}]::numeric[]`;
    const { orders, orderItems } = await step('orders', async () => {
      await tx.exec(`
        CREATE TEMP TABLE demo_items ON COMMIT DROP AS
        SELECT o.*, i, 1 + floor(${r('o.key * 4 + i')} * ${PRODUCTS.length})::int AS product,
               1 + floor(${r('o.key * 4 + i')} ^ 3 * 3)::int AS quantity
          FROM (SELECT m.n, m.id AS user_id, j, m.n::bigint * 8 + j AS key,
                       ${uuid('order', "m.n || '.' || j")} AS order_id,
                       m.created_at + ${r('m.n::bigint * 8 + j')} * (now() - m.created_at) AS created_at,
                       ${r('m.n::bigint * 8 + j')} AS r_status,
                       1 + floor(${r('m.n::bigint * 8 + j')} * 3)::int AS items_n
                  FROM demo_m m CROSS JOIN LATERAL generate_series(1, m.orders_n) j
                 WHERE m.orders_n > 0) o
          CROSS JOIN LATERAL generate_series(1, o.items_n) i`);
      const orders = await one(`
        WITH ins AS (
          INSERT INTO orders (id, user_id, number, status, currency, total, created_at)
          SELECT order_id, user_id, 'DM' || lpad(n::text, 8, '0') || '-' || j,
                 CASE WHEN r_status < 0.5 THEN 'paid' WHEN r_status < 0.88 THEN 'fulfilled'
                      WHEN r_status < 0.93 THEN 'refunded' WHEN r_status < 0.96 THEN 'cancelled' ELSE 'pending' END,
                 'usd', sum(quantity * (${productPrices})[product]), created_at
            FROM demo_items GROUP BY order_id, user_id, n, j, r_status, created_at ORDER BY created_at
          RETURNING 1)
        SELECT count(*) AS n FROM ins`);
      const orderItems = await one(`
        WITH ins AS (
          INSERT INTO order_items (order_id, product_id, title, quantity, unit_price)
          SELECT order_id, NULL, (${productTitles})[product], quantity, (${productPrices})[product]
            FROM demo_items ORDER BY created_at, order_id, i
          RETURNING 1)
        SELECT count(*) AS n FROM ins`);
      return { orders, orderItems };
    });

    // 8. The mail log: welcome, verification, a password reset now and then.
    const emails = await step('emails', () =>
      one(`
      WITH ins AS (
        INSERT INTO emails (user_id, to_address, template, subject, status, provider_message_id, error, created_at, sent_at)
        SELECT m.id, m.email, t.template, t.subject, s.status,
               CASE WHEN s.status = 'sent' THEN 'demo-' || md5(${seedLit} || ':mail:' || m.n || '.' || j) END,
               CASE WHEN s.status = 'failed' THEN '550 mailbox unavailable' END,
               t.at, CASE WHEN s.status = 'sent' THEN t.at + interval '2 seconds' END
          FROM demo_m m
          CROSS JOIN LATERAL generate_series(1, m.emails_n) j
          CROSS JOIN LATERAL (
            SELECT (ARRAY['welcome', 'verify_email', 'password_reset'])[j] AS template,
                   (ARRAY['Welcome aboard', 'Confirm your email address', 'Reset your password'])[j] AS subject,
                   CASE WHEN j = 3 THEN m.created_at + ${r('m.n * 4 + j')} * (now() - m.created_at)
                        ELSE m.created_at + j * interval '1 second' END AS at
          ) t
          CROSS JOIN LATERAL (
            SELECT CASE WHEN x < 0.95 THEN 'sent' WHEN x < 0.97 THEN 'queued' ELSE 'failed' END AS status
              FROM (SELECT ${r('m.n * 4 + j')} AS x) rs
          ) s
         WHERE m.emails_n > 0
         ORDER BY t.at
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 9. A few staff notes (by the first staff member, when there is one).
    const notes = await step('notes', () =>
      one(`
      WITH ins AS (
        INSERT INTO notes (user_id, author_id, body, created_at)
        SELECT m.id, (SELECT user_id FROM admin_users ORDER BY granted_at, user_id LIMIT 1),
               ${pick(sqlArray(NOTES), NOTES.length, 'm.n')},
               m.created_at + ${r('m.n')} * (now() - m.created_at)
          FROM demo_m m WHERE m.r_notes < 0.02
         ORDER BY 4
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    if (indexes.length > 0)
      await step(`rebuild ${indexes.length} secondary indexes`, () =>
        tx.exec(indexes.map((index) => `${index.def};`).join('\n')),
      );

    return {
      members: insertedMembers,
      identities,
      sessions,
      loginEvents,
      addresses,
      orders,
      orderItems,
      emails,
      notes,
    };
  });

  await step('analyze', () =>
    database.sql.exec(
      'ANALYZE users; ANALYZE user_identities; ANALYZE sessions; ANALYZE login_events; ANALYZE addresses; ANALYZE orders; ANALYZE order_items; ANALYZE emails; ANALYZE notes',
    ),
  );
  await step('refresh user_aggregate', async () => {
    await database.sql.query('SELECT refresh_user_aggregate()');
    await database.sql.exec('ANALYZE user_aggregate');
  });
  return { created: true, ...counts, timings };
}
