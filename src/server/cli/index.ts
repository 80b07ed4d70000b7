import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isRole, ROLES } from '../../contracts/permissions.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectOnce, type Database } from '../db/client.ts';
import { acquireEmbeddedLock } from '../db/embedded-lock.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { migrateConfigured, openConfiguredDatabase } from '../db/open.ts';
import type { RequestContext } from '../platform/audit/append.ts';
import { archiveEvents, verifyArchiveFile } from '../platform/audit/archive.ts';
import { sealEvents } from '../platform/audit/sealer.ts';
import {
  type Checkpoint,
  makeCheckpoint,
  readUnsealed,
  verifyChain,
  verifyMonth,
} from '../platform/audit/verify.ts';
import { deriveKeys, type Keys, loadSecretKey } from '../platform/crypto.ts';

/**
 * The command line: what needs server access rather than a browser session (granting staff),
 * and the operator's tools (migrations, audit verification). `npm run <command> -- <args>`.
 */
type Command = (args: string[], tools: Tools) => Promise<number>;
type Tools = {
  database: Database;
  keys: Keys;
  context: RequestContext;
  appEnv: string;
  /** The owner role's URL on a Postgres server when it is not the app's (MIGRATION_DATABASE_URL). */
  ownerUrl: string | null;
  migrate(): Promise<string[]>;
};

const USAGE = `usage:
  admin:grant <email> <role> [--reset-password | --existing]
                                 make an account staff (creates it, printing a password once);
                                 an existing unverified account needs --reset-password or --existing
  admin:revoke <email>           remove staff access (the account stays a member)
  admin:list                     list staff
  audit:verify [--checkpoint F]  recompute the hash chain; exit 1 naming the first bad row
  audit:verify --archive <file>  prove an archive file: its chain segment and signed head
  audit:verify --month YYYY-MM   prove one month's partition (its rows' hashes and links)
  audit:checkpoint <file>        write the signed chain head to a file kept outside the database
  audit:archive --before YYYY-MM [--file F]
                                 write the months before YYYY-MM to a JSONL file (default
                                 audit-archive-before-YYYY-MM.jsonl) with their chain segment and a
                                 signed head, prove it, then detach and drop those partitions
  db:migrate                     apply pending migrations
  db:status                      list pending migrations
  demo:seed [--members N] [--seed S] [--login-events E] [--students S] [--products P]
                                 create the demo staff accounts (when there are no staff yet),
                                 N deterministic demo members (default 2,000) with identities,
                                 sessions, 90 days of login events, addresses and orders, and
                                 3 demo courses with S of them enrolled (default 2,000), their
                                 progress, quizzes, tokens and payments, and the demo catalog:
                                 P products (default 300) in 8 categories, searches, submissions
  totp <secret>                  print the current code for a TOTP secret (demo convenience)
roles: ${ROLES.join(', ')}`;

/**
 * The staff commands and the demo seed load the auth library and the seeds only when run: every
 * command starts a process, and the audit and database commands need neither.
 */
const staffTools = () => import('../modules/auth/index.ts');
const demoSeeds = async () => ({
  ...(await import('../demo/catalog.ts')),
  ...(await import('../demo/community.ts')),
  ...(await import('../demo/courses.ts')),
  ...(await import('../demo/members.ts')),
  ...(await import('../demo/staff.ts')),
});

