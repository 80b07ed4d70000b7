import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, WEB_DIST } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { acquireEmbeddedLock } from './db/embedded-lock.ts';
import { migrateConfigured, openConfiguredDatabase } from './db/open.ts';
import { seedDemoCatalog } from './demo/catalog.ts';
import { seedDemoCommunity } from './demo/community.ts';
import { seedDemoCourses } from './demo/courses.ts';
import { DEMO_MEMBERS_DEFAULT, seedDemoMembers } from './demo/members.ts';
import { DEMO_STAFF, hasAnyStaff, seedDemoStaff } from './demo/staff.ts';
import { geoDatabase } from './modules/auth/index.ts';
import { deriveKeys, loadSecretKey } from './platform/crypto.ts';

// Boot: config → database → migrate → (demo data) → app → listen.
async function main() {
  const config = loadConfig();
  const releaseLock = config.databaseUrl ? () => {} : acquireEmbeddedLock(config.dataDir, 'server');
  const keys = deriveKeys(loadSecretKey(config));
  const database = await openConfiguredDatabase(config);
  const applied = await migrateConfigured(config, database);

  const seeded = config.demoData && !(await hasAnyStaff(database));
  if (seeded) await seedDemoStaff(database, keys);
  if (seeded) await seedDemoMembers(database, { members: DEMO_MEMBERS_DEFAULT });
  if (seeded) await seedDemoCourses(database);
  if (seeded) await seedDemoCatalog(database);
  if (seeded) await seedDemoCommunity(database);

  if (config.serveWeb && !existsSync(join(WEB_DIST, 'index.html'))) {
    console.log('Building the web console (first start)…');
    const { build } = await import('vite');
    await build({ configFile: join(import.meta.dirname, '..', '..', 'vite.config.ts'), logLevel: 'warn' });
  }

  const app = await buildApp({ config, database, keys, serveWeb: config.serveWeb });
  await app.listen({ host: config.host, port: config.port });
  app.mc.jobs.start();
  // The GeoIP tables load now rather than on the first member's sign-in.
  geoDatabase();
  // Finish refunds a previous process left half-done (Stripe asked, ledger not yet written).
  app.mc.jobs
    .runNow('refund-reconcile')
    .catch((error) => app.log.error({ err: error }, 'refund reconciliation failed'));
  // A fresh demo shows its problems on the Missions board at once, not after the first 15-minute pulse.
  if (seeded) {
    app.mc.jobs
      .runNow('health-pulse')
      .catch((error) => app.log.error({ err: error }, 'first health pulse failed'));
  }

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    releaseLock();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  printBanner({
    url: config.publicUrl,
    env: config.appEnv,
    database: database.host,
    applied,
    demo: config.demoData,
  });
  if (seeded) console.log('Demo data created on this first start.');
}

function printBanner(info: { url: string; env: string; database: string; applied: string[]; demo: boolean }) {
  const lines = [
    '',
    `  Mission Control is running at ${info.url}`,
    `  APP_ENV=${info.env} · database ${info.database}${info.applied.length ? ` · applied ${info.applied.length} migration(s)` : ''}`,
  ];
  if (info.demo) {
    lines.push('', '  Demo staff accounts (embedded demo database only):');
    for (const staff of DEMO_STAFF) {
      lines.push(
        `    ${staff.role.padEnd(12)} ${staff.email.padEnd(40)} password ${staff.password.padEnd(22)} TOTP ${staff.totpSecret}`,
      );
    }
    lines.push(
      '  Add the TOTP secret to an authenticator app (or run `npm run totp -- <secret>`) for the step-up code.',
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
