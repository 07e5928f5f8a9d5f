/**
 * A client in its own process, so its CPU time, wake-ups and disk writes are its own and its
 * event loop does not share a thread with the load generator. `engine` mode runs the Herald
 * engine exactly as `herald listen` wires it (SQLite inbox, default policy); `raw` mode is a
 * plain @xmpp/client session, the baseline. Reports to the bench over IPC.
 *
 * Usage (by bench/processes/client-process.ts): node bench/processes/client-worker.ts '<ClientConfig JSON>'
 */
import { createHook } from 'node:async_hooks';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Element } from '@xmpp/xml';
import type { Client } from '@xmpp/client';
import { HeraldEngine } from '../../core/engine.ts';
import { Inbox } from '../../core/inbox.ts';
import { revisionMessageId } from '../../core/push-codec.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { trustExtraCertificates } from '../../core/tls-trust.ts';
import { connectPeer } from '../../dev/xmpp-peer.ts';
import { cpuMs, mainThreadCpuMs, monotonicMs } from '../support/clock.ts';
import type {
  Arrival,
  ClientCommand,
  ClientConfig,
  ClientEvent,
  ClientStats,
  StatsRequest,
} from './client-protocol.ts';
import { setNoDelay } from '../support/no-delay.ts';
import { ioCounters } from '../support/proc.ts';
import { startAllocationProfile, startProfile, type RunningProfile } from '../support/profile.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ClientConfig;
const report = (event: ClientEvent): void => void process.send?.(event);
// The bench died or was interrupted: never outlive it.
process.on('disconnect', () => process.exit(0));

const measure = config.measure ?? {};
const trace = { timers: 0, sent: 0, received: 0, sentNames: {} as Record<string, number> };
if (measure.timers) {
  createHook({
    init(_id, type) {
      if (type === 'Timeout') trace.timers++;
    },
    // Only timers are counted: tracking promises too would run this hook for each of the
    // promises @xmpp/client makes per stanza, a cost Herald outside the bench never pays.
    trackPromises: false,
  }).enable();
}

/** Garbage-collection pauses so far; the observer hears of each one shortly after it ends. */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** Arrivals go to the bench in one IPC message per event-loop turn, not one per push. */
let pending: Arrival[] = [];
function recordArrival(arrival: Arrival): void {
  if (!pending.length) setImmediate(flushArrivals);
  pending.push(arrival);
}
function flushArrivals(): void {
  const items = pending;
  pending = [];
  if (items.length) report({ type: 'arrivals', items });
}

function traceTraffic(xmpp: Client): void {
  if (!measure.traffic) return;
  xmpp.on('send', (element: Element) => {
    trace.sent++;
    trace.sentNames[element.name] = (trace.sentNames[element.name] ?? 0) + 1;
  });
  xmpp.on('element', () => void trace.received++);
}

interface Running {
  stats(): Pick<ClientStats, 'storageWrites' | 'storageRows'>;
  stop(): Promise<void>;
}

async function startEngine(): Promise<Running> {
  trustExtraCertificates(readFileSync(config.caFile, 'utf8'));
  mkdirSync(config.dataDir, { recursive: true });
  const { storage } = openSqliteInboxStorage(join(config.dataDir, 'inbox.sqlite'));
  const counted = { writes: 0, rows: 0 };
  const write = storage.write.bind(storage);
  storage.write = (batch) => {
    counted.writes++;
    counted.rows += batch.upsert.length;
    write(batch);
  };
  const inbox = new Inbox({ storage });
  const engine = new HeraldEngine({
    service: config.service,
    jid: config.jid,
    password: config.password,
    resource: 'bench',
    systemJids: config.systemJids,
    inbox,
  });
  const stanzaTimes = new Map<string, number>();
  if (measure.stanzaTimes) {
    // First listener: when the stanza came off the stream, before the engine handles it.
    engine.session.xmpp.prependListener('stanza', (stanza: Element) => {
      const id = stanza.attrs.id;
      if (stanza.name === 'message' && typeof id === 'string') stanzaTimes.set(id, monotonicMs());
    });
  }
  traceTraffic(engine.session.xmpp);
  let onlineBefore = false;
  engine.on('status', (status) => {
    if (status.state === 'online' && !onlineBefore) takeSnapshot('online');
    onlineBefore ||= status.state === 'online';
    report({
      type: 'status',
      state: status.state,
      at: monotonicMs(),
      ...('reason' in status && status.reason ? { reason: status.reason } : {}),
    });
  });
  const snapshotAt = new Set(config.snapshotAtPushes ?? []);
  let announced = 0;
  engine.on('push', ({ push, source, decision }) => {
    if (snapshotAt.has(++announced)) takeSnapshot(`pushes:${announced}`);
    const pushAt = monotonicMs();
    const stanzaAt = stanzaTimes.get(push.id) ?? pushAt;
    stanzaTimes.delete(push.id);
    recordArrival({ id: push.id, stanzaAt, pushAt, source, action: decision.action });
  });
  // A revision arrives as `{id}#{rev}` (docs/wire-format.md): timed like a new push.
  engine.on('revised', ({ item, source }) => {
    const id = revisionMessageId(item.id, item.rev);
    const pushAt = monotonicMs();
    const stanzaAt = stanzaTimes.get(id) ?? pushAt;
    stanzaTimes.delete(id);
    recordArrival({ id, stanzaAt, pushAt, source, action: 'revised' });
  });
  engine.on('notify', (notification) => {
    const count = notification.action === 'summary' ? notification.count : 1;
    report({ type: 'notify', action: notification.action, count, at: monotonicMs() });
  });
  engine.on('warning', (message) => process.stderr.write(`engine warning: ${message}\n`));
  engine.on('synced', ({ status, pages }) =>
    report({ type: 'synced', status, pages, at: monotonicMs() }),
  );
  profileMeasuredStretch(engine);
  engine.start();
  return {
    stats: () => ({
      storageWrites: counted.writes,
      storageRows: counted.rows,
    }),
    async stop() {
      await engine.stop();
      inbox.close();
    },
  };
}

