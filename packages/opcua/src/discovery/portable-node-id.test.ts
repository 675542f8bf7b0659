import { ExpandedNodeId, NodeId, NodeIdType, coerceNodeId } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { resolveNodeId } from '../node-id-resolution.js';
import { formatBrowsePath, namespaceUriOf, portableNodeId } from './portable-node-id.js';

const NS = ['http://opcfoundation.org/UA/', 'urn:server', 'http://opcfoundation.org/UA/Machinery/', 'urn:odd;uri'];

describe('portableNodeId', () => {
  it('names the namespace by URI for every identifier kind, and leaves namespace 0 bare', () => {
    expect(portableNodeId(coerceNodeId('ns=2;i=1001'), NS)).toBe('nsu=http://opcfoundation.org/UA/Machinery/;i=1001');
    expect(portableNodeId(coerceNodeId('ns=1;s=CNC1.State;x'), NS)).toBe('nsu=urn:server;s=CNC1.State;x');
    expect(portableNodeId(coerceNodeId('ns=1;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63'), NS)).toBe('nsu=urn:server;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63');
    expect(portableNodeId(new NodeId(NodeIdType.BYTESTRING, Buffer.from([1, 2, 255]), 1), NS)).toBe('nsu=urn:server;b=AQL/');
    expect(portableNodeId(coerceNodeId('i=85'), NS)).toBe('i=85');
  });

  it('prefers the URI an ExpandedNodeId carries', () => {
    expect(portableNodeId(new ExpandedNodeId(NodeIdType.NUMERIC, 13, 0, 'http://opcfoundation.org/UA/MachineTool/'), NS)).toBe(
      'nsu=http://opcfoundation.org/UA/MachineTool/;i=13',
    );
  });

  it('keeps the index for a namespace the server does not list, or a URI with ";"', () => {
    expect(portableNodeId(coerceNodeId('ns=7;i=1'), NS)).toBe('ns=7;i=1');
    expect(portableNodeId(coerceNodeId('ns=3;i=1'), NS)).toBe('ns=3;i=1');
  });

  it('resolves back to the same node with the server’s namespace array, whatever its order', () => {
    const reordered = [NS[0]!, NS[2]!, NS[1]!];
    const text = portableNodeId(coerceNodeId('ns=1;s=Machine-1'), NS);
    const r = resolveNodeId(text, reordered);
    expect(r.ok && r.nodeId.toString()).toBe('ns=2;s=Machine-1');
  });

  it('gives URIs of indexes', () => {
    expect(namespaceUriOf(2, NS)).toBe('http://opcfoundation.org/UA/Machinery/');
    expect(namespaceUriOf(9, NS)).toBe('urn:unknown-namespace:9');
  });
});

describe('formatBrowsePath', () => {
  it('writes OPC 10000-4 Annex A relative path text with namespace indexes, escaping reserved characters', () => {
    const path = [
      { namespaceUri: 'http://opcfoundation.org/UA/Machinery/', name: 'Machines' },
      { namespaceUri: 'urn:server', name: 'Press 3: a/b.c' },
      { namespaceUri: 'http://opcfoundation.org/UA/', name: 'CurrentState' },
    ];
    expect(formatBrowsePath(path, NS)).toBe('/2:Machines/1:Press 3&: a&/b&.c/CurrentState');
  });
});
