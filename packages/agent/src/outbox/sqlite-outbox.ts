import type { KeyObject } from 'node:crypto';
import { RongtongError, fromZodError, privateKeyFromPem } from '@rongtong/core';
import type Database from 'better-sqlite3';
import { type Logger, pino } from 'pino';
import { acknowledgeThrough } from './acknowledge.js';
import { enqueueWithQuota } from './enqueue-with-quota.js';
import { migrate, openDatabase } from '@rongtong/runtime';
import { OUTBOX_MIGRATIONS } from './migrations.js';
import type { Outbox, OutboxStats, ResumeResult, SealOptions } from './outbox.js';
import { checkBytes, checkCheckpoint, checkEnqueue, checkInteger, checkSeq } from './outbox-arguments.js';
import { type OutboxTables, createOutboxTables } from './outbox-tables.js';
import { checkResume } from './resume-check.js';
import { sealPending } from './seal-pending.js';
import { toOutboxError } from './sqlite-errors.js';
import { type SqliteOutboxConfig, SqliteOutboxConfigSchema, type SqliteOutboxOptions } from './sqlite-outbox-options.js';

/** The agent's key from PEM, as INVALID_CONFIG naming `privateKeyPem` (without the key) when it is not Ed25519 PKCS#8. */
function parseKey(pem: string): KeyObject {
  try {
    return privateKeyFromPem(pem);
  } catch (err) {
    const reason = 'not a PKCS#8 PEM Ed25519 private key';
    throw new RongtongError('INVALID_CONFIG', `invalid SQLite outbox options: privateKeyPem: ${reason}`, {
      fieldViolations: [{ path: 'privateKeyPem', reason }],
      cause: err,
    });
  }
}

/**
 * Migrates `db`, prepares the statements and claims the file for the configured agent and
 * sharing level (FAILED_PRECONDITION if it holds another chain); closes `db` if any of that fails.
 */
function prepare(db: Database.Database, config: SqliteOutboxConfig, now: number, logger: Logger): OutboxTables {
  try {
    const schemaVersion = migrate(db, OUTBOX_MIGRATIONS, logger);
    const tables = createOutboxTables(db);
    db.transaction(() => tables.state.claim(config.agentId, config.sharingLevel, now)).immediate();
    const state = tables.state.read();
    logger.info(
      {
        path: config.path,
        durability: config.durability,
        schemaVersion,
        pending: state.pendingCount,
        lastSealedSeq: state.lastSealedSeq.toString(),
        lastAckedSeq: state.lastAckedSeq.toString(),
      },
      'outbox open',
    );
    return tables;
  } catch (err) {
    db.close();
    throw toOutboxError(err, 'open');
  }
}

/**
 * The `Outbox` on one SQLite file through better-sqlite3 (WAL, `synchronous=FULL` by
 * default, versioned migrations applied at open). Every change is one IMMEDIATE
 * transaction that reads the chain head inside it, so the file is never half-written —
 * a crash at any moment leaves the state before or after a whole enqueue, seal or ack — and
 * a second process on the file (a `status` reader) sees all or nothing. A file is bound to
 * the agent id and sharing level that created it. better-sqlite3 is synchronous: each method
 * does its work before returning its (already settled) promise.
 *
 * Throws INVALID_CONFIG for bad options (field paths as in `SqliteOutboxConfigSchema`),
 * FAILED_PRECONDITION for a file of another agent or level, or newer than this code. After
 * `close()` every method but `close` rejects with UNAVAILABLE.
 */
