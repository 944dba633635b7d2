/**
 * Counts events per key in a sliding window, in memory only. Keys with no event in the
 * window are dropped as the map is swept, so memory follows current activity.
 */
export class WindowedCounter {
  private readonly events = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records one event for `key` if it is under the cap; false when over. */
  allow(key: string, now = Date.now()): boolean {
    this.sweep(now);
    const recent = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.events.set(key, recent);
      return false;
    }
    recent.push(now);
    this.events.set(key, recent);
    return true;
  }

  forget(key: string): void {
    this.events.delete(key);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.events) if (times.every((t) => now - t >= this.windowMs)) this.events.delete(key);
  }
}
