/**
 * How a JSON device writes its timestamps — the three forms 4G DTUs and gateways use, all read
 * by the MQTT JSON source (`parsePayloadTime` in @rongtong/mqtt):
 *
 * - `epoch-ms`: a number of ms since the Unix epoch, e.g. `1893456000123`;
 * - `epoch-s`: a number of seconds with the ms as three decimals, e.g. `1893456000.123`;
 * - `iso8601`: ISO 8601 text with ms and the UTC offset, e.g. `2030-01-01T08:00:00.123+08:00`.
 */
export type PayloadTimeFormat = 'epoch-ms' | 'epoch-s' | 'iso8601';

/** Every payload time format, in the order devices get them by default. */
export const PAYLOAD_TIME_FORMATS: readonly PayloadTimeFormat[] = Object.freeze(['epoch-ms', 'epoch-s', 'iso8601'] as const);

/** `480` → `+08:00`, `-330` → `-05:30`, `0` → `+00:00`. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Writes `ms` (since the epoch) in `format`; `iso8601` in local time at `utcOffsetMinutes` east of UTC. */
export function formatPayloadTime(ms: number, format: PayloadTimeFormat, utcOffsetMinutes: number): number | string {
  switch (format) {
    case 'epoch-ms':
      return ms;
    case 'epoch-s':
      // The shortest decimal that reads back as the same double: ms / 1000 × 1000 rounds to ms.
      return ms / 1000;
    case 'iso8601':
      return `${new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, -1)}${formatUtcOffset(utcOffsetMinutes)}`;
  }
}
