import { parsePayloadTime } from '@rongtong/mqtt';
import { describe, expect, it } from 'vitest';
import { createRng } from '../model/prng.js';
import { formatPayloadTime, formatUtcOffset, PAYLOAD_TIME_FORMATS } from './payload-time-format.js';

describe('formatPayloadTime', () => {
  it('writes epoch ms, epoch s with the ms as decimals, and ISO 8601 with the offset', () => {
    const ms = Date.parse('2030-01-01T00:00:00.123Z');
    expect(formatPayloadTime(ms, 'epoch-ms', 480)).toBe(1893456000123);
    expect(formatPayloadTime(ms, 'epoch-s', 480)).toBe(1893456000.123);
    expect(JSON.stringify(formatPayloadTime(ms, 'epoch-s', 480))).toBe('1893456000.123');
    expect(formatPayloadTime(ms, 'iso8601', 480)).toBe('2030-01-01T08:00:00.123+08:00');
    expect(formatPayloadTime(ms, 'iso8601', -330)).toBe('2029-12-31T18:30:00.123-05:30');
    expect(formatPayloadTime(ms, 'iso8601', 0)).toBe('2030-01-01T00:00:00.123+00:00');
  });

  it('every format reads back to the same ms with the MQTT JSON source (after a JSON round trip)', () => {
    const rng = createRng('payload-time');
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(rng.uniform(Date.parse('2020-01-01T00:00:00Z'), Date.parse('2060-01-01T00:00:00Z')));
      for (const format of PAYLOAD_TIME_FORMATS) {
        for (const offset of [480, 0, -300, 345]) {
          const value = (JSON.parse(JSON.stringify({ ts: formatPayloadTime(ms, format, offset) })) as { ts: unknown }).ts;
          expect(parsePayloadTime(value), `${format} ${offset} ${ms}`).toEqual({ ok: true, ms });
        }
      }
    }
  });

  it('formats UTC offsets', () => {
    expect([480, -330, 0, 345].map(formatUtcOffset)).toEqual(['+08:00', '-05:30', '+00:00', '+05:45']);
  });
});
