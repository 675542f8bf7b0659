/**
 * Where a connection-holding object is in its life, as one value (DESIGN §8):
 *
 * - `idle`: created, nothing opened yet;
 * - `connecting`: a call is open but the server has not answered yet;
 * - `connected`: the server answered (headers or a first message);
 * - `backoff`: the last call ended and a retry is scheduled;
 * - `closed`: finished for good (ended, failed, cancelled or closed by the caller).
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';