export function createSqliteOutbox(options: SqliteOutboxOptions): Outbox {
  const { logger: parentLogger, now: clock = Date.now, ...rest } = options;
  const parsed = SqliteOutboxConfigSchema.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, 'SQLite outbox options', 'INVALID_CONFIG');
  const config = parsed.data;
  const privateKey = parseKey(config.privateKeyPem);
  const logger = (parentLogger ?? pino({ level: 'silent' })).child({ component: 'outbox', agentId: config.agentId });

  const db = openDatabase({ path: config.path, durability: config.durability, busyTimeoutMs: config.busyTimeoutMs, foreignKeys: false });
  const tables = prepare(db, config, clock(), logger);
  const sealContext = { agentId: config.agentId, privateKey, sharingLevel: config.sharingLevel, liveWindowMs: config.liveWindowMs };
  let closed = false;

  /**
   * Runs `fn` in one transaction (IMMEDIATE for writes, so the head is read under the write
   * lock) unless the outbox is closed; its result settles the returned promise, and what it
   * throws (or the argument checks before it) rejects it as a RongtongError.
   */
  const call = <T>(what: string, mode: 'read' | 'write', check: () => void, fn: () => T): Promise<T> => {
    if (closed) return Promise.reject(new RongtongError('UNAVAILABLE', `the outbox is closed (${what})`));
    try {
      check();
      const transaction = db.transaction(fn);
      return Promise.resolve(mode === 'write' ? transaction.immediate() : transaction.deferred());
    } catch (err) {
      return Promise.reject(toOutboxError(err, what));
    }
  };

  return {
    agentId: config.agentId,
    sharingLevel: config.sharingLevel,
    enqueue(payload, meta, checkpoint) {
      return call(
        'enqueue',
        'write',
        () => {
          checkEnqueue(payload, meta);
          if (checkpoint !== undefined) checkCheckpoint('checkpoint', checkpoint);
        },
        () => {
          const dropped = enqueueWithQuota(tables, config.quota, clock(), payload, meta);
          if (checkpoint !== undefined) tables.checkpoint.save(checkpoint);
          if (dropped) logger.warn({ dropped }, 'outbox quota reached: discarded the oldest pending data (a gap record will report it)');
        },
      );
    },
    saveCheckpoint(checkpoint) {
      return call(
        'saveCheckpoint',
        'write',
        () => checkCheckpoint('checkpoint', checkpoint),
        () => tables.checkpoint.save(checkpoint),
      );
    },
    checkpoint() {
      return call(
        'checkpoint',
        'read',
        () => undefined,
        () => tables.checkpoint.read(),
      );
    },
    seal(max, sealOptions) {
      return call(
        'seal',
        'write',
        () => {
          checkInteger('max', max, 0);
          checkInteger('options.now', (sealOptions as SealOptions | undefined)?.now);
        },
        () => {
          const sealed = sealPending(tables, sealContext, max, sealOptions.now);
          const last = sealed.at(-1);
          if (last) logger.debug({ batches: sealed.length, lastSeq: last.seq.toString() }, 'sealed batches');
          return sealed;
        },
      );
    },
    sealed(after, limit) {
      return call(
        'sealed',
        'read',
        () => {
          checkSeq('after', after);
          checkInteger('limit', limit, 0);
        },
        () => tables.sealed.after(config.agentId, after, limit),
      );
    },
    acknowledge(seq) {
      return call(
        'acknowledge',
        'write',
        () => checkSeq('seq', seq),
        () => acknowledgeThrough(tables, seq),
      );
    },
    resume(lastCommittedSeq, lastCommittedDigest) {
      return call(
        'resume',
        'write',
        () => {
          checkSeq('lastCommittedSeq', lastCommittedSeq);
          checkBytes('lastCommittedDigest', lastCommittedDigest, false);
        },
        (): ResumeResult => {
          const result = checkResume(tables.state.read(), (seq) => tables.sealed.digestAt(seq), lastCommittedSeq, lastCommittedDigest);
          if (result.ok) acknowledgeThrough(tables, lastCommittedSeq);
          else logger.error({ reason: result.reason, lastCommittedSeq: lastCommittedSeq.toString() }, result.message);
          return result;
        },
      );
    },
    stats() {
      return call(
        'stats',
        'read',
        () => undefined,
        (): OutboxStats => {
          const state = tables.state.read();
          return {
            pendingRecords: state.pendingCount,
            pendingBytes: state.pendingBytes,
            oldestPendingTime: tables.pending.oldestEnqueueTime(),
            sealedBatches: tables.sealed.count(),
            lastSealedSeq: state.lastSealedSeq,
            lastAckedSeq: state.lastAckedSeq,
            dropped: state.dropped,
            gapPending: tables.gaps.read() !== undefined,
          };
        },
      );
    },
    close() {
      if (!closed) {
        closed = true;
        db.close();
        logger.info({ path: config.path }, 'outbox closed');
      }
      return Promise.resolve();
    },
  };
}
