import { sql } from 'drizzle-orm';
import type { Mission } from '../../../contracts/missions.ts';
import { maskIpsDeep, maskIpsInText } from '../../../contracts/pii.ts';
import type { PulseResult, Signal } from '../../../contracts/signals.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import type { EventInput, RequestContext } from '../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';
import { loadMission, missionForViewer } from '../missions/index.ts';
import { writeSetting } from '../system/index.ts';
import { DEFAULT_THRESHOLDS, DETECTORS, type Thresholds } from './detectors.ts';

const PULSE_LOCK = 7243101;

/** Changes some thresholds (audited as one `setting.changed` with before and after). */
export async function updateThresholds(
  database: Database,
  context: RequestContext,
  patch: Partial<Thresholds>,
  idempotency: IdempotencyRequest | null,
): Promise<Thresholds> {
  const before = await readThresholds(database.db);
  const after = { ...before, ...patch };
  await mutate(
    database,
    context,
    async (tx) => ({
      result: null,
      events: [await writeSetting(tx, context, 'signals.thresholds', after, { from: before, to: after })],
    }),
    idempotency,
  );
  return after;
}

export async function readThresholds(db: Db): Promise<Thresholds> {
  const [row] = await rows<{ value: Partial<Thresholds> }>(
    db,
    sql`SELECT value FROM settings WHERE key = 'signals.thresholds'`,
  );
  return { ...DEFAULT_THRESHOLDS, ...(row?.value ?? {}) };
}

/** Which detectors a run uses: all of them (Health Pulse) or some (Drift Scan). */
export type DetectorScope = { only?: string[] };

function detectorsIn(scope: DetectorScope) {
  return scope.only ? DETECTORS.filter((detector) => scope.only!.includes(detector.name)) : DETECTORS;
}

/** Runs the detectors; one failing (or missing its tables) is reported, not fatal. */
export async function detectSignals(
  db: Db,
  scope: DetectorScope = {},
): Promise<{ signals: Signal[]; skipped: PulseResult['skipped'] }> {
  const thresholds = await readThresholds(db);
  const signals: Signal[] = [];
  const skipped: PulseResult['skipped'] = [];
  for (const detector of detectorsIn(scope)) {
    try {
      signals.push(...(await detector.detect(db, thresholds)));
    } catch (error) {
      skipped.push({ detector: detector.name, reason: (error as Error).message });
    }
  }
  return { signals, skipped };
}

type OpenCard = {
  id: string;
  signal_key: string;
  title: string;
  severity: string | null;
  evidence: unknown;
  signal_cleared_at: Date | null;
};

/** Open signal cards, of the scope's detectors only (a card's key starts with its detector's name). */
async function openSignalCards(db: Db, scope: DetectorScope): Promise<OpenCard[]> {
  const cards = await rows<OpenCard>(
    db,
    sql`SELECT id::text AS id, signal_key, title, severity, evidence, signal_cleared_at FROM missions
         WHERE signal_key IS NOT NULL AND status <> 'SHIPPED'`,
  );
  const names = detectorsIn(scope).map((detector) => `${detector.name}:`);
  return scope.only
    ? cards.filter((card) => names.some((name) => `${card.signal_key}:`.startsWith(name)))
    : cards;
}

type Plan = { open: Signal[]; update: { card: OpenCard; signal: Signal }[]; clear: OpenCard[] };

/** A pulse result as a viewer may see it (IPs masked without view_pii). */
export function pulseForViewer(result: PulseResult, canViewPii: boolean): PulseResult {
  if (canViewPii) return result;
  return {
    ...result,
    signals: result.signals.map((signal) => ({
      ...signal,
      key: maskIpsInText(signal.key),
      title: maskIpsInText(signal.title),
      evidence: maskIpsDeep(signal.evidence),
    })),
    opened: result.opened.map((mission) => missionForViewer(mission, false)),
    updated: result.updated.map((mission) => missionForViewer(mission, false)),
    cleared: result.cleared.map((mission) => missionForViewer(mission, false)),
  };
}

/**
 * Signals against the open cards: a new key opens a card; a known key refreshes its card when the
 * evidence changed or it had cleared; an open card whose signal is gone is marked cleared. A shipped
 * card is not open, so a signal that returns after shipping opens a new one.
 */
function plan(signals: Signal[], cards: OpenCard[], skipped: PulseResult['skipped']): Plan {
  const byKey = new Map(cards.map((card) => [card.signal_key, card]));
  const keys = new Set(signals.map((signal) => signal.key));
  const result: Plan = { open: [], update: [], clear: [] };
  for (const signal of signals) {
    const card = byKey.get(signal.key);
    if (!card) result.open.push(signal);
    else if (
      card.signal_cleared_at ||
      card.title !== signal.title.slice(0, 200) ||
      card.severity !== signal.severity ||
      JSON.stringify(card.evidence) !== JSON.stringify(signal.evidence)
    ) {
      result.update.push({ card, signal });
    }
  }
  // A detector that could not run says nothing about its cards: they are not cleared.
  const silent = skipped.map((entry) => `${entry.detector}:`);
  for (const card of cards) {
    if (keys.has(card.signal_key) || card.signal_cleared_at) continue;
    if (silent.some((prefix) => `${card.signal_key}:`.startsWith(prefix))) continue;
    result.clear.push(card);
  }
  return result;
}

/**
 * Under the pulse lock: the detectors whose findings a pulse that started detecting later has
 * already applied are treated as skipped (their cards are left as that pulse left them); the others
 * record this detection as the latest applied.
 */
