/**
 * A real `herald …` command run as a child process whose stdout is JSON lines (listen's
 * events, the gateway's logs): collects them and lets tests wait on what a user of the
 * command would see, failing fast with the output if the process dies first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERALD = fileURLToPath(new URL('../../cli/herald.ts', import.meta.url));

export type JsonLine = Record<string, unknown>;

export class HeraldProcess<Line extends JsonLine> {
  /** Every stdout line that parsed as JSON, in order. */
  readonly lines: Line[] = [];
  readonly nonJsonLines: string[] = [];
  readonly rawStdout: string[] = [];
  readonly stderr: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  #waiters = new Set<() => void>();

  /**
   * `nodeArgs` go to node itself, before the script (e.g. `--import` a test hook). Stdin is
   * /dev/null, as under a service manager, unless `stdin` asks for a pipe to write to.
   */
  constructor(
    args: string[],
    env: Record<string, string>,
    nodeArgs: string[] = [],
    options: { stdin?: boolean } = {},
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, HERALD, ...args], {
      env: { ...process.env, ...env },
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.#notify();
      return code as number | null;
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.rawStdout.push(line);
      try {
        this.lines.push(JSON.parse(line) as Line);
      } catch {
        this.nonJsonLines.push(line);
      }
      this.#notify();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      this.#notify();
    });
  }

  /** Resolves with the first line (already seen or future) that matches. */
  async waitFor(match: (line: Line) => boolean, what: string, timeoutMs = 20_000): Promise<Line> {
    await this.waitUntil(() => this.lines.some(match), what, timeoutMs);
    return this.lines.find(match)!;
  }

  /** Waits for a condition over the collected output, failing fast if the process dies. */
  waitUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (check()) finish(resolve);
        else if (this.child.exitCode !== null || this.child.signalCode !== null)
          finish(() => reject(this.#failure(`exited (${this.child.exitCode}) before ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(this.#failure(`timed out waiting for ${what}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        settle();
      };
      this.#waiters.add(waiter);
      waiter();
    });
  }

  /** Writes one line to the command's stdin (started with `stdin: true`). */
  writeLine(line: string): void {
    if (!this.child.stdin) throw new Error('started without a stdin pipe');
    this.child.stdin.write(`${line}\n`);
  }

  /** SIGTERM and wait: the commands close their stream and save what they hold. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  #failure(message: string): Error {
    return new Error(
      `herald ${message}\nstdout: ${this.rawStdout.join('\n')}\nstderr: ${this.stderr.join('\n')}`,
    );
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
