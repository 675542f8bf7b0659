/**
 * Child process of the outbox crash test (`sqlite-outbox-crash.test.ts`), run with
 * `node --conditions=@rongtong/source --import tsx crash-child.ts <path> <seed>` and the
 * agent key in the environment variable `OUTBOX_TEST_KEY_PEM`. Opens the outbox and, until it
 * is killed, enqueues records, seals and acknowledges in a pseudo-random pattern, with a
 * quota small enough to discard data now and then. Writes `ready` to stdout once it has
 * sealed its first batch. Not part of the library.
 */
import { batchPayloadCodec, timestampFromMillis } from '@rongtong/protocol';
import { createSqliteOutbox } from '../sqlite-outbox.js';

const [path, seedText] = process.argv.slice(2);
const privateKeyPem = process.env.OUTBOX_TEST_KEY_PEM;
if (!path || !seedText || !privateKeyPem) throw new Error('usage: crash-child.ts <path> <seed> (key in OUTBOX_TEST_KEY_PEM)');

/** xorshift32: the same sequence for the same seed. */
let state = Number(seedText) >>> 0 || 1;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 0x1_0000_0000;
}

const outbox = createSqliteOutbox({
  path,
  agentId: 'agt-crash',
  privateKeyPem,
  sharingLevel: 'SHARING_LEVEL_RAW',
  quota: { maxBytes: 4000, maxAgeMs: 3_600_000 },
  liveWindowMs: 5,
});

/** A RAW payload with `count` samples of `signals`, one per 100 ms from `firstTime`, and its meta. */
function record(firstTime: number, signals: string[], count: number) {
  const samples = Array.from({ length: count }, (_, i) => ({
    signalId: signals[i % signals.length]!,
    sourceTime: timestampFromMillis(firstTime + i * 100),
    value: { doubleValue: random() * 100 },
  }));
  const payload = batchPayloadCodec.encode({ sharingLevel: 'SHARING_LEVEL_RAW', createTime: timestampFromMillis(Date.now()), samples });
  return { payload, meta: { samples: count, firstTime, lastTime: firstTime + (count - 1) * 100, signalIds: signals } };
}

let sourceTime = Date.UTC(2025, 0, 6, 8);
let ready = false;
for (;;) {
  const signals = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => `sig-${i}`);
  const r = record(sourceTime, signals, 1 + Math.floor(random() * 5));
  sourceTime += 1000;
  await outbox.enqueue(r.payload, r.meta);
  if (random() < 0.3) {
    const sealed = await outbox.seal(1 + Math.floor(random() * 4), { now: Date.now() });
    if (!ready && sealed.length > 0) {
      ready = true;
      process.stdout.write('ready\n');
    }
  }
  if (random() < 0.1) {
    const { lastAckedSeq, lastSealedSeq } = await outbox.stats();
    await outbox.acknowledge(lastAckedSeq + BigInt(Math.floor(random() * Number(lastSealedSeq - lastAckedSeq + 1n))));
  }
}
