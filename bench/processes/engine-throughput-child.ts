/**
 * In-process engine throughput (run in a fresh process by bench/throughput.ts): wire XML →
 * stream parser → trust → push codec → dedupe → inbox (SQLite, batched) → notification
 * policy, on one thread. Stanzas are fed in chunks the size of a socket read, with the event
 * loop turning between chunks as it would between reads.
 *
 * Usage: node bench/processes/engine-throughput-child.ts COUNT CHUNK ROUNDS
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { HeraldEngine } from '../../core/engine.ts';
import { Inbox } from '../../core/inbox.ts';
import { serializePush } from '../../core/push-codec.ts';
import { XmppStreamParser } from '../../core/xmpp-stream-parser.ts';
import { openSqliteInboxStorage } from '../../core/sqlite-inbox-storage.ts';
import { sendResult } from './child.ts';
import { attachOfflineClient } from '../support/offline-client.ts';
import { startProfile } from '../support/profile.ts';
import { cpuMs } from '../support/clock.ts';
import { benchDraft } from '../support/pushes.ts';

export interface Phase {
  pushes: number;
  wallMs: number;
  cpuMs: number;
}

export interface ThroughputResult {
  /** One per round: from wire XML (the stream parser included). */
  fromXml: Phase[];
  /** One per round: from parsed elements (the engine alone). */
  fromElements: Phase[];
  /** One per round: wire XML through the engine's own @xmpp/client, receipts sent through it. */
  throughClient: Phase[];
  transactions: number;
  /** Receipts the engine sent in the rounds without the client. */
  receipts: number;
  clientBytesWritten: number;
}

const USER = 'alice@localhost';
const SYSTEM = 'notify@localhost';
const count = Number(process.argv[2] ?? 10_000);
const chunk = Number(process.argv[3] ?? 64);
const rounds = Number(process.argv[4] ?? 3);

const dir = mkdtempSync(join(tmpdir(), 'herald-bench-engine-'));
const { storage } = openSqliteInboxStorage(join(dir, 'inbox.sqlite'));
let transactions = 0;
const write = storage.write.bind(storage);
storage.write = (batch) => {
  transactions++;
  write(batch);
};
const inbox = new Inbox({ storage });
// Never started: stanzas are fed to the session below, as its socket would deliver them.
const engine = new HeraldEngine({ jid: USER, password: 'unused', systemJids: [SYSTEM], inbox });
let receipts = 0;
// Receipts go to the network in real life; here they are built, then counted. The receipt
// sender sends only on an open stream.
engine.session.send = async () => {
  receipts++;
};
(engine.session.xmpp as { status: string }).status = 'online';
let pushes = 0;
engine.on('push', () => pushes++);

/** A push as Prosody delivers it: from the gateway's full JID, with its archive id. */
function wireStanza(prefix: string, index: number): string {
  const message = serializePush(benchDraft(prefix, index), `${USER}/bench`);
  message.attrs.from = `${SYSTEM}/gateway-1`;
  message.append(xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' }));
  message.append(
    xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: USER, id: `${prefix}-a${index}` }),
  );
  return message.toString();
}

/** The parser the engine's connections use (core/xmpp-session.ts). */
function streamParser(onStanza: (element: Element) => void): XmppStreamParser {
  const parser = new XmppStreamParser();
  parser.on('element', onStanza);
  parser.write(
    '<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" from="localhost" version="1.0">',
  );
  return parser;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const emit = (element: Element) => engine.session.emit('stanza', element);

/** Where wire XML goes: a bare stream parser, or the client's (which also acknowledges). */
interface XmlSink {
  write(text: string): void;
  afterChunk?(): void;
}

async function feed(items: readonly string[] | readonly Element[], sink: XmlSink | null) {
  const target = pushes + items.length;
  const startedCpu = cpuMs();
  const started = performance.now();
  for (let i = 0; i < items.length; i += chunk) {
    for (const item of items.slice(i, i + chunk)) {
      if (typeof item === 'string') sink?.write(item);
      else emit(item);
    }
    sink?.afterChunk?.();
    await nextTurn();
  }
  await inbox.whenPersisted();
  while (pushes < target) await nextTurn();
  return { pushes: items.length, wallMs: performance.now() - started, cpuMs: cpuMs() - startedCpu };
}

const parser = streamParser(emit);
const texts = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => wireStanza(prefix, i));
await feed(texts('warm', Math.min(2_000, count)), parser);

// Several rounds, each with new pushes: the median round is the figure, so a moment of
// contention from another process on this shared machine does not decide it.
const fromXml: Phase[] = [];
const fromElements: Phase[] = [];
for (let round = 0; round < rounds; round++) {
  const xmlTexts = texts(`xml${round}`, count);
  // HERALD_BENCH_PROFILE=FILE: a CPU profile of the first measured wire-XML round only.
  const profile = round === 0 && process.env.HERALD_BENCH_PROFILE ? await startProfile() : null;
  fromXml.push(await feed(xmlTexts, parser));
  await profile?.stop(process.env.HERALD_BENCH_PROFILE ?? '');

  const parsed: Element[] = [];
  const collector = streamParser((element) => parsed.push(element));
  for (const text of texts(`el${round}`, count)) collector.write(text);
  fromElements.push(await feed(parsed, null));
}

// Last, as the engine's receipts go through the client from here on.
const client = attachOfflineClient(engine, `${USER}/bench`);
const throughClient: Phase[] = [];
for (let round = 0; round < rounds; round++) {
  const sink = { write: client.receive, afterChunk: client.acknowledgeAll };
  throughClient.push(await feed(texts(`client${round}`, count), sink));
}

inbox.close();
rmSync(dir, { recursive: true, force: true });
sendResult({
  fromXml,
  fromElements,
  throughClient,
  transactions,
  receipts,
  clientBytesWritten: client.bytesWritten,
} satisfies ThroughputResult);
