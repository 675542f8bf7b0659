import { StatusCodes } from 'node-opcua';

let names: Map<number, string> | undefined;

/**
 * The name of a 32-bit OPC UA StatusCode (`Good`, `BadNodeIdUnknown`, …) from its code bits
 * (the low 16 info bits are ignored), or its hex form when node-opcua does not know it.
 */
export function statusName(code: number): string {
  if (!names) {
    names = new Map();
    for (const [name, status] of Object.entries(StatusCodes as unknown as Record<string, { value?: unknown }>)) {
      if (typeof status?.value === 'number' && !names.has(status.value >>> 0)) names.set(status.value >>> 0, name);
    }
  }
  const base = (code & 0xffff0000) >>> 0;
  return names.get(base) ?? `0x${(code >>> 0).toString(16).padStart(8, '0')}`;
}
