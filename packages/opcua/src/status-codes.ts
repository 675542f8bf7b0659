/**
 * The OPC UA StatusCodes (OPC 10000-4 §7.39, 32-bit unsigned) this package sets itself, as
 * numbers — so the pure parts (planner, samples) need not load node-opcua. A test checks them
 * against node-opcua's `StatusCodes`.
 */
export const OPCUA_STATUS = Object.freeze({
  Good: 0x0000_0000,
  /** The connection to the server was closed: the value of each signal is unknown from then on. */
  BadConnectionClosed: 0x80ae_0000,
  /** Communication with the server failed (a keep-alive or a subscription ran out): values unknown from then on. */
  BadCommunicationError: 0x8005_0000,
  /** The NodeId does not name a node on the server. */
  BadNodeIdUnknown: 0x8034_0000,
  /** The NodeId cannot be used (e.g. its namespace URI is not on the server). */
  BadNodeIdInvalid: 0x8033_0000,
  /** The server (or the plan) has no room for more monitored items. */
  BadTooManyMonitoredItems: 0x80db_0000,
  /** The value has not the part the signal reads (no such element or field): set by the source on the sample. */
  BadTypeMismatch: 0x8074_0000,
});

/** Quality class of a 32-bit StatusCode: its two top bits (00 good, 01 uncertain, 1x bad). */
export function statusSeverity(code: number): 'good' | 'uncertain' | 'bad' {
  const top = (code >>> 30) & 0b11;
  return top === 0 ? 'good' : top === 1 ? 'uncertain' : 'bad';
}
