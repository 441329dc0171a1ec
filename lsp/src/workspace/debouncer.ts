/**
 * Debounces work per document: `schedule(uri)` (re)starts a timer, and only when `delayMs`
 * pass with no further call for that document does `run(uri)` happen. A keystroke therefore
 * cancels the pending run of the version it made stale, and a burst of typing ends in one
 * run for the last version.
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (uri: string) => void,
  ) {}

  /** Runs `run(uri)` after the delay, dropping any run still pending for `uri`. */
  schedule(uri: string, delayMs = this.delayMs): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.run(uri);
    }, delayMs);
    this.timers.set(uri, timer);
  }

  /** Whether a run is pending for `uri`. */
  pending(uri: string): boolean {
    return this.timers.has(uri);
  }

  /** Drops the pending run for `uri`, if any. */
  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  /** Drops every pending run (on shutdown). */
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
