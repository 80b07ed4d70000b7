/** Request durations of this instance (a ring of the latest samples) for the System tab's p95. */
export class Telemetry {
  private samples: number[] = [];
  private next = 0;

  constructor(private readonly size = 2000) {}

  record(durationMs: number) {
    if (this.samples.length < this.size) this.samples.push(durationMs);
    else this.samples[this.next] = durationMs;
    this.next = (this.next + 1) % this.size;
  }

  get count() {
    return this.samples.length;
  }

  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)] ?? null;
  }
}
