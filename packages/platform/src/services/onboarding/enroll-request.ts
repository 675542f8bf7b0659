import { ED25519_PUBLIC_KEY_BYTES, publicKeyFromRaw } from '@rongtong/core';
import type { EnrollRequest__Output } from '@rongtong/protocol';
import { z } from 'zod';
import { parseRequest } from '../validate.js';

/** Semantic version (semver.org 2.0.0), e.g. "0.3.1", "1.0.0-rc.1+build.5". */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The agent-describing fields of an EnrollRequest (the enrollment token is checked by the store). */
const EnrollFieldsSchema = z.object({
  publicKey: z.instanceof(Uint8Array).superRefine((key, ctx) => {
    if (key.length !== ED25519_PUBLIC_KEY_BYTES) {
      ctx.addIssue({ code: 'custom', message: `must be the raw ${ED25519_PUBLIC_KEY_BYTES}-byte Ed25519 public key, got ${key.length} bytes` });
      return;
    }
    try {
      publicKeyFromRaw(key);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid Ed25519 public key' });
    }
  }),
  agentName: z
    .string()
    .regex(/\S/, { error: 'must not be empty or blank' })
    .refine((name) => [...name].length <= 128, { error: 'must be at most 128 characters' }),
  hostname: z.string().max(255, { error: 'must be at most 255 characters' }),
  agentVersion: z.string().regex(SEMVER, { error: 'must be a semantic version, e.g. "0.3.1"' }),
});

/** The checked agent fields of an enrolment. */
export type EnrollFields = z.infer<typeof EnrollFieldsSchema>;

/** Checks the agent fields of an EnrollRequest; INVALID_ARGUMENT names each bad field (`public_key`, `agent_name`, …). */
export function enrollFieldsOf(request: EnrollRequest__Output): EnrollFields {
  const input = {
    publicKey: new Uint8Array(request.publicKey),
    agentName: request.agentName,
    hostname: request.hostname,
    agentVersion: request.agentVersion,
  };
  return parseRequest(EnrollFieldsSchema, input);
}
