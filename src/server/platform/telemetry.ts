import type { UiMetricBody } from '../../contracts/system.ts';

/** A fixed-size ring of the latest samples. */
class Ring<T> {
  private items: T[] = [];
  private next = 0;

  constructor(private readonly size: number) {}

  push(item: T) {
    if (this.items.length < this.size) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.size;
  }

  get all(): readonly T[] {
    return this.items;
  }
}

function percentileOf(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

const round = (value: number | null) => (value === null ? 0 : Math.round(value * 10) / 10);

/**
 * This instance's recent figures for the System tab: API request durations (for its p95) and the
 * page timings browsers report for admin pages (seed 001 §6). Kept in memory: they describe this
 * process, and a restart rightly starts them afresh.
 */
/** One minute of this instance: request durations (capped), and the DB round trips sampled in it. */
type Minute = { at: number; durations: number[]; requests: number; db: number[] };
const MINUTE_MS = 60_000;
const HISTORY_MINUTES = 60;
const DURATIONS_PER_MINUTE = 5000;

export class Telemetry {
  private requests = new Ring<number>(2000);
  private pages = new Ring<UiMetricBody & { at: number }>(1000);
  private minutes: Minute[] = [];

  private minute(now: number): Minute {
    const at = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    let last = this.minutes[this.minutes.length - 1];
    if (!last || last.at !== at) {
      last = { at, durations: [], requests: 0, db: [] };
      this.minutes.push(last);
      if (this.minutes.length > HISTORY_MINUTES) this.minutes.shift();
    }
    return last;
  }

  record(durationMs: number, now = Date.now()) {
    this.requests.push(durationMs);
    const minute = this.minute(now);
    minute.requests += 1;
    if (minute.durations.length < DURATIONS_PER_MINUTE) minute.durations.push(durationMs);
  }

  /** A DB round trip measured by the latency sampler (system module), for the last hour's chart. */
  recordDbLatency(ms: number, now = Date.now()) {
    this.minute(now).db.push(ms);
  }

  /**
   * The last hour, minute by minute (every minute present, quiet ones as null): API p95 and request
   * count, and the DB latency sampled in that minute (average).
   */
  history(now = Date.now()) {
    const last = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const byMinute = new Map(this.minutes.map((minute) => [minute.at, minute]));
    return Array.from({ length: HISTORY_MINUTES }, (_, index) => {
      const at = last - (HISTORY_MINUTES - 1 - index) * MINUTE_MS;
      const minute = byMinute.get(at);
      const db = minute?.db ?? [];
      const durations = minute?.durations ?? [];
      return {
        at: new Date(at).toISOString(),
        requests: minute?.requests ?? 0,
        apiP95Ms: durations.length ? round(percentileOf(durations, 95)) : null,
        dbLatencyMs: db.length ? round(db.reduce((sum, value) => sum + value, 0) / db.length) : null,
      };
    });
  }

  recordPage(metric: UiMetricBody) {
    this.pages.push({ ...metric, at: Date.now() });
  }

  get count() {
    return this.requests.all.length;
  }

  percentile(p: number): number | null {
    return percentileOf([...this.requests.all], p);
  }

  /** Per page: samples, ttfb p50, render p50/p95 and average rows, busiest pages first. */
  pageSummaries() {
    const byPage = new Map<string, (UiMetricBody & { at: number })[]>();
    for (const metric of this.pages.all)
      byPage.set(metric.page, [...(byPage.get(metric.page) ?? []), metric]);
    return [...byPage.entries()]
      .map(([page, metrics]) => {
        const rows = metrics
          .map((metric) => metric.rows)
          .filter((value): value is number => value !== undefined);
        return {
          page,
          samples: metrics.length,
          ttfbP50: round(
            percentileOf(
              metrics.map((metric) => metric.ttfb),
              50,
            ),
          ),
          renderP50: round(
            percentileOf(
              metrics.map((metric) => metric.renderMs),
              50,
            ),
          ),
          renderP95: round(
            percentileOf(
              metrics.map((metric) => metric.renderMs),
              95,
            ),
          ),
          rowsAvg: rows.length ? round(rows.reduce((sum, value) => sum + value, 0) / rows.length) : null,
        };
      })
      .sort((a, b) => b.samples - a.samples);
  }
}
