import type { Config } from '../config.ts';
import { connectOnce, type Database, openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

/** The database the config names: embedded PGlite in the data folder, or the server at DATABASE_URL. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    return openDatabase({
      kind: 'postgres',
      url: config.databaseUrl,
      ...(config.replica.url ? { replicaUrl: config.replica.url } : {}),
    });
  }
  return openDatabase({ kind: 'embedded', dataDir: config.dataDir });
}

/**
 * Applies pending migrations. With MIGRATION_DATABASE_URL they run as that (owner) role, and the
 * app's own role is granted what it needs, but never UPDATE/DELETE/TRUNCATE on events.
 */
export async function migrateConfigured(config: Config, database: Database): Promise<string[]> {
  if (database.kind === 'postgres' && config.migrationDatabaseUrl) {
    const owner = await connectOnce(config.migrationDatabaseUrl);
    try {
      const appRole = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).username) : '';
      const ownerRole = decodeURIComponent(new URL(config.migrationDatabaseUrl).username);
      return await migrate(owner, { appRole: appRole && appRole !== ownerRole ? appRole : undefined });
    } finally {
      await owner.close();
    }
  }
  return migrate(database.sql);
}