/**
 * HERALD_BENCH_PROFILE=FILE (CPU) and HERALD_BENCH_ALLOCATION_PROFILE=FILE (allocation): a
 * profile of the measured stretch of the first login, from online until the last push the
 * bench takes a snapshot at (the drain), or until the archive is synced when it takes none;
 * without the process start and the login.
 */
function profileMeasuredStretch(engine: HeraldEngine): void {
  const cpuFile = process.env.HERALD_BENCH_PROFILE;
  const allocationFile = process.env.HERALD_BENCH_ALLOCATION_PROFILE;
  const file = cpuFile ?? allocationFile;
  if (!file) return;
  const profiling = new Promise<RunningProfile>((resolve) =>
    engine.once('status', function onStatus(status) {
      if (status.state !== 'online') engine.once('status', onStatus);
      else void (cpuFile ? startProfile() : startAllocationProfile()).then(resolve);
    }),
  );
  const stop = () => void profiling.then((profile) => profile.stop(file));
  const lastSnapshot = Math.max(0, ...(config.snapshotAtPushes ?? []));
  if (!lastSnapshot) {
    engine.once('synced', stop);
    return;
  }
  let announced = 0;
  engine.on('push', function onPush() {
    if (++announced < lastSnapshot) return;
    engine.off('push', onPush);
    stop();
  });
}

async function startRaw(): Promise<Running> {
  const peer = await connectPeer({
    service: config.service,
    caFile: config.caFile,
    jid: config.jid,
    password: config.password,
    resource: 'bench-raw',
  });
  traceTraffic(peer.xmpp);
  setNoDelay(peer.xmpp); // as Herald's own sessions do, so the baseline is the server's share
  peer.xmpp.on('stanza', (stanza: Element) => {
    const id = stanza.attrs.id;
    if (stanza.name !== 'message' || typeof id !== 'string') return;
    const at = monotonicMs();
    // connectPeer keeps every stanza for tests; a benchmark must not grow without bound.
    peer.received.length = 0;
    recordArrival({ id, stanzaAt: at, pushAt: at, source: 'raw', action: '' });
  });
  report({ type: 'status', state: 'online', at: monotonicMs() });
  return {
    stats: () => ({ storageWrites: 0, storageRows: 0 }),
    stop: () => peer.stop(),
  };
}

function stats(running: Running, request: StatsRequest): ClientStats {
  const times = { cpuMs: cpuMs(), mainThreadCpuMs: mainThreadCpuMs(), gcPauseMs };
  const io = ioCounters('self');
  // Started with --expose-gc (bench/processes/client-process.ts).
  if (request.collectGarbage) globalThis.gc?.();
  const memory = process.memoryUsage();
  return {
    ...times,
    ...running.stats(),
    ...io,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
    timersCreated: trace.timers,
    elementsSent: trace.sent,
    elementsReceived: trace.received,
    sentNames: { ...trace.sentNames },
  };
}

let current: Running | null = null;
/** Stats now, without waiting for the bench to ask (ClientConfig.snapshotAtPushes). */
function takeSnapshot(label: string): void {
  if (!current) return; // not yet started: the bench times out waiting, and says for what
  report({ type: 'snapshot', label, stats: stats(current, {}) });
}

try {
  const running = config.mode === 'engine' ? await startEngine() : await startRaw();
  current = running;
  process.on('message', (command: ClientCommand) => {
    if (command.type === 'stats') {
      flushArrivals();
      report({ type: 'stats', stats: stats(running, command) });
      if (command.resetTrace)
        Object.assign(trace, { timers: 0, sent: 0, received: 0, sentNames: {} });
    } else if (command.type === 'stop') {
      flushArrivals();
      void running.stop().finally(() => process.exit(0));
    }
  });
} catch (error) {
  report({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
