/**
 * The logger an MQTT source writes to: the structural part of a pino `Logger` it uses (a
 * pino logger, or a child of one, fits as is; this package does not depend on pino). Every
 * call gets an object of fields and a message. Secrets are never passed to it.
 */
export interface MqttLogger {
  /** Details: every retry, repeated payload errors. */
  debug(obj: object, msg?: string): void;
  /** Lifecycle: started, connected, recovered. */
  info(obj: object, msg?: string): void;
  /** Trouble the source handles itself: lost connection, malformed payloads, dropped samples. */
  warn(obj: object, msg?: string): void;
  /** Trouble that needs a person: refused credentials, refused subscriptions. */
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that discards everything (the default). */
export const silentMqttLogger: MqttLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
