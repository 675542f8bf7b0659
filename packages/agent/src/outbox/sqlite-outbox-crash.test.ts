import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { bytesEqual, generateAgentKeyPair, verifyChain } from '@rongtong/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteOutbox } from './sqlite-outbox.js';

const CHILD = fileURLToPath(new URL('test-support/crash-child.ts', import.meta.url));
const keys = generateAgentKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'rongtong-outbox-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child on `path` and SIGKILLs it `killAfterMs` after it reports its first sealed batch. */
function runAndKill(path: string, seed: number, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=@rongtong/source', '--import', 'tsx', CHILD, path, String(seed)], {
      env: { ...process.env, OUTBOX_TEST_KEY_PEM: keys.privateKeyPem },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const guard = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && output.includes('ready')) resolve();
      else reject(new Error(`the child ended with code ${code} / ${signal} before it was killed: ${output}`));
    });
  });
}

interface Head {
  seq: bigint;
  digest: Uint8Array;
}

/** Checks the file directly: integrity, counters in step with rows, sealed seqs contiguous up to the head. */
function inspectFile(path: string): { lastAcked: Head; lastSealed: Head } {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const state = db.prepare('SELECT * FROM outbox_state').get() as Record<string, bigint | Uint8Array>;
    const pending = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(length(payload)), 0) AS bytes FROM pending').get() as { n: bigint; bytes: bigint };
    expect([state.pending_count, state.pending_bytes]).toEqual([pending.n, pending.bytes]);
    const seqs = (db.prepare('SELECT seq FROM sealed ORDER BY seq').all() as { seq: bigint }[]).map((r) => r.seq);
    const lastAcked = state.last_acked_seq as bigint;
    const lastSealed = state.last_sealed_seq as bigint;
    expect(seqs).toEqual(Array.from({ length: Number(lastSealed - lastAcked) }, (_, i) => lastAcked + 1n + BigInt(i)));
    return {
      lastAcked: { seq: lastAcked, digest: new Uint8Array(state.last_acked_digest as Uint8Array) },
      lastSealed: { seq: lastSealed, digest: new Uint8Array(state.last_sealed_digest as Uint8Array) },
    };
  } finally {
    db.close();
  }
}

describe('SQLite outbox crash safety', () => {
  it('after SIGKILL at random moments, reopening gives a valid chain and no half-written rows', async () => {
    const path = join(dir, 'outbox.db');
    const seed = 1 + Math.floor(Math.random() * 1_000_000);
    let previous: Head | undefined;
    // Five kill/reopen rounds, fewer (at least two) if the machine is slow: bounded to ~8 s.
    const deadline = Date.now() + 5000;
    for (let round = 0; round < 5 && (round < 2 || Date.now() < deadline); round += 1) {
      await runAndKill(path, seed + round, 20 + Math.floor(Math.random() * 300));
      const { lastAcked, lastSealed } = inspectFile(path);
      const outbox = createSqliteOutbox({
        path,
        agentId: 'agt-crash',
        privateKeyPem: keys.privateKeyPem,
        sharingLevel: 'SHARING_LEVEL_RAW',
        quota: { maxBytes: 4000, maxAgeMs: 3_600_000 },
      });
      try {
        const stats = await outbox.stats();
        expect([stats.lastAckedSeq, stats.lastSealedSeq], `seed ${seed}`).toEqual([lastAcked.seq, lastSealed.seq]);
        const sealed = await outbox.sealed(lastAcked.seq, 1_000_000);
        expect(sealed.length).toBe(stats.sealedBatches);
        const chain = verifyChain(sealed, keys.publicKey, lastAcked);
        expect(chain, `seed ${seed}`).toMatchObject({ ok: true, lastSeq: lastSealed.seq });
        if (chain.ok) expect(bytesEqual(chain.lastDigest, lastSealed.digest)).toBe(true);
        if (previous) {
          expect(lastSealed.seq >= previous.seq, `seed ${seed}: the head went back`).toBe(true);
          const known = previous.seq === lastAcked.seq ? lastAcked.digest : sealed.find((b) => b.seq === previous?.seq)?.digest;
          if (known) expect(bytesEqual(known, previous.digest), `seed ${seed}: seq ${previous.seq} changed`).toBe(true);
        }
        expect(await outbox.resume(lastAcked.seq, lastAcked.digest)).toEqual({ ok: true, resendFrom: lastAcked.seq + 1n });
        previous = lastSealed;
      } finally {
        await outbox.close();
      }
    }
    expect(previous!.seq > 0n).toBe(true);
  }, 15_000);
});
