import { describe, expect, it } from 'vitest';
import type { TypeNode } from './address-space-snapshot.js';
import { STANDARD_NODES as N } from './standard-models.js';
import { createTypeHierarchy } from './type-hierarchy.js';

const t = (name: string, supertype?: string): TypeNode => ({ browseName: { namespaceUri: 'urn:t', name }, supertype });

describe('createTypeHierarchy', () => {
  const types = new Map<string, TypeNode>([
    ['i=58', t('BaseObjectType')],
    [N.machineToolType, t('MachineToolType', 'i=58')],
    ['nsu=urn:vendor;i=1', t('VendorMill', N.machineToolType)],
    ['nsu=urn:vendor;i=2', t('VendorMill5Axis', 'nsu=urn:vendor;i=1')],
    ['nsu=urn:loop;i=1', t('A', 'nsu=urn:loop;i=2')],
    ['nsu=urn:loop;i=2', t('B', 'nsu=urn:loop;i=1')],
  ]);
  const h = createTypeHierarchy(types);

  it('recognises subtypes at any depth, and the type itself', () => {
    expect(h.isA('nsu=urn:vendor;i=2', N.machineToolType)).toBe(true);
    expect(h.isA(N.machineToolType, N.machineToolType)).toBe(true);
    expect(h.isA('nsu=urn:vendor;i=2', N.packmlBaseObjectType)).toBe(false);
    expect(h.isA('i=58', N.machineToolType)).toBe(false);
  });

  it('gives the chain nearest first, and stops at an unknown type or a loop', () => {
    expect(h.chain('nsu=urn:vendor;i=2')).toEqual(['nsu=urn:vendor;i=2', 'nsu=urn:vendor;i=1', N.machineToolType, 'i=58']);
    expect(h.chain('nsu=urn:unknown;i=9')).toEqual(['nsu=urn:unknown;i=9']);
    expect(h.chain('nsu=urn:loop;i=1')).toEqual(['nsu=urn:loop;i=1', 'nsu=urn:loop;i=2']);
    expect(h.isA('nsu=urn:loop;i=1', N.machineToolType)).toBe(false);
  });

  it('answers nothing for a missing type definition', () => {
    expect(h.isA(undefined, 'i=58')).toBe(false);
    expect(h.isA('', 'i=58')).toBe(false);
  });

  it('finds the nearest type a picker knows, and names types', () => {
    expect(h.nearest('nsu=urn:vendor;i=2', (x) => (x === N.machineToolType ? 'MT' : undefined))).toBe('MT');
    expect(h.nearest('nsu=urn:vendor;i=2', () => undefined)).toBeUndefined();
    expect(h.name('nsu=urn:vendor;i=1')).toBe('VendorMill');
    expect(h.name('nsu=urn:nope;i=1')).toBeUndefined();
  });
});
