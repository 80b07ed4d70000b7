import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'mc-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the browser bundle', () => {
  it('contains no server secret even when they are in the build environment', async () => {
    const canaries = {
      MC_SECRET_KEY: 'canary-secret-key-0123456789abcdef0123456789',
      DATABASE_URL: 'postgres://canary_user:canary_db_password@db.internal/mc',
      MIGRATION_DATABASE_URL: 'postgres://owner:canary_owner_password@db.internal/mc',
      STRIPE_SECRET_KEY: 'sk_test_canary_stripe_secret',
      DISCORD_BOT_TOKEN: 'canary.discord.bot.token',
      SMTP_URL: 'smtp://user:canary_smtp_password@mail.internal',
      GOOGLE_CLIENT_SECRET: 'canary-google-client-secret',
    };
    const saved = { ...process.env };
    Object.assign(process.env, canaries);
    try {
      const { build } = await import('vite');
      await build({
        configFile: join(ROOT, 'vite.config.ts'),
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      for (const key of Object.keys(canaries)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const files = filesUnder(outDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const bundle = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const [name, value] of Object.entries(canaries)) {
      expect(bundle.includes(value), `${name} leaked into the bundle`).toBe(false);
    }
    // Libraries may say "canary" (recharts does); a leaked value would carry one of ours.
    expect(bundle).not.toMatch(/canary[-_.](secret|user|db|owner|stripe|discord|smtp|google)/);
  }, 120_000);
});
