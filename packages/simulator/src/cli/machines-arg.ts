import { isMachineKind, MACHINE_KINDS, type MachineKind } from '../model/machine-kind.js';
import { UsageError } from './cli-args.js';

/** Id prefix of each kind: `cnc:2` makes `CNC1`, `CNC2`. */
export const MACHINE_ID_PREFIX: Readonly<Record<MachineKind, string>> = Object.freeze({ cnc: 'CNC', packml: 'PackML', legacy: 'Legacy' });

const MAX_PER_KIND = 100;

/**
 * Parses `--machines`: comma-separated `kind:count` (count 1 when left out), e.g.
 * `cnc:2,packml:1,legacy:1` → CNC1, CNC2, PackML1, Legacy1.
 */
export function parseMachinesArg(text: string): { kind: MachineKind; id: string }[] {
  const counts = new Map<MachineKind, number>();
  for (const part of text.split(',')) {
    const [kind, count = '1', extra] = part.trim().split(':');
    if (extra !== undefined || !isMachineKind(kind)) {
      throw new UsageError(`--machines: "${part}" is not kind[:count] with kind one of ${MACHINE_KINDS.join(', ')}`);
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PER_KIND) throw new UsageError(`--machines: the count of "${part}" must be 1–${MAX_PER_KIND}`);
    counts.set(kind, (counts.get(kind) ?? 0) + n);
  }
  return [...counts].flatMap(([kind, n]) => Array.from({ length: n }, (_, i) => ({ kind, id: `${MACHINE_ID_PREFIX[kind]}${i + 1}` })));
}