const commands: Record<string, Command> = {
  async 'admin:grant'(args, { database, context }) {
    const [email, role] = args.filter((arg) => !arg.startsWith('--'));
    if (!email || !role || !isRole(role)) return fail(`admin:grant needs <email> <role>\n${USAGE}`);
    const existing = args.includes('--reset-password')
      ? 'reset_password'
      : args.includes('--existing')
        ? 'trust'
        : undefined;
    const { grantStaff } = await staffTools();
    const result = await grantStaff(database, context, { email, role, existing });
    if (result.previousRole) console.log(`${email}: role ${result.previousRole} → ${role}`);
    else console.log(`${email} is now ${role}.`);
    if (result.createdPassword) {
      console.log(`Password (shown once; hand it over privately): ${result.createdPassword}`);
    }
    console.log('At first sign-in the console asks them to enroll an authenticator app.');
    return 0;
  },
  async 'admin:revoke'([email], { database, context }) {
    if (!email) return fail('admin:revoke needs <email>');
    const { revokeStaff } = await staffTools();
    await revokeStaff(database, context, email);
    console.log(`${email} is no longer staff.`);
    return 0;
  },
  async 'admin:list'(_args, { database }) {
    const { listStaff } = await staffTools();
    const staff = await listStaff(database.db);
    if (staff.length === 0) console.log('No staff yet. Use admin:grant <email> <role>.');
    for (const member of staff) {
      console.log(
        `${member.role.padEnd(12)} ${member.email.padEnd(40)} ${member.enrolled ? 'TOTP enrolled' : 'not enrolled'}  since ${member.grantedAt.toISOString().slice(0, 10)}`,
      );
    }
    return 0;
  },
  async 'audit:verify'(args, { database, keys }) {
    const archiveIndex = args.indexOf('--archive');
    if (archiveIndex >= 0) {
      const file = args[archiveIndex + 1];
      if (!file) return fail('audit:verify --archive needs <file>');
      const proof = await verifyArchiveFile(file, keys.checkpoint);
      if (!proof.ok) {
        console.error(`Archive BROKEN: ${proof.problem}`);
        return 1;
      }
      console.log(
        `Archive OK: ${proof.events} event(s) of ${proof.months?.join(', ')}, positions ${proof.start?.position} → ${proof.head?.lastPosition}, head ${proof.head?.lastId ?? 'none'} ${proof.head?.hash ?? ''}, signed ${proof.head?.at}`,
      );
      return 0;
    }
    const monthIndex = args.indexOf('--month');
    if (monthIndex >= 0) {
      const month = args[monthIndex + 1] ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return fail('audit:verify --month takes YYYY-MM');
      const started = performance.now();
      const proof = await verifyMonth(database.sql, month, { parallel: 2 });
      const seconds = (performance.now() - started) / 1000;
      if (!proof.ok) {
        console.error(`Month ${month} BROKEN: ${proof.problem?.reason}`);
        return 1;
      }
      console.log(`Month ${month} OK: ${proof.count} event(s) in ${seconds.toFixed(2)} s`);
      return 0;
    }
    const index = args.indexOf('--checkpoint');
    const checkpoint =
      index >= 0 ? (JSON.parse(readFileSync(args[index + 1] ?? '', 'utf8')) as Checkpoint) : undefined;
    const result = await verifyChain(database.sql, { checkpoint, checkpointKey: keys.checkpoint });
    const unsealed = await readUnsealed(database.sql);
    const pending = unsealed.count
      ? `; ${unsealed.count} newer event(s) not sealed yet, the oldest ${unsealed.oldestSeconds?.toFixed(1)} s old`
      : '; nothing waiting to be sealed';
    if (!result.ok) {
      console.error(`Audit chain BROKEN: ${result.problem?.reason}`);
      console.error(`Verified ${result.count} row(s) before it (last good id ${result.lastId ?? 'none'}).`);
      return 1;
    }
    const archived = result.archived
      ? `, continuing from the archive of months before ${result.archived.before} (position ${result.archived.lastPosition}, ${result.archived.count} event(s), signed ${result.archived.at})`
      : '';
    console.log(
      `Audit chain OK: ${result.count} event(s), head ${result.lastId ?? 'none'} ${result.hash ?? ''}${archived}${checkpoint ? `, matches checkpoint of ${checkpoint.at}` : ''}${pending}`,
    );
    return 0;
  },
  async 'audit:archive'(args, { database, keys, context, ownerUrl }) {
    const option = (name: string) => {
      const index = args.indexOf(name);
      return index >= 0 ? args[index + 1] : undefined;
    };
    const before = option('--before');
    if (!before) return fail(`audit:archive needs --before YYYY-MM\n${USAGE}`);
    const file = option('--file') ?? `audit-archive-before-${before}.jsonl`;
    // Everything committed gets its chain position first: a month with unsealed rows is refused.
    await sealEvents(database);
    // Detaching and dropping partitions needs the table's owner, as migrations do.
    const owner = ownerUrl ? await connectOnce(ownerUrl) : null;
    try {
      const result = await archiveEvents(owner ?? database.sql, {
        before,
        file,
        key: keys.checkpoint,
        context,
      });
      await sealEvents(database);
      console.log(
        `Archived ${result.events} event(s) of ${result.months.join(', ')} to ${result.file} (sha256 ${result.fileSha256}); head position ${result.head.lastPosition}, ${result.head.count} event(s) in the chain up to it. Those partitions are dropped; keep the file.`,
      );
      return 0;
    } finally {
      await owner?.close();
    }
  },
  async 'audit:checkpoint'([file], { database, keys }) {
    if (!file) return fail('audit:checkpoint needs <file> (keep it outside the database server)');
    const checkpoint = await makeCheckpoint(database.sql, keys.checkpoint);
    writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
    console.log(
      `Checkpoint written to ${file}: ${checkpoint.count} event(s), head ${checkpoint.lastId ?? 'none'}.`,
    );
    return 0;
  },
  async 'db:migrate'(_args, { migrate }) {
    const applied = await migrate();
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
    return 0;
  },
  async 'db:status'(_args, { database }) {
    const pending = await pendingMigrations(database.sql);
    console.log(
      pending.length ? `Pending:\n  ${pending.join('\n  ')}` : 'Up to date: no pending migrations.',
    );
    return 0;
  },
  async 'demo:seed'(args, { database, keys, appEnv }) {
    if (appEnv === 'production')
      return fail('demo:seed is refused when APP_ENV=production: its passwords are public');
    const {
      DEMO_MEMBER_DOMAIN,
      DEMO_MEMBER_PASSWORD,
      DEMO_MEMBERS_DEFAULT,
      hasAnyStaff,
      seedDemoCatalog,
      seedDemoCommunity,
      seedDemoCourses,
      seedDemoMembers,
      seedDemoStaff,
    } = await demoSeeds();
    const option = (name: string) => {
      const index = args.indexOf(name);
      return index >= 0 ? args[index + 1] : undefined;
    };
    const count = (name: string, fallback?: number) => {
      const text = option(name);
      if (text === undefined) return fallback;
      const value = Number(text.replace(/[_,]/g, ''));
      return Number.isInteger(value) && value >= 0 ? value : Number.NaN;
    };
    const members = count('--members', DEMO_MEMBERS_DEFAULT);
    const loginEvents = count('--login-events');
    if (!members || Number.isNaN(members) || Number.isNaN(loginEvents ?? 0))
      return fail(`demo:seed: --members and --login-events take a positive whole number\n${USAGE}`);
    if (Number.isNaN(count('--students') ?? 0))
      return fail(`demo:seed: --students takes a whole number\n${USAGE}`);
    if (Number.isNaN(count('--products') ?? 0))
      return fail(`demo:seed: --products takes a whole number\n${USAGE}`);
    if (await hasAnyStaff(database)) console.log('Demo staff: staff exist already, none added.');
    else {
      await seedDemoStaff(database, keys);
      console.log('Demo staff accounts created (see README → Demo accounts).');
    }
    const started = performance.now();
    const result = await seedDemoMembers(database, {
      members,
      seed: option('--seed'),
      loginEvents,
      log: (line) => console.log(`  · ${line}`),
    });
    if (!result.created) {
      console.log(`Demo members (@${DEMO_MEMBER_DOMAIN}) exist already: nothing added.`);
    } else {
      const { created: _created, timings: _timings, ...counts } = result;
      console.log(
        `Demo members created in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(
          counts,
        )
          .map(([name, value]) => `${value.toLocaleString('en-US')} ${name}`)
          .join(', ')}.`,
      );
      console.log(`Every demo member with a password signs in with "${DEMO_MEMBER_PASSWORD}".`);
    }
    const coursesStarted = performance.now();
    const courses = await seedDemoCourses(database, {
      students: count('--students'),
      seed: option('--seed'),
      log: (line) => console.log(`  · ${line}`),
    });
    if (!courses.created) {
      console.log('Demo courses exist already: nothing added.');
    } else {
      const { created: _coursesCreated, timings: _courseTimings, ...courseCounts } = courses;
      console.log(
        `Demo courses created in ${((performance.now() - coursesStarted) / 1000).toFixed(1)} s: ${Object.entries(
          courseCounts,
        )
          .map(([name, value]) => `${value.toLocaleString('en-US')} ${name}`)
          .join(', ')}.`,
      );
    }
    const catalogStarted = performance.now();
    const catalog = await seedDemoCatalog(database, {
      products: count('--products'),
      seed: option('--seed'),
      log: (line) => console.log(`  · ${line}`),
    });
    if (!catalog.created) console.log('Demo catalog exists already: nothing added.');
    else {
      const { created: _catalogCreated, timings: _catalogTimings, ...catalogCounts } = catalog;
      console.log(
        `Demo catalog created in ${((performance.now() - catalogStarted) / 1000).toFixed(1)} s: ${Object.entries(
          catalogCounts,
        )
          .map(([name, value]) => `${value.toLocaleString('en-US')} ${name}`)
          .join(', ')}.`,
      );
    }
    const communityStarted = performance.now();
    const community = await seedDemoCommunity(database, {
      seed: option('--seed'),
      log: (line) => console.log(`  · ${line}`),
    });
    if (!community.created) {
      console.log('Community data (teams, stones) exists already: nothing added.');
      return 0;
    }
    const { created: _communityCreated, timings: _communityTimings, ...communityCounts } = community;
    console.log(
      `Demo community created in ${((performance.now() - communityStarted) / 1000).toFixed(1)} s: ${Object.entries(
        communityCounts,
      )
        .map(([name, value]) => `${value.toLocaleString('en-US')} ${name}`)
        .join(', ')}.`,
    );
    return 0;
  },
};

function fail(message: string): number {
  console.error(message);
  return 2;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'totp') {
    if (!args[0]) return fail('totp needs <secret>');
    const { codeAt } = await staffTools();
    console.log(codeAt(args[0]));
    return 0;
  }
  const command = name ? commands[name] : undefined;
  if (!command) return fail(USAGE);
  const config = loadConfig();
  const release = config.databaseUrl ? () => {} : acquireEmbeddedLock(config.dataDir, `cli ${name}`);
  const keys = deriveKeys(loadSecretKey(config));
  const database = await openConfiguredDatabase(config);
  try {
    if (name !== 'db:status' && name !== 'db:migrate') await migrateConfigured(config, database);
    const context: RequestContext = {
      actor: { id: null, email: `cli:${userInfo().username}`, role: 'cli' },
      requestId: `cli-${name}`,
      ip: null,
    };
    return await command(args, {
      database,
      keys,
      context,
      appEnv: config.appEnv,
      ownerUrl: database.kind === 'postgres' ? (config.migrationDatabaseUrl ?? null) : null,
      migrate: () => migrateConfigured(config, database),
    });
  } finally {
    await database.close();
    release();
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof ConfigError ? error.message : `Error: ${(error as Error).message}`);
    process.exit(1);
  });
