/**
 * 1. End-to-end latency: a business system's HTTP POST to the real gateway → the push event
 * (stored, notification decided) in a real client engine, at fixed rates (open loop), and the
 * same message sent client → client with plain @xmpp/client over the same Prosody: the
 * server's (and the XMPP library's) own share. Both clocks start when the request's or the
 * stanza's bytes are written to the socket (docs/performance.md, "Where the clock starts").
 */
import { join } from 'node:path';
import { revisionMessageId, serializePush } from '../core/push-codec.ts';
import { connectPeer } from '../dev/xmpp-peer.ts';
import { startClient } from './processes/client-process.ts';
import { monotonicMs } from './support/clock.ts';
import { setNoDelay } from './support/no-delay.ts';
import type { Benchmark, BenchContext } from './context.ts';
import { GATEWAY_TOKEN, startGateway } from './processes/gateway.ts';
import { openLoop } from './support/http-load.ts';
import { RawHttpPoster } from './support/raw-http.ts';
import { benchDraft, pushRequestBody } from './support/pushes.ts';
import type { Metric } from './results.ts';
import { summarize } from './stats.ts';

const RATES = [10, 100, 1000];
/** Updates come at the common case's rate: one at a time. */
const UPDATE_RATE = 10;
/**
 * 5,000 pushes before the first measured one, so V8 has optimized the hot path as it has in a
 * gateway that has been up for a while: after 200 (the old warm-up) the 10/s run, which came
 * first, measured the code still tiering up (docs/performance.md, "Where the clock starts").
 */
const WARM_RATE = 1_000;
const warmMs = (context: BenchContext) => (context.quick ? 300 : 5_000);

export const latencyBenchmark: Benchmark = {
  name: 'latency',
  title: 'End-to-end latency (HTTP POST → gateway → Prosody → client engine)',
  async run(context) {
    const durationMs = context.quick ? 1_500 : 10_000;
    const metrics: Metric[] = [];
    const notes: string[] = [];
    const series: Record<string, number[]> = {};

    const herald = await measureHerald(context, durationMs);
    const baseline = await measureBaseline(context, durationMs);
    for (const rate of RATES) {
      const h = herald.get(rate);
      const b = baseline.get(rate);
      if (!h || !b) continue;
      const total = summarize(h.total);
      const base = summarize(b);
      metrics.push(
        metric(`latency.herald.${rate}`, `POST → push event + decision @ ${rate}/s`, h.total),
        metric(
          `latency.client.${rate}`,
          `  of which in the client (stanza → push event)`,
          h.client,
        ),
        metric(`latency.ack.${rate}`, `  POST → HTTP 200 (server acknowledged)`, h.ack),
        metric(`latency.baseline.${rate}`, `raw XMPP client → client @ ${rate}/s`, b),
        {
          key: `latency.ratio.${rate}`,
          label: `Herald / baseline, median @ ${rate}/s`,
          unit: '×',
          value: total.p50 / base.p50,
        },
      );
      notes.push(
        `${rate}/s: ${h.lost} of ${h.sent} pushes did not arrive in time; decisions ${h.decisions}.`,
      );
      series[`herald${rate}`] = h.total;
      series[`baseline${rate}`] = b;
    }
    const newPush = herald.get(UPDATE_RATE);
    if (herald.update && newPush) {
      const update = summarize(herald.update.total);
      metrics.push(
        metric(
          `latency.update.${UPDATE_RATE}`,
          `PATCH → revised item @ ${UPDATE_RATE}/s`,
          herald.update.total,
        ),
        {
          key: `latency.update-extra.${UPDATE_RATE}`,
          label: `  an update's extra over a new push, median @ ${UPDATE_RATE}/s`,
          unit: 'ms',
          value: update.p50 - summarize(newPush.total).p50,
        },
      );
      notes.push(`updates: ${herald.update.lost} of ${herald.update.sent} did not arrive in time.`);
    }
    return { metrics, notes, series };
  },
};

function metric(key: string, label: string, samples: number[]): Metric {
  const s = summarize(samples);
  return { key, label, unit: 'ms', value: s.p50, p99: s.p99, n: s.n };
}

interface HeraldRun {
  total: number[];
  client: number[];
  ack: number[];
  sent: number;
  lost: number;
  decisions: string;
}

