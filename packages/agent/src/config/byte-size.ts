import { z } from 'zod';

const UNIT_BYTES = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
} as const;

/** Text sizes: a number and a unit — decimal `B`, `kB` (or `KB`), `MB`, `GB`, `TB`, binary `KiB`, `MiB`, `GiB`, `TiB`. */
export const BYTE_SIZE_TEXT = /^(\d+(?:\.\d+)?) ?(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;

/** Bytes of a text size (`"512MiB"` → 536870912, rounded to whole bytes), or undefined when it is not one. */
export function parseByteSize(text: string): number | undefined {
  const m = BYTE_SIZE_TEXT.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_BYTES[m[2] as keyof typeof UNIT_BYTES]);
}

/**
 * A config size: a whole number of bytes, or text such as `512MiB`, `2GB`, `64 KiB`
 * (decimal kB/MB/GB/TB are powers of 1000, binary KiB/MiB/GiB/TiB powers of 1024). Parses
 * to bytes, at least `min`.
 */
export function byteSizeSchema(min = 1) {
  return z
    .union(
      [
        z.number(),
        z.string().regex(BYTE_SIZE_TEXT, {
          error: (issue) => `must be a size such as 512MiB, 2GB or 65536 (units B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), not ${JSON.stringify(issue.input)}`,
        }),
      ],
      { error: 'must be a size: a number of bytes or text such as 512MiB, 2GB' },
    )
    .transform((value, ctx) => {
      const bytes = typeof value === 'number' ? value : (parseByteSize(value) ?? Number.NaN);
      if (!Number.isSafeInteger(bytes) || bytes < min) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number of bytes, at least ${min} (or text such as 512MiB)`, input: value });
        return z.NEVER;
      }
      return bytes;
    })
    .describe('size: bytes, or text such as 64KiB, 512MiB, 2GB');
}
