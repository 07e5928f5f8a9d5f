/**
 * 2. Burst drain: pushes queued while the user is offline (offline storage and the archive),
 * then the client logs in. How long until all are in the inbox, which notifications it
 * raised, how often it wrote to disk, and the client's CPU time per push.
 */
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import { CATCH_UP_RETRIES } from '../core/engine.ts';
import { serializePush } from '../core/push-codec.ts';
import { whenAcknowledged } from '../core/xmpp-patches/internals.ts';
import { connectPeer, type Peer } from '../dev/xmpp-peer.ts';
import { startClient, type ClientProcess } from './processes/client-process.ts';
import type { ClientStats } from './processes/client-protocol.ts';
import { monotonicMs } from './support/clock.ts';
import type { Benchmark, BenchContext } from './context.ts';
import { CpuMeter } from './support/proc.ts';
import type { Account, BenchServer } from './processes/prosody.ts';
import { benchDraft } from './support/pushes.ts';
import { summarize } from './stats.ts';

/** Inbox writes are batched over this window (core/inbox.ts's default flushDelayMs). */
const BATCH_WINDOW_MS = 50;

/** Drains after the first, client CPU only: one drain is one sample of a noisy figure. */
const EXTRA_ROUNDS = 2;

export const drainBenchmark: Benchmark = {
  name: 'drain',
  title: 'Burst drain: pushes queued while offline, then the client logs in',
  async run(context) {
    const count = context.quick ? 1_000 : 10_000;
    // Its own server, so the backlog and the archive it leaves behind affect nothing else.
    // A user's archive holds the 10,000 pushes, right at internal storage's default cap per
    // account (the client's receipts are not archived: core/engine.ts).
    const bench = await context.server({ dedicated: true, roomyArchive: true });
    const system = await bench.account('drain-notify');
    const sender = await connectPeer({ ...bench.server, ...system, resource: 'bench-sender' });
    context.scope.defer('drain sender', () => sender.stop());
    // The sender archives nothing, or Prosody's file archive paces the drain (docs/performance.md).
    await sender.xmpp.iqCaller.set(xml('prefs', { xmlns: 'urn:xmpp:mam:2', default: 'never' }));
    // The sender stays online, as a message center or gateway does, so the client's receipts
    // are routed to it, not stored for it.
    const round = { context, bench, system, sender, count };

    const first = await queueAndDrain(round, 0);
    const { client, onlineAt, spawnedAt, atOnline, queueMs } = first;
    await client.waitUntil(() => client.arrivals.length >= count, 'every push', 60_000);
    const lastPushAt = client.arrivals[client.arrivals.length - 1]?.pushAt ?? Number.NaN;
    // The engine asks again when the server answered the archive too late.
    const caughtUp = () => {
      const last = client.catchUps.at(-1);
      const triesLeft = client.catchUps.length <= CATCH_UP_RETRIES;
      return last !== undefined && (last.status !== 'interrupted' || !triesLeft);
    };
    await client.waitUntil(caughtUp, 'catch-up', 300_000);
    const atDone = await client.stats({ collectGarbage: true });
    const lastCatchUp = client.catchUps.at(-1);
    const syncedAt = lastCatchUp?.at ?? Number.NaN;
    // A summary comes at the end of the catch-up; give a stray late toast a moment to show.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await client.stop();

    // More drains for the client's CPU alone, each by a fresh user and client; stopped at
    // their last push, before their catch-up.
    const rounds = [first];
    for (let index = 1; index <= (context.quick ? 0 : EXTRA_ROUNDS); index++) {
      const next = await queueAndDrain(round, index);
      await next.client.stop();
      rounds.push(next);
    }
    const perPushUs = (ms: number) => (ms * 1000) / count;
    const roundsOf = (measure: (drained: Drained) => number) => rounds.map(measure);
    const medianOf = (values: number[]) => ({ value: summarize(values).p50, n: values.length });
    const cpuPerPushEach = roundsOf((r) => perPushUs(r.atDrained.cpuMs - r.atOnline.cpuMs));
    const cpuPerPush = medianOf(cpuPerPushEach);
    const mainThread = medianOf(
      roundsOf((r) => perPushUs(r.atDrained.mainThreadCpuMs - r.atOnline.mainThreadCpuMs)),
    );
    const gcPause = medianOf(
      roundsOf((r) => perPushUs(r.atDrained.gcPauseMs - r.atOnline.gcPauseMs)),
    );
    const secondHalf = medianOf(
      roundsOf((r) => perPushUs(2 * (r.atDrained.cpuMs - r.atHalf.cpuMs))),
    );
    const clientShare = medianOf(roundsOf((r) => r.cpu.client ?? Number.NaN));
    const prosodyShare = medianOf(roundsOf((r) => r.cpu.prosody ?? Number.NaN));

    const drainMs = lastPushAt - onlineAt;
    const summaries = client.notifications.filter((n) => n.action === 'summary');
    const toasts = client.notifications.filter((n) => n.action === 'toast');
    const writes = atDone.storageWrites - atOnline.storageWrites;
    const sources = new Map<string, number>();
    for (const arrival of client.arrivals)
      sources.set(arrival.source, (sources.get(arrival.source) ?? 0) + 1);

    return {
      metrics: [
        { key: 'drain.pushes', label: 'pushes queued while offline', unit: '', value: count },
        {
          key: 'drain.login',
          label: 'client start → online (login)',
          unit: 'ms',
          value: onlineAt - spawnedAt,
        },
        {
          key: 'drain.allStored',
          label: 'online → all pushes in the inbox',
          unit: 'ms',
          value: drainMs,
        },
        { key: 'drain.rate', label: 'drain rate', unit: '/s', value: (count * 1000) / drainMs },
        {
          key: 'drain.synced',
          label: 'online → archive catch-up complete',
          unit: 'ms',
          value: syncedAt - onlineAt,
        },
        {
          key: 'drain.summaries',
          label: 'summary notifications',
          unit: '',
          value: summaries.length,
        },
        { key: 'drain.toasts', label: 'individual toasts', unit: '', value: toasts.length },
        {
          key: 'drain.writes',
          label: 'inbox transactions (online → caught up)',
          unit: '',
          value: writes,
        },
        {
          key: 'drain.writesPerWindow',
          label: `transactions per ${BATCH_WINDOW_MS} ms batching window`,
          unit: '',
          value: writes / ((syncedAt - onlineAt) / BATCH_WINDOW_MS),
        },
        {
          key: 'drain.writtenMb',
          label: 'bytes written by the client (wchar)',
          unit: 'MB',
          value: (atDone.writtenBytes - atOnline.writtenBytes) / 2 ** 20,
        },
        {
          key: 'drain.cpuPerPush',
          label: 'client CPU per push (online → all in the inbox; median of drains)',
          unit: 'µs',
          ...cpuPerPush,
        },
        {
          key: 'drain.cpuPerPushMainThread',
          label: '  of which the main thread (the rest: V8 helper threads, GC and JIT)',
          unit: 'µs',
          ...mainThread,
        },
        {
          key: 'drain.gcPausePerPush',
          label: '  the main thread paused for garbage collection (wall time)',
          unit: 'µs',
          ...gcPause,
        },
        {
          key: 'drain.cpuPerPushSecondHalf',
          label: '  the second half of the pushes alone (the JIT compiler warmed up)',
          unit: 'µs',
          ...secondHalf,
        },
        {
          // The catch-up pages through the archive, which holds every push again.
          key: 'drain.cpuPerPushWithCatchUp',
          label: 'client CPU per push (online → caught up)',
          unit: 'µs',
          value: perPushUs(atDone.cpuMs - atOnline.cpuMs),
        },
        {
          key: 'drain.cpuShareClient',
          label: '  client CPU while draining (100 % = one core)',
          unit: '%',
          ...clientShare,
        },
        {
          key: 'drain.cpuShareProsody',
          label: '  Prosody CPU while draining',
          unit: '%',
          ...prosodyShare,
        },
        {
          key: 'drain.heapKeptMb',
          label: 'client heap once caught up, after a full garbage collection',
          unit: 'MB',
          value: atDone.heapUsedMb,
        },
        {
          key: 'drain.cpuLogin',
          label: 'client CPU until online (start + login)',
          unit: 'ms',
          value: atOnline.cpuMs,
        },
      ],
      notes: [
        `Queueing ${count} pushes took ${Math.round(queueMs)} ms (sender → Prosody, acknowledged).`,
        `Arrived as: ${[...sources].map(([source, n]) => `${source} ${n}`).join(', ')}; catch-up ${client.catchUps.map((c) => `${c.status} after ${c.pages} archive pages`).join(', then ')}.`,
        `During the drain the client received ${atDone.elementsReceived - atOnline.elementsReceived} XMPP elements and sent ${describeSent(atOnline.sentNames, atDone.sentNames)}, in ${atDone.writeCalls - atOnline.writeCalls} write calls.`,
        `Connection: ${describeReconnects(client.statuses, onlineAt)}.`,
        `Client CPU per push in each of the ${rounds.length} drains (a fresh user and client each; all but the first stopped at their last push): ${cpuPerPushEach.map((us) => us.toFixed(0)).join(', ')} µs.`,
        `Summary: ${summaries.map((s) => `${s.count} pushes`).join(', ') || 'none'}; ${atDone.storageRows - atOnline.storageRows} rows in ${writes} transactions.`,
      ],
      series: {
        // Drain curve: seconds after login at which each push was in the inbox.
        drainCurve: client.arrivals.map((arrival) => (arrival.pushAt - onlineAt) / 1000),
      },
    };
  },
};

