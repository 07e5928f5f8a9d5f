/**
 * V8 profiles of one stretch of code (node:inspector): CPU time as a .cpuprofile file, or
 * allocation as a .heapprofile file (every sampled allocation, the collected ones included,
 * so it shows what a stretch allocates rather than what it keeps).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface RunningProfile {
  stop(file: string): Promise<void>;
}

export async function startProfile(): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

export async function startAllocationProfile(): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(file) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
