import { RongtongError, isRongtongError } from '@rongtong/core';

/** What a statement was doing, for error messages: e.g. `enterprise "e1"`. */
export type Subject = string;

function codeOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return '';
}

/**
 * A RongtongError for an error thrown by SQLite: unique and primary-key violations are
 * ALREADY_EXISTS, a missing referenced row (foreign key) NOT_FOUND, an empty id
 * INVALID_ARGUMENT, a locked database UNAVAILABLE. RongtongErrors pass through; anything
 * else is INTERNAL.
 */
export function toStoreError(err: unknown, subject: Subject): RongtongError {
  if (isRongtongError(err)) return err;
  const code = codeOf(err);
  switch (code) {
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return new RongtongError('ALREADY_EXISTS', `${subject} already exists`, { cause: err });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new RongtongError('NOT_FOUND', `${subject} refers to a tenant, enterprise or agent that does not exist`, { cause: err });
    case 'SQLITE_CONSTRAINT_CHECK':
      return new RongtongError('INVALID_ARGUMENT', `${subject} has an empty id`, { cause: err });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new RongtongError('UNAVAILABLE', `the database is locked (${subject}); retry`, { cause: err });
    default:
      return new RongtongError('INTERNAL', `store error (${subject}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** True when `err` is SQLite's UNIQUE violation on the named index columns (e.g. `enterprises.credit_code`). */
export function isUniqueViolationOf(err: unknown, column: string): boolean {
  return codeOf(err) === 'SQLITE_CONSTRAINT_UNIQUE' && err instanceof Error && err.message.includes(column);
}
