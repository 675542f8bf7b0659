/**
 * `rongtong-platform evidence verify <file> [--public-key <hex|file>] [--json]` — checks an
 * evidence bundle (binary `rongtong.v1.EvidenceBundle`, as returned by `GetEvidence`)
 * offline. Exit codes: 0 valid, 1 invalid, 2 usage.
 */
import { type EvidenceVerifyResult, describeEvidenceResult, verifyEvidenceBundle } from '@rongtong/core';
import { evidenceBundleCodec } from '@rongtong/protocol';
import { UsageError, parseCliArgs } from '@rongtong/runtime';
import { existsSync, readFileSync } from 'node:fs';

const USAGE = 'usage: rongtong-platform evidence verify <file> [--public-key <hex|file>] [--json]';

/** A raw 32-byte key from 64 hex digits, or from a file holding the hex or the raw bytes. */
function readPublicKey(value: string): Uint8Array {
  const hex = /^[0-9a-fA-F]{64}$/;
  if (hex.test(value)) return new Uint8Array(Buffer.from(value, 'hex'));
  if (!existsSync(value)) throw new UsageError(`--public-key: neither 64 hex digits nor a readable file: ${value}\n${USAGE}`);
  const raw = readFileSync(value);
  const text = raw.toString('utf8').trim();
  if (hex.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  if (raw.length === 32) return new Uint8Array(raw);
  throw new UsageError(`--public-key: file ${value} holds neither 64 hex digits nor 32 raw bytes\n${USAGE}`);
}

function toJson(result: EvidenceVerifyResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Runs `evidence <subcommand> …`; returns the exit code. */
export function runEvidence(argv: string[], print: (line: string) => void): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new UsageError(sub === undefined ? USAGE : `unknown evidence command "${sub}"\n${USAGE}`);
  const args = parseCliArgs(rest, { 'public-key': 'string', json: 'boolean' }, 1);
  const file = args._[0];
  if (file === undefined) throw new UsageError(USAGE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const pinned = typeof args['public-key'] === 'string' ? readPublicKey(args['public-key']) : undefined;
  let result: EvidenceVerifyResult;
  try {
    const bundle = evidenceBundleCodec.decode(bytes);
    result = verifyEvidenceBundle(bundle, pinned === undefined ? {} : { pinnedPublicKey: pinned });
  } catch (err) {
    result = { ok: false, reason: 'MALFORMED', message: `not a rongtong.v1.EvidenceBundle: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (args.json === true) print(toJson(result));
  else {
    print(describeEvidenceResult(result));
    if (result.ok) {
      for (const c of result.chains) {
        print(`  agent ${c.agentId}: seq ${c.firstSeq}..${c.lastSeq} (${c.batches} batches), key ${c.publicKeyHex}${c.keyPinned ? ' (pinned)' : ' (from bundle)'}`);
      }
    }
  }
  return result.ok ? 0 : 1;
}
