import type { Equipment } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { declarationEntryBytes, splitDeclaration } from './declaration-requests.js';

const equipment = (id: string, signals = 1): Equipment => ({
  id,
  name: `machine ${id}`,
  signals: Array.from({ length: signals }, (_, i) => ({ id: `${id}/s${i}`, custom: { sourceType: 'generator', attributes: { source: 'gen' } }, semantic: 'SIGNAL_SEMANTIC_MEASUREMENT' })),
});

describe('splitDeclaration', () => {
  it('keeps everything in one request within the limits, in order', () => {
    const list = ['a', 'b', 'c'].map((id) => equipment(id));
    expect(splitDeclaration(list)).toEqual({ requests: [{ equipment: list }], tooLarge: [] });
    expect(splitDeclaration([])).toEqual({ requests: [], tooLarge: [] });
  });

  it('splits at the equipment count', () => {
    const list = Array.from({ length: 1201 }, (_, i) => equipment(`m${i}`));
    const { requests } = splitDeclaration(list);
    expect(requests.map((r) => r.equipment?.length)).toEqual([500, 500, 201]);
    expect(requests.flatMap((r) => r.equipment)).toEqual(list);
  });

  it('splits at the encoded size, whole equipment only, and names equipment too large on its own', () => {
    const list = [equipment('a', 10), equipment('b', 10), equipment('huge', 200), equipment('c', 10)];
    const one = declarationEntryBytes(list[0]!);
    const { requests, tooLarge } = splitDeclaration(list, { maxEquipment: 500, maxBytes: 2 * one + 5 });
    expect(tooLarge).toEqual(['huge']);
    expect(requests.map((r) => r.equipment?.map((e) => e.id))).toEqual([['a', 'b'], ['c']]);
    for (const r of requests) expect(r.equipment!.reduce((n, e) => n + declarationEntryBytes(e), 0)).toBeLessThanOrEqual(2 * one + 5);
  });
});
