/**
 * Counts events per key in fixed one-minute windows, in this process's memory (each API process
 * counts its own: with N processes behind a balancer the limits are N times as loose).
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may go on, when it has used its window up; else undefined. */
  blocked(key: string): number | undefined {
    const window = this.current(key);
    return window && window.count >= this.limit ? this.retryAfter(window.start) : undefined;
  }

  /** Counts one event; returns the seconds to wait when this one went over the limit. */
  hit(key: string): number | undefined {
    const time = this.now();
    let window = this.current(key);
    if (!window) {
      if (this.windows.size >= 100_000) this.sweep(time);
      window = { start: time, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? this.retryAfter(window.start) : undefined;
  }

  private current(key: string): { start: number; count: number } | undefined {
    const window = this.windows.get(key);
    return window && this.now() - window.start < this.windowMs ? window : undefined;
  }

  private retryAfter(start: number): number {
    return Math.max(1, Math.ceil((start + this.windowMs - this.now()) / 1000));
  }

  private sweep(time: number): void {
    for (const [key, window] of this.windows) if (time - window.start >= this.windowMs) this.windows.delete(key);
  }
}
