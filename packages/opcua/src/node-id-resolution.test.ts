import { describe, expect, it } from 'vitest';
import { resolveNodeId } from './node-id-resolution.js';
import { OPCUA_STATUS } from './status-codes.js';

describe('resolveNodeId', () => {
  const namespaces = ['http://opcfoundation.org/UA/', 'urn:test:server', 'http://example.com/machines/'];

  it('resolves the nsu= form by the namespace array, and the ns= form as is', () => {
    const r = resolveNodeId('nsu=http://example.com/machines/;s=Lathe3.State', namespaces);
    expect(r.ok && r.nodeId.toString()).toBe('ns=2;s=Lathe3.State');
    const semicolon = resolveNodeId('nsu=http://example.com/machines/;s=a;b', namespaces);
    expect(semicolon.ok && semicolon.nodeId.toString()).toBe('ns=2;s=a;b');
    const plain = resolveNodeId('ns=1;i=1002', namespaces);
    expect(plain.ok && plain.nodeId.toString()).toBe('ns=1;i=1002');
    expect(resolveNodeId('i=2258', namespaces).ok).toBe(true);
  });

  it('reports an unknown namespace as BadNodeIdUnknown, not as an error', () => {
    expect(resolveNodeId('nsu=urn:missing;s=X', namespaces)).toEqual({
      ok: false,
      statusCode: OPCUA_STATUS.BadNodeIdUnknown,
      reason: 'the server has no namespace urn:missing (not in its NamespaceArray)',
    });
  });
});
