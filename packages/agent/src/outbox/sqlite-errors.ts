import { RongtongError, isRongtongError } from '@rongtong/core';

/**
 * A RongtongError for what an outbox operation threw: RongtongErrors pass through; a locked
 * database is UNAVAILABLE (retry), a full disk UNAVAILABLE (free space), a corrupt file
 * DATA_LOSS; anything else INTERNAL. `what` names the operation.
 */
export function toOutboxError(err: unknown, what: string): RongtongError {
  if (isRongtongError(err)) return err;
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const reason = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new RongtongError('UNAVAILABLE', `outbox ${what}: the database is locked; retry`, { cause: err });
    case 'SQLITE_FULL':
      return new RongtongError('UNAVAILABLE', `outbox ${what}: the disk is full`, { cause: err });
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new RongtongError('DATA_LOSS', `outbox ${what}: the database file is damaged: ${reason}`, { cause: err });
    default:
      return new RongtongError('INTERNAL', `outbox ${what}: ${reason}`, { cause: err });
  }
}
