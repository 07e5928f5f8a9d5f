/**
 * Runs benchmarks one after the other, each with its own scope and temp dir, sharing the
 * Prosody instances; stops everything it started on Ctrl-C and on an uncaught error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from './context.ts';
import { startBenchServer, type BenchServer } from './processes/prosody.ts';
import type { BenchmarkResult } from './results.ts';
import { Scope } from './scope.ts';

export const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

export async function runBenchmarks(
  benchmarks: readonly Benchmark[],
  quick: boolean,
): Promise<BenchmarkResult[]> {
  const shared = new Scope();
  const open = new Set<Scope>([shared]);
  let interrupted = false;
  const abort = (reason: string, code: number) => {
    interrupted = true;
    log(`${reason}: stopping everything the bench started`);
    void Promise.all([...open].reverse().map((scope) => scope.close())).finally(() =>
      process.exit(code),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => abort(signal, 130));
  // E.g. an XMPP library's socket error with no listener: never leave Prosody or Chromium behind.
  process.once('uncaughtException', (error) =>
    abort(`uncaught ${error.stack ?? error.message}`, 1),
  );
  // @xmpp/client leaves some of its own promises unhandled (a stream that opens too slowly
  // after STARTTLS): the benchmark concerned fails or times out by itself; the run goes on.
  process.on('unhandledRejection', (reason) =>
    log(
      `unhandled rejection (ignored): ${reason instanceof Error ? reason.message : String(reason)}`,
    ),
  );

  const servers = new Map<string, Promise<BenchServer>>();
  const results: BenchmarkResult[] = [];
  for (const benchmark of benchmarks) {
    if (interrupted) break;
    const scope = new Scope();
    open.add(scope);
    const workDir = await mkdtemp(join(tmpdir(), `herald-bench-${benchmark.name}-`));
    scope.defer('work dir', () => rm(workDir, { recursive: true, force: true }));
    const context: BenchContext = {
      quick,
      scope,
      workDir,
      server: ({
        archive = true,
        noDelay = false,
        dedicated = false,
        roomyArchive = false,
      } = {}) => {
        if (dedicated) return startBenchServer(scope, { archive, noDelay, roomyArchive });
        const key = `${archive}/${noDelay}`;
        const running = servers.get(key) ?? startBenchServer(shared, { archive, noDelay });
        servers.set(key, running);
        return running;
      },
      log,
    };
    log(`${benchmark.name}: ${benchmark.title}`);
    const began = performance.now();
    const base = { name: benchmark.name, title: benchmark.title };
    try {
      const output = await benchmark.run(context);
      results.push({ ...base, durationMs: performance.now() - began, ...output });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${benchmark.name} failed: ${message}`);
      results.push({
        ...base,
        durationMs: performance.now() - began,
        metrics: [],
        notes: [],
        error: message,
      });
    } finally {
      await scope.close();
      open.delete(scope);
    }
  }
  await shared.close();
  return results;
}
