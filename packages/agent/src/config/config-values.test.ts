import { describe, expect, it } from 'vitest';
import { byteSizeSchema, parseByteSize } from './byte-size.js';
import { durationSchema, parseDuration } from './duration.js';
import { HostPortSchema, ListenAddressSchema, isLoopbackHost, splitHostPort } from '@rongtong/core';

describe('durations', () => {
  it('parses text with units ms, s, m, h, d, w, also combined', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(parseDuration('7 days')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('10')).toBeUndefined();
  });

  it('takes numbers as milliseconds and refuses zero, negatives and nonsense', () => {
    const schema = durationSchema();
    expect(schema.parse(250)).toBe(250);
    expect(schema.parse('36h')).toBe(129_600_000);
    expect(schema.safeParse(0).success).toBe(false);
    expect(schema.safeParse('0s').success).toBe(false);
    expect(schema.safeParse(-1).success).toBe(false);
    expect(schema.safeParse(true).error?.issues[0]?.message).toMatch(/a number of milliseconds or text/);
    expect(schema.safeParse('1 hour').error?.issues[0]?.message).toMatch(/not "1 hour"/);
    expect(durationSchema({ allowZero: true }).parse('0ms')).toBe(0);
    expect(durationSchema({ min: 1000 }).safeParse('500ms').error?.issues[0]?.message).toMatch(/at least 1000 ms/);
  });
});

describe('sizes', () => {
  it('parses decimal and binary units', () => {
    expect(parseByteSize('512MiB')).toBe(536_870_912);
    expect(parseByteSize('2GB')).toBe(2_000_000_000);
    expect(parseByteSize('64 KiB')).toBe(65_536);
    expect(parseByteSize('1.5kB')).toBe(1500);
    expect(parseByteSize('100B')).toBe(100);
    expect(parseByteSize('512 megabytes')).toBeUndefined();
    expect(parseByteSize('5mb')).toBeUndefined();
  });

  it('takes whole numbers of bytes, at least the minimum', () => {
    const schema = byteSizeSchema(1024);
    expect(schema.parse(4096)).toBe(4096);
    expect(schema.parse('1GiB')).toBe(1_073_741_824);
    expect(schema.safeParse(1.5).success).toBe(false);
    expect(schema.safeParse('512B').error?.issues[0]?.message).toMatch(/at least 1024/);
  });
});

describe('host:port', () => {
  it('splits names, IPv4 and bracketed IPv6', () => {
    expect(splitHostPort('platform.example.com:7600')).toEqual({ host: 'platform.example.com', port: 7600 });
    expect(splitHostPort('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(splitHostPort('10.0.0.1:65536')).toBeUndefined();
    expect(splitHostPort('https://x:1')).toBeUndefined();
    expect(splitHostPort('::1:7600')).toBeUndefined();
  });

  it('needs a real port to connect to, allows port 0 to listen on', () => {
    expect(HostPortSchema.safeParse('p:0').success).toBe(false);
    expect(HostPortSchema.safeParse('p:1').success).toBe(true);
    expect(ListenAddressSchema.safeParse('127.0.0.1:0').success).toBe(true);
  });

  it('knows loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.10', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
