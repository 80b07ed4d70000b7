/**
 * Stored deliveries processed in the background, a few at a time, so Stripe's answer waits only for
 * the insert (the 2xx means "stored"). What this process does not finish (it stopped, or a burst
 * outran it) stays `received`, and the `stripe-webhooks-stuck` job processes it.
 */
export class WebhookQueue {
  private readonly waiting: string[] = [];
  private running = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly process: (id: string) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
    private readonly concurrency = 4,
  ) {}

  enqueue(id: string) {
    this.waiting.push(id);
    this.pump();
  }

  /** Resolves once nothing is waiting or running (on close, and in tests). */
  drain(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump() {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.running += 1;
      this.process(id)
        .catch(this.onError)
        .finally(() => {
          this.running -= 1;
          if (this.running === 0 && this.waiting.length === 0) {
            for (const resolve of this.idle.splice(0)) resolve();
          }
          this.pump();
        });
    }
  }
}
