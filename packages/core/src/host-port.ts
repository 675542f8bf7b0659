import { z } from 'zod';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Host and port of a `host:port` text (IPv6 in brackets, returned without them), or undefined. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const m = HOST_PORT.exec(text);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65_535) return undefined;
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/** True for `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function hostPortSchema(allowPortZero: boolean, example: string) {
  return z
    .string({ error: `must be host:port, e.g. ${example}` })
    .refine(
      (text) => {
        const parsed = splitHostPort(text);
        return parsed !== undefined && (allowPortZero || parsed.port > 0);
      },
      { error: `must be host:port with a port ${allowPortZero ? '0' : '1'}–65535, e.g. ${example}` },
    );
}

/** An address to connect to: `host:port` (IPv6 as `[::1]:7600`), port 1–65535. */
export const HostPortSchema = hostPortSchema(false, 'platform.example.com:7600').describe('host:port to connect to');

/** An address to listen on: `host:port`, port 0–65535 (0 picks a free port). */
export const ListenAddressSchema = hostPortSchema(true, '127.0.0.1:9465').describe('host:port to listen on; port 0 picks a free one');
