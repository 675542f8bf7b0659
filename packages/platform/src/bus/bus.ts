/**
 * Wake-ups between platform instances (and within one). The Store holds the data; the
 * Bus only says "something changed", so a lost or duplicated message costs a re-read,
 * never data. Implementations: in-process (built in) and NATS (`@rongtong/bus-nats`);
 * all pass the contract suite in `@rongtong/testkit`.
 */
export interface Bus {
  /** Delivers `message` to every current subscriber of `topic`, on every instance. */
  publish(topic: string, message: Uint8Array): Promise<void>;
  /** Calls `handler` for each message on `topic` until the returned function is called. */
  subscribe(topic: string, handler: (message: Uint8Array) => void): () => void;
  /** Stops delivering and releases connections. Idempotent. */
  close(): Promise<void>;
}

/** Topics the platform uses. */
export const BUS_TOPICS = {
  /** A feed event was committed; message: the event seq as decimal ASCII. */
  feed: 'rongtong.feed',
  /** A token was revoked; message: the token id as UTF-8. */
  tokenRevoked: 'rongtong.token-revoked',
} as const;