async function withoutSuperseded(
  tx: Db,
  detected: { signals: Signal[]; skipped: PulseResult['skipped'] },
  detectors: { name: string }[],
  detection: string,
): Promise<{ signals: Signal[]; skipped: PulseResult['skipped'] }> {
  const ran = detectors
    .map((detector) => detector.name)
    .filter((name) => !detected.skipped.some((entry) => entry.detector === name));
  if (ran.length === 0) return detected;
  const superseded = (
    await rows<{ detector: string }>(
      tx,
      sql`SELECT detector FROM signal_detections WHERE detector IN ${ran} AND detection > ${detection}::bigint`,
    )
  ).map((row) => row.detector);
  const current = ran.filter((name) => !superseded.includes(name));
  if (current.length > 0) {
    await tx.execute(sql`INSERT INTO signal_detections (detector, detection)
                          VALUES ${sql.join(
                            current.map((name) => sql`(${name}, ${detection}::bigint)`),
                            sql`, `,
                          )}
                          ON CONFLICT (detector) DO UPDATE SET detection = EXCLUDED.detection`);
  }
  if (superseded.length === 0) return detected;
  return {
    signals: detected.signals.filter((signal) => !superseded.includes(signal.detector)),
    skipped: [
      ...detected.skipped,
      ...superseded.map((detector) => ({ detector, reason: 'superseded by a pulse that detected later' })),
    ],
  };
}

const cardEvent = (type: string, mission: Mission, payload: Record<string, unknown>): EventInput => ({
  type,
  subjectType: 'mission',
  subjectId: mission.id,
  payload: { title: mission.title, signalKey: mission.signalKey, ...payload },
});

/** What a pulse would do now, writing nothing. */
export async function previewHealthPulse(db: Db, scope: DetectorScope = {}): Promise<PulseResult> {
  const { signals, skipped } = await detectSignals(db, scope);
  const steps = plan(signals, await openSignalCards(db, scope), skipped);
  const preview = (signal: Signal): Mission => ({
    id: '',
    title: signal.title,
    status: 'DETECTED',
    priority: signal.severity,
    owner: null,
    signalKey: signal.key,
    severity: signal.severity,
    evidence: signal.evidence,
    signalClearedAt: null,
    version: 0,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    shippedAt: null,
  });
  const existing = async (id: string) => (await loadMission(db, id))!;
  return {
    signals,
    opened: steps.open.map(preview),
    updated: await Promise.all(steps.update.map(({ card }) => existing(card.id))),
    cleared: await Promise.all(steps.clear.map((card) => existing(card.id))),
    skipped,
    ranAt: new Date().toISOString(),
  };
}

/**
 * Health Pulse: runs the detectors and upserts mission cards by signal key, all in one transaction
 * with its events; pulses take turns (a transaction lock), so two at once never open a card twice.
 */
export async function runHealthPulse(
  database: Database,
  context: RequestContext,
  idempotency: IdempotencyRequest | null = null,
  scope: DetectorScope = {},
): Promise<PulseResult> {
  const [{ detection } = { detection: '0' }] = await rows<{ detection: string }>(
    database.db,
    sql`SELECT nextval('signal_detection_seq')::text AS detection`,
  );
  const detected = await detectSignals(database.db, scope);
  return mutate(
    database,
    context,
    async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${PULSE_LOCK})`);
      const { signals, skipped } = await withoutSuperseded(tx, detected, detectorsIn(scope), detection);
      const steps = plan(signals, await openSignalCards(tx, scope), skipped);
      const events: EventInput[] = [];
      const opened: Mission[] = [];
      const updated: Mission[] = [];
      const cleared: Mission[] = [];
      for (const signal of steps.open) {
        const [row] = await rows<{ id: string }>(
          tx,
          sql`INSERT INTO missions (title, priority, severity, signal_key, evidence)
              VALUES (${signal.title.slice(0, 200)}, ${signal.severity}, ${signal.severity}, ${signal.key}, ${JSON.stringify(signal.evidence)}::jsonb)
              RETURNING id::text AS id`,
        );
        const mission = (await loadMission(tx, row!.id))!;
        opened.push(mission);
        events.push(
          cardEvent('mission.created', mission, {
            source: 'signal',
            detector: signal.detector,
            severity: signal.severity,
          }),
        );
      }
      for (const { card, signal } of steps.update) {
        await tx.execute(sql`
          UPDATE missions SET title = ${signal.title.slice(0, 200)}, severity = ${signal.severity}, evidence = ${JSON.stringify(signal.evidence)}::jsonb,
                 signal_cleared_at = NULL, version = version + 1, updated_at = now()
           WHERE id = ${card.id}::uuid`);
        const mission = (await loadMission(tx, card.id))!;
        updated.push(mission);
        events.push(
          cardEvent('mission.signal_updated', mission, {
            returned: card.signal_cleared_at !== null,
            evidence: signal.evidence,
          }),
        );
      }
      for (const card of steps.clear) {
        await tx.execute(
          sql`UPDATE missions SET signal_cleared_at = now(), version = version + 1, updated_at = now() WHERE id = ${card.id}::uuid`,
        );
        const mission = (await loadMission(tx, card.id))!;
        cleared.push(mission);
        events.push(cardEvent('mission.signal_cleared', mission, {}));
      }
      events.push({
        type: scope.only ? 'signals.scan_ran' : 'signals.pulse_ran',
        subjectType: 'signals',
        payload: {
          signals: signals.length,
          opened: opened.length,
          updated: updated.length,
          cleared: cleared.length,
          skipped,
        },
      });
      return {
        result: { signals, opened, updated, cleared, skipped, ranAt: new Date().toISOString() },
        events,
      };
    },
    idempotency,
  );
}