async function measureHerald(context: BenchContext, durationMs: number) {
  const { server, account } = await context.server({ archive: false });
  const user = await account('lat-user');
  const system = await account('lat-notify');
  const gateway = await startGateway({ ...server, account: system, ...context });
  const client = startClient(
    context.scope,
    { server, user, system },
    { dataDir: join(context.workDir, 'client'), measure: { stanzaTimes: true } },
  );
  await client.caughtUp();
  const poster = new RawHttpPoster(gateway.url, GATEWAY_TOKEN);
  context.scope.defer('HTTP agent', () => poster.close());
  const post = (prefix: string) => (index: number) =>
    poster.post('/v1/push', pushRequestBody(user.jid, benchDraft(prefix, index)));

  context.log('latency: warming up');
  await openLoop(WARM_RATE, warmMs(context), post('warm'));

  const runs = new Map<number, HeraldRun>();
  for (const rate of RATES) {
    context.log(`latency: ${rate}/s through the gateway for ${durationMs / 1000} s`);
    const prefix = `rate${rate}`;
    const answers = await openLoop(rate, durationMs, post(prefix));
    const ids = answers.map((_, index) => benchDraft(prefix, index).id);
    const missing = new Set(await client.waitForIds(ids, 10_000));
    const run: HeraldRun = {
      total: [],
      client: [],
      ack: [],
      sent: ids.length,
      lost: missing.size,
      decisions: '',
    };
    const decisions = new Map<string, number>();
    answers.forEach((answer, index) => {
      run.ack.push(answer.answeredAt - answer.sentAt);
      const arrival = client.arrivalsById.get(ids[index] ?? '');
      if (answer.status !== 200 || !arrival) return;
      run.total.push(arrival.pushAt - answer.sentAt);
      run.client.push(arrival.pushAt - arrival.stanzaAt);
      decisions.set(arrival.action, (decisions.get(arrival.action) ?? 0) + 1);
    });
    run.decisions = [...decisions].map(([action, count]) => `${action} ${count}`).join(', ');
    runs.set(rate, run);
  }
  // The latest pushes once more, changed: PATCH → the revised item in the client. (Those
  // of the 10/s run are gone by now: the client keeps 10,000 items, oldest out first.)
  context.log(`latency: ${UPDATE_RATE}/s updates through the gateway for ${durationMs / 1000} s`);
  const lastRate = RATES.at(-1) ?? UPDATE_RATE;
  const lastCount = Math.round((lastRate * durationMs) / 1000);
  const updateCount = Math.round((UPDATE_RATE * durationMs) / 1000);
  const updatedIds = Array.from(
    { length: updateCount },
    (_, i) => benchDraft(`rate${lastRate}`, lastCount - updateCount + i).id,
  );
  const updates = await openLoop(UPDATE_RATE, durationMs, (index) =>
    poster.post(
      `/v1/push/${encodeURIComponent(updatedIds[index] ?? '')}`,
      { title: `updated ${index}` },
      'PATCH',
    ),
  );
  const revisionIds = updatedIds.slice(0, updates.length).map((id) => revisionMessageId(id, 1));
  const missing = new Set(await client.waitForIds(revisionIds, 10_000));
  const statuses = new Map<number, number>();
  for (const answer of updates) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  const answered = [...statuses].map(([status, count]) => `${count}× ${status}`).join(', ');
  const update = { total: [] as number[], sent: revisionIds.length, lost: missing.size, answered };
  updates.forEach((answer, index) => {
    const arrival = client.arrivalsById.get(revisionIds[index] ?? '');
    if (answer.status === 200 && arrival) update.total.push(arrival.pushAt - answer.sentAt);
  });
  await client.stop();
  return Object.assign(runs, { update });
}

async function measureBaseline(context: BenchContext, durationMs: number) {
  const { server, account } = await context.server({ archive: false });
  const user = await account('base-user');
  const system = await account('base-notify');
  const receiver = startClient(
    context.scope,
    { server, user, system },
    { dataDir: context.workDir, mode: 'raw' },
  );
  await receiver.online();
  const sender = await connectPeer({ ...server, ...system, resource: 'bench-sender' });
  context.scope.defer('baseline sender', () => sender.stop());
  setNoDelay(sender.xmpp); // as Herald's own sessions do (core/xmpp-patches/no-delay.ts)
  const sentAt = new Map<string, number>();
  // The clock starts at the socket write, as RawHttpPoster's does for the gateway's requests:
  // the first write after `send` is the stanza (stream management counts it only afterwards).
  let stampNextWrite: string | undefined;
  const write = sender.xmpp.write.bind(sender.xmpp);
  sender.xmpp.write = (data: string) => {
    if (stampNextWrite !== undefined) sentAt.set(stampNextWrite, monotonicMs());
    stampNextWrite = undefined;
    return write(data);
  };
  const send = (prefix: string) => async (index: number) => {
    const stanza = serializePush(benchDraft(prefix, index), user.jid);
    const id = String(stanza.attrs.id);
    stampNextWrite = id;
    await sender.xmpp.send(stanza);
    return id;
  };
  await openLoop(WARM_RATE, warmMs(context), send('warm'));

  const runs = new Map<number, number[]>();
  for (const rate of RATES) {
    context.log(`latency: ${rate}/s client → client (baseline) for ${durationMs / 1000} s`);
    const ids = await openLoop(rate, durationMs, send(`base${rate}`));
    await receiver.waitForIds(ids, 10_000);
    const samples: number[] = [];
    for (const id of ids) {
      const arrival = receiver.arrivalsById.get(id);
      const at = sentAt.get(id);
      if (arrival && at !== undefined) samples.push(arrival.stanzaAt - at);
    }
    runs.set(rate, samples);
  }
  return runs;
}
