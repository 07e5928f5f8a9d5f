/**
 * Everything a benchmark starts (Prosody, a gateway, child clients, Chromium) registers how
 * to stop it here; `close()` runs those steps newest first, even after an error, so a failed
 * or interrupted run leaves no process behind.
 */
export class Scope {
  #steps: Array<{ what: string; step: () => Promise<unknown> | unknown }> = [];

  defer(what: string, step: () => Promise<unknown> | unknown): void {
    this.#steps.push({ what, step });
  }

  async close(): Promise<void> {
    const steps = this.#steps.reverse();
    this.#steps = [];
    for (const { what, step } of steps) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench: stopping ${what} failed: ${(error as Error).message}\n`);
      }
    }
  }
}
