/** Messages between the bench and a client child process (bench/processes/client-worker.ts). */

export interface ClientConfig {
  /** `engine`: the Herald engine as `herald listen` runs it. `raw`: a plain @xmpp/client. */
  mode: 'engine' | 'raw';
  service: string;
  caFile: string;
  jid: string;
  password: string;
  systemJids: string[];
  dataDir: string;
  /** What the client measures beyond arrivals and stats; each has a cost of its own. */
  measure?: ClientMeasures;
  /**
   * Stats the client takes itself, when it is first online and when it has announced each of
   * these numbers of pushes, so the measured windows are exact (docs/performance.md, Method).
   */
  snapshotAtPushes?: number[];
}

export interface ClientMeasures {
  /** Count XMPP elements sent and received (two event listeners). */
  traffic?: boolean;
  /** Count timers created: an async_hooks hook, which runs for every async resource. */
  timers?: boolean;
  /** Stamp each <message> as it comes off the stream (Arrival.stanzaAt): a Map entry a push. */
  stanzaTimes?: boolean;
}

/** One push as the client saw it; times are monotonicMs() (comparable across processes). */
export interface Arrival {
  id: string;
  /** The <message> came off the stream; pushAt unless the client measures stanzaTimes. */
  stanzaAt: number;
  /** The engine emitted it as a push (stored, decided); equals stanzaAt in raw mode. */
  pushAt: number;
  source: string;
  /** The notification decision (engine mode). */
  action: string;
}

export interface ClientStats {
  cpuMs: number;
  /** The main thread's share of cpuMs (the rest is V8's helper threads: GC, JIT compiler). */
  mainThreadCpuMs: number;
  /** Wall time the main thread stood still for garbage collection (its helpers work meanwhile). */
  gcPauseMs: number;
  /** Storage transactions (InboxStorage.write calls) and the items they wrote. */
  storageWrites: number;
  storageRows: number;
  /** /proc/self/io of the child. */
  writtenBytes: number;
  storageBytes: number;
  writeCalls: number;
  /** After a full garbage collection when the stats were asked for with collectGarbage. */
  heapUsedMb: number;
  rssMb: number;
  /** Counted when measured (ClientMeasures): timers created, XMPP elements sent and received. */
  timersCreated: number;
  elementsSent: number;
  elementsReceived: number;
  sentNames: Record<string, number>;
}

export type ClientEvent =
  | { type: 'status'; state: string; at: number; reason?: string }
  | { type: 'arrivals'; items: Arrival[] }
  | { type: 'notify'; action: string; count: number; at: number }
  | { type: 'synced'; status: string; pages: number; at: number }
  | { type: 'stats'; stats: ClientStats }
  /** `label`: 'online', or 'pushes:N' (ClientConfig.snapshotAtPushes). */
  | { type: 'snapshot'; label: string; stats: ClientStats }
  | { type: 'failed'; message: string };

export interface StatsRequest {
  /** Start counting timers and elements again from zero after these stats. */
  resetTrace?: boolean;
  /** Collect garbage before reading the heap (after the CPU times), so it is what is kept. */
  collectGarbage?: boolean;
}

export type ClientCommand = ({ type: 'stats' } & StatsRequest) | { type: 'stop' };
