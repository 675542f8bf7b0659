import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test-support/schema-issues.js';
import { CapabilitySchema } from './capability.js';
import { HIERARCHY_LEVELS, hierarchyDepth } from './hierarchy-level.js';
import { HierarchyNodeSchema, HierarchyPathSchema } from './hierarchy-node.js';
import { HierarchyScopeSchema, type HierarchyScope } from './hierarchy-scope.js';

const site = { level: 'site', id: 'cq-plant-1', name: '重庆一厂' } as const;
const area = { level: 'area', id: 'workshop-2', name: '二号车间' } as const;
const line = { level: 'line', id: 'line-a' } as const;

describe('HierarchyNode and path', () => {
  it('orders levels from enterprise to equipment', () => {
    expect(HIERARCHY_LEVELS.map(hierarchyDepth)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('accepts site, area, line and cell nodes only', () => {
    expect(HierarchyNodeSchema.parse(site)).toEqual(site);
    expect(issuePaths(HierarchyNodeSchema, { level: 'equipment', id: 'x' })).toEqual([['level']]);
    expect(issuePaths(HierarchyNodeSchema, { level: 'enterprise', id: 'x' })).toEqual([['level']]);
    expect(issuePaths(HierarchyNodeSchema, { level: 'site', id: '' })).toEqual([['id']]);
  });

  it('requires strictly increasing levels along a path', () => {
    expect(HierarchyPathSchema.parse([site, area, line])).toEqual([site, area, line]);
    expect(HierarchyPathSchema.parse([site, line])).toEqual([site, line]); // skipping a level is fine
    expect(issuePaths(HierarchyPathSchema, [site, line, area])).toEqual([[2, 'level']]);
    expect(issuePaths(HierarchyPathSchema, [site, site])).toEqual([[1, 'level']]);
  });
});

describe('HierarchyScope', () => {
  const enterpriseScope: HierarchyScope = { level: 'enterprise', enterpriseId: 'ent_1', path: [] };
  const lineScope: HierarchyScope = { level: 'line', enterpriseId: 'ent_1', id: 'line-a', path: [site, area, line] };
  const equipmentScope: HierarchyScope = { level: 'equipment', enterpriseId: 'ent_1', id: 'lathe-3', path: [site, area, line] };

  it('parses enterprise, node and equipment scopes', () => {
    for (const scope of [enterpriseScope, lineScope, equipmentScope]) expect(HierarchyScopeSchema.parse(scope)).toEqual(scope);
    expect(HierarchyScopeSchema.parse({ ...equipmentScope, path: [] })).toEqual({ ...equipmentScope, path: [] });
  });

  it('rejects an id or a path on an enterprise scope', () => {
    expect(issuePaths(HierarchyScopeSchema, { ...enterpriseScope, id: 'x' })).toEqual([['id']]);
    expect(issuePaths(HierarchyScopeSchema, { ...enterpriseScope, path: [site] })).toEqual([['path']]);
  });

  it('requires an id below the enterprise', () => {
    expect(issuePaths(HierarchyScopeSchema, { level: 'equipment', enterpriseId: 'ent_1', path: [] })).toEqual([['id']]);
  });

  it('requires a node scope path to end with the node itself', () => {
    expect(issuePaths(HierarchyScopeSchema, { ...lineScope, path: [site, area] })).toEqual([['path']]);
    expect(issuePaths(HierarchyScopeSchema, { ...lineScope, id: 'line-b' })).toEqual([['path']]);
    expect(issuePaths(HierarchyScopeSchema, { ...lineScope, path: [] })).toEqual([['path']]);
  });

  it('reports bad path entries by index', () => {
    expect(issuePaths(HierarchyScopeSchema, { ...equipmentScope, path: [area, site] })).toEqual([['path', 1, 'level']]);
    expect(issuePaths(HierarchyScopeSchema, { ...equipmentScope, enterpriseId: '' })).toEqual([['enterpriseId']]);
  });
});

describe('Capability', () => {
  it('parses a capability and rejects bad kinds and ids', () => {
    const capability = { kind: 'process_segment', id: 'machining.turning', name: '数控车削' } as const;
    expect(CapabilitySchema.parse(capability)).toEqual(capability);
    expect(issuePaths(CapabilitySchema, { ...capability, kind: 'process' })).toEqual([['kind']]);
    expect(issuePaths(CapabilitySchema, { ...capability, id: 'machining turning' })).toEqual([['id']]);
  });
});
