import { describe, expect, it } from 'vitest';
import { isLoopbackHost, splitHostPort } from './host-port.js';

describe('host:port helpers', () => {
  it('splits host:port, IPv6 in brackets, and refuses ports beyond 65535', () => {
    expect(splitHostPort('127.0.0.1:1883')).toEqual({ host: '127.0.0.1', port: 1883 });
    expect(splitHostPort('[::1]:8883')).toEqual({ host: '::1', port: 8883 });
    expect(splitHostPort('plc.local:70000')).toBeUndefined();
    expect(splitHostPort('no-port')).toBeUndefined();
  });

  it('tells loopback hosts (this machine only) from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'plc.local']) expect(isLoopbackHost(host)).toBe(false);
  });
});
