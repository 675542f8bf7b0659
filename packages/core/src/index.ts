/**
 * @rongtong/core — the domain model, errors, signal semantics, batch signing and the
 * ISO 22400 / ISA-95 math shared by the agent and the platform. No I/O.
 */
export * from './errors/index.js';
export * from './batch/index.js';
export * from './evidence/index.js';
export * from './signal/signal-semantic.js';
export * from './iso22400/index.js';
export * from './capacity/index.js';
export * from './domain/index.js';
export * from './market/index.js';
export * from './source/index.js';
export * from './derive/index.js';
export { DEFAULT_BACKOFF, nextBackoffMs, resolveBackoffOptions, type BackoffOptions } from './backoff.js';
export { HostPortSchema, ListenAddressSchema, isLoopbackHost, splitHostPort } from './host-port.js';