interface DrainRound {
  context: BenchContext;
  bench: BenchServer;
  system: Account;
  sender: Peer;
  count: number;
}

interface Drained {
  client: ClientProcess;
  queueMs: number;
  spawnedAt: number;
  onlineAt: number;
  /** The client's own stats at login, halfway and at the last push announced. */
  atOnline: ClientStats;
  atHalf: ClientStats;
  atDrained: ClientStats;
  /** CPU shares (100 % = one core) from login to the last push. */
  cpu: Record<string, number>;
}

/** Queues `count` pushes for a fresh offline user, then logs a client in and drains them. */
async function queueAndDrain(round: DrainRound, index: number): Promise<Drained> {
  const { context, bench, system, sender, count } = round;
  const user = await bench.account(`drain-user-${index}`);
  context.log(`drain: queueing ${count} pushes for an offline user`);
  const stanzas = Array.from({ length: count }, (_, i) =>
    serializePush(benchDraft(`drain${index}`, i), user.jid),
  );
  const queuedAt = monotonicMs();
  const acked = whenAcknowledged(sender.xmpp, stanzas);
  for (const stanza of stanzas) await sender.xmpp.send(stanza);
  await acked;
  const queueMs = monotonicMs() - queuedAt;

  context.log('drain: the client logs in');
  const spawnedAt = monotonicMs();
  const client = startClient(
    context.scope,
    { server: bench.server, user, system },
    {
      dataDir: join(context.workDir, `client-${index}`),
      measure: { traffic: true },
      // Halfway too, to tell the JIT compiler's warm-up (a fresh process) from the steady cost.
      snapshotAtPushes: [count / 2, count],
    },
  );
  const onlineAt = await client.online(60_000);
  const meter = new CpuMeter({ client: client.pid, prosody: bench.pid });
  meter.begin();
  const atOnline = await client.snapshot('online');
  const atHalf = await client.snapshot(`pushes:${count / 2}`, 300_000);
  const atDrained = await client.snapshot(`pushes:${count}`, 300_000);
  const cpu = meter.end();
  return { client, queueMs, spawnedAt, onlineAt, atOnline, atHalf, atDrained, cpu };
}

function describeSent(before: Record<string, number>, after: Record<string, number>): string {
  return Object.entries(after)
    .map(([name, count]) => `${count - (before[name] ?? 0)} <${name}>`)
    .join(', ');
}

function describeReconnects(
  statuses: ReadonlyArray<{ state: string; at: number; reason?: string }>,
  onlineAt: number,
): string {
  const changes = statuses.filter((s) => s.at > onlineAt);
  if (!changes.some((s) => s.state !== 'online')) return 'online throughout';
  const seconds = (at: number) => ((at - onlineAt) / 1000).toFixed(1);
  return changes
    .map((s) => `${s.state} at ${seconds(s.at)} s${s.reason ? ` (${s.reason})` : ''}`)
    .join(', ');
}
