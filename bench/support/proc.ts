/**
 * Per-process figures from Linux's /proc, for processes the bench did not write (Prosody) or
 * that must not measure themselves: CPU time, context switches (wake-ups), bytes written.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100; // what every Linux on x86 and ARM uses
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time of a process (all threads), in ms; 10 ms resolution. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

export interface ContextSwitches {
  /** The process gave up the CPU to wait (a timer, a socket): its wake-ups. */
  voluntary: number;
  /** The scheduler took the CPU away (contention). */
  involuntary: number;
}

/** Summed over every thread, because libuv's and V8's helper threads wake up too. */
export function contextSwitches(pid: number): ContextSwitches {
  const total: ContextSwitches = { voluntary: 0, involuntary: 0 };
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    total.voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    total.involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return total;
}

export interface IoCounters {
  /** Bytes the process asked to write (write(2) and friends), page cache included. */
  writeCalls: number;
  writtenBytes: number;
  /** Bytes sent to the storage layer (after the page cache). */
  storageBytes: number;
}

export function ioCounters(pid: number | 'self'): IoCounters {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? 0);
  return {
    writeCalls: field('syscw'),
    writtenBytes: field('wchar'),
    storageBytes: field('write_bytes'),
  };
}

/** The process whose command line contains `needle` (e.g. a config file path), if any. */
export function findProcess(needle: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(needle)) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

/** CPU time of several processes over the same interval, as % of one core. */
export class CpuMeter {
  readonly #pids: Record<string, number>;
  #start: Record<string, number> = {};
  #startedAt = 0;

  constructor(pids: Record<string, number>) {
    this.#pids = pids;
  }

  begin(): void {
    this.#startedAt = performance.now();
    this.#start = this.#read();
  }

  /** CPU % of one core per process since begin(). */
  end(): Record<string, number> {
    const wall = performance.now() - this.#startedAt;
    const now = this.#read();
    return Object.fromEntries(
      Object.entries(now).map(([name, ms]) => [
        name,
        (100 * (ms - (this.#start[name] ?? 0))) / wall,
      ]),
    );
  }

  #read(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.#pids).map(([name, pid]) => [name, processCpuMs(pid)]),
    );
  }
}
