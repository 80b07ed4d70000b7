import type { FastifyInstance } from 'fastify';
import { measureDbLatency } from './service.ts';

const EVERY_MS = 15_000;

/**
 * Measures a DB round trip every 15 s into the telemetry, so the System tab can chart the last hour
 * (a job would record a run per sample; this is a figure of this process, like the API p95).
 */
export function startLatencySampler(app: FastifyInstance) {
  const { database, telemetry } = app.mc;
  const sample = () =>
    measureDbLatency(database.db)
      .then((ms) => telemetry.recordDbLatency(ms))
      .catch(() => {});
  const timer = setInterval(sample, EVERY_MS);
  timer.unref();
  void sample();
  app.addHook('onClose', async () => clearInterval(timer));
}
