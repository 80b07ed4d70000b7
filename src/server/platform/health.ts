import type { SystemOverview } from '../../contracts/system.ts';
import type { Db } from '../db/client.ts';

type Reports = SystemOverview['health'];

/**
 * What a module may report to the System tab's health, by name. The System module cannot import
 * the modules it reports on (they read its settings: an import cycle), so each owner registers its
 * probe here when the app starts and System reads whatever was registered.
 */
export type HealthProbes = {
  /** The catalog's search index: rows changed since they were last indexed. */
  searchIndex: (db: Db) => Promise<Reports['searchIndexStatus']>;
  /** The read replica: ok / lagging / down / not configured (the platform's `Reads`, app.ts). */
  readReplica: () => Promise<Reports['readReplica']>;
};

export type HealthProbeName = keyof HealthProbes;

/** The probes modules registered at start-up (app.ts, from each ServerModule's `health`). */
export class HealthRegistry {
  private readonly probes = new Map<HealthProbeName, { owner: string; probe: unknown }>();

  /** One owner per probe: a second registration is a wiring mistake, refused at start-up. */
  register<K extends HealthProbeName>(owner: string, name: K, probe: HealthProbes[K]): void {
    const taken = this.probes.get(name);
    if (taken) throw new Error(`health probe ${name} is registered by ${taken.owner} already (${owner})`);
    this.probes.set(name, { owner, probe });
  }

  /** The probe, or null when no module of this build reports it. */
  get<K extends HealthProbeName>(name: K): HealthProbes[K] | null {
    return (this.probes.get(name)?.probe as HealthProbes[K] | undefined) ?? null;
  }
}
