import { type ErrorCode, RongtongError } from '@rongtong/core';

/** MQTT 3.1.1 CONNACK return codes. */
const V4_CONNACK: Readonly<Record<number, [ErrorCode, string]>> = {
  1: ['FAILED_PRECONDITION', 'unacceptable protocol version'],
  2: ['FAILED_PRECONDITION', 'client identifier rejected'],
  3: ['UNAVAILABLE', 'server unavailable'],
  4: ['UNAUTHENTICATED', 'bad user name or password'],
  5: ['PERMISSION_DENIED', 'not authorized'],
};

/** MQTT 5 reason codes of CONNACK and DISCONNECT (≥ 0x80). */
const V5_REASONS: Readonly<Record<number, [ErrorCode, string]>> = {
  128: ['UNAVAILABLE', 'unspecified error'],
  129: ['PROTOCOL_VIOLATION', 'malformed packet'],
  130: ['PROTOCOL_VIOLATION', 'protocol error'],
  131: ['UNAVAILABLE', 'implementation specific error'],
  132: ['FAILED_PRECONDITION', 'unsupported protocol version'],
  133: ['FAILED_PRECONDITION', 'client identifier not valid'],
  134: ['UNAUTHENTICATED', 'bad user name or password'],
  135: ['PERMISSION_DENIED', 'not authorized'],
  136: ['UNAVAILABLE', 'server unavailable'],
  137: ['UNAVAILABLE', 'server busy'],
  138: ['PERMISSION_DENIED', 'banned'],
  139: ['UNAVAILABLE', 'server shutting down'],
  140: ['UNAUTHENTICATED', 'bad authentication method'],
  141: ['UNAVAILABLE', 'keep alive timeout'],
  142: ['CONFLICT', 'session taken over (another client connected with the same client id)'],
  144: ['INVALID_ARGUMENT', 'topic filter invalid'],
  149: ['UNAVAILABLE', 'packet too large'],
  151: ['QUOTA_EXCEEDED', 'quota exceeded'],
  152: ['UNAVAILABLE', 'administrative action'],
  153: ['INVALID_ARGUMENT', 'payload format invalid'],
  156: ['UNAVAILABLE', 'use another server'],
  157: ['UNAVAILABLE', 'server moved'],
  159: ['QUOTA_EXCEEDED', 'connection rate exceeded'],
};

/**
 * The error for a broker's refusal (CONNACK with a non-zero code) or disconnect (MQTT 5
 * DISCONNECT with a reason code ≥ 0x80): credentials → `UNAUTHENTICATED`, authorization →
 * `PERMISSION_DENIED`, protocol version or client id → `FAILED_PRECONDITION` (with a hint),
 * the rest mostly `UNAVAILABLE`.
 */
export function brokerRefusal(code: number, protocolVersion: 4 | 5, what: 'refused the connection' | 'disconnected'): RongtongError {
  // A 3.1.1 broker answers an MQTT 5 CONNECT with the 3.1.1 code 1.
  const table = code < 128 ? V4_CONNACK : V5_REASONS;
  const [errorCode, text] = table[code] ?? ['UNAVAILABLE', `reason code ${code}`];
  let message = `broker ${what}: ${text} (code ${code})`;
  if ((code === 1 || code === 132) && protocolVersion === 5) message += '; the broker may speak only MQTT 3.1.1: set protocolVersion to 4';
  if (code === 2 || code === 133) message += '; set clientId to one the broker accepts (e.g. at most 23 characters from [0-9A-Za-z])';
  return new RongtongError(errorCode, message);
}

/** A transport error (socket, TLS, timeout) as an `UNAVAILABLE` RongtongError keeping the cause. */
export function transportError(err: unknown, url: string): RongtongError {
  const cause = err instanceof Error ? err : new Error(String(err));
  const { code, reason } = cause as { code?: unknown; reason?: unknown };
  // OpenSSL errors carry a long multi-line message and a short `reason`.
  const text = typeof reason === 'string' && typeof code === 'string' && code.startsWith('ERR_SSL') ? `TLS: ${reason}` : cause.message.split('\n')[0]!.trim();
  const suffix = typeof code === 'string' && !text.includes(code) ? ` (${code})` : '';
  return new RongtongError('UNAVAILABLE', `cannot reach the broker at ${url}: ${text}${suffix}`, { cause });
}
