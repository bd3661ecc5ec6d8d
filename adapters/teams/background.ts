/**
 * Work a turn starts but does not wait for (an audit that takes longer than Teams waits for an
 * answer, a stale card marked as continued elsewhere). Failures are logged, never thrown into a turn;
 * stopping the server waits for what is still running.
 */
export class Background {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly log: (line: string) => void) {}

  run(what: string, task: () => Promise<void>): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .catch((error: unknown) => {
        this.log(`keyplan teams: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.#pending.delete(running);
      });
    this.#pending.add(running);
  }

  /** Resolves once nothing started here is still running. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
