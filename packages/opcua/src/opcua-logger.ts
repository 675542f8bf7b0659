/**
 * The logger an OPC UA source writes to: the structural part of a pino `Logger` it uses (a
 * pino logger, or a child of one, fits as is; this package does not depend on pino). Every
 * call gets an object of fields and a message. Passwords and private keys are never passed
 * to it.
 */
export interface OpcuaLogger {
  /** Details: every retry, repeated value errors. */
  debug(obj: object, msg?: string): void;
  /** Lifecycle: started, connected, subscribed, stopped. */
  info(obj: object, msg?: string): void;
  /** Trouble the source handles itself: lost connection, bad NodeIds, skipped values, dropped samples. */
  warn(obj: object, msg?: string): void;
  /** Trouble that needs a person: an untrusted server certificate, refused credentials. */
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that discards everything (the default). */
export const silentOpcuaLogger: OpcuaLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
