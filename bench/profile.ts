/** A V8 CPU profile of one stretch of code (node:inspector), written as a .cpuprofile file. */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
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
