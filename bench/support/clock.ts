/**
 * One clock for every process of a run: process.hrtime is CLOCK_MONOTONIC, which all
 * processes on the machine share, so a timestamp taken in the bench and one taken in a
 * client child process can be subtracted. (Date.now() has 1 ms resolution and can jump.)
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU time (user + system) this process used so far, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU time of this process's main thread only: without V8's helper threads (GC, JIT) and libuv's pool. */
export function mainThreadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}
