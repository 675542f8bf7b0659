import { fromZodError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { OpcuaSourceConfigSchema, type OpcuaSourceConfigInput, effectiveSecurityPolicy } from './opcua-source-config.js';

const base: OpcuaSourceConfigInput = { id: 'lathe-3', endpointUrl: 'opc.tcp://192.168.1.20:4840', pkiDir: '/var/lib/rongtong/pki' };

/** The field paths and reasons of the errors of parsing `input`, [] when it is valid. */
function errors(input: unknown): string[] {
  const result = OpcuaSourceConfigSchema.safeParse(input);
  return result.success ? [] : fromZodError(result.error, 'opcua source config', 'INVALID_CONFIG').fieldViolations.map((v) => `${v.path}: ${v.reason}`);
}

describe('opcua source config', () => {
  it('fills secure defaults', () => {
    const config = OpcuaSourceConfigSchema.parse(base);
    expect(config).toEqual({
      ...base,
      securityMode: 'SignAndEncrypt',
      allowDeprecatedPolicies: false,
      user: { anonymous: true },
      pinnedServerCertificates: [],
      applicationName: 'Rongtong agent',
      samplingInterval: 250,
      publishingInterval: 1000,
      queueSize: 10,
      maxItemsPerSubscription: 1000,
      maxItemsPerCall: 1000,
      connectTimeoutMs: 15_000,
      requestTimeoutMs: 10_000,
      sessionTimeoutMs: 60_000,
      keepAliveIntervalMs: 5_000,
      backoff: {},
      maxQueuedSamples: 100_000,
    });
    expect(effectiveSecurityPolicy(config)).toBe('Basic256Sha256');
    expect(effectiveSecurityPolicy(OpcuaSourceConfigSchema.parse({ ...base, securityMode: 'None' }))).toBe('None');
  });

  it('accepts the current policies with every kind of user', () => {
    for (const securityPolicy of ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const) {
      expect(errors({ ...base, securityMode: 'Sign', securityPolicy })).toEqual([]);
      expect(errors({ ...base, securityMode: 'SignAndEncrypt', securityPolicy, user: { username: 'op', password: 'pw' } })).toEqual([]);
    }
    expect(errors({ ...base, user: { certificate: '-----BEGIN CERTIFICATE-----…', privateKey: new Uint8Array([1]) } })).toEqual([]);
    expect(errors({ ...base, kind: 'opcua', pinnedServerCertificates: ['AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01'] })).toEqual([]);
  });

  it('refuses deprecated policies unless allowed, naming the field', () => {
    expect(errors({ ...base, securityPolicy: 'Basic128Rsa15' })).toEqual([
      'securityPolicy: Basic128Rsa15 is deprecated (SHA-1, weak keys) and refused: use Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss, or set allowDeprecatedPolicies: true for a machine that offers nothing better',
    ]);
    expect(errors({ ...base, securityMode: 'Sign', securityPolicy: 'Basic256' })).toEqual([expect.stringMatching(/^securityPolicy: Basic256 is deprecated/)]);
    expect(errors({ ...base, securityPolicy: 'Basic256', allowDeprecatedPolicies: true })).toEqual([]);
    expect(errors({ ...base, securityPolicy: 'Basic192' })).toEqual([expect.stringMatching(/^securityPolicy: must be one of None, Basic256Sha256/)]);
  });

  it('keeps security mode and policy coherent', () => {
    expect(errors({ ...base, securityMode: 'None', securityPolicy: 'Basic256Sha256' })).toEqual([
      'securityPolicy: securityMode None goes with securityPolicy None, not Basic256Sha256',
    ]);
    expect(errors({ ...base, securityMode: 'SignAndEncrypt', securityPolicy: 'None' })).toEqual([
      'securityPolicy: securityMode SignAndEncrypt needs a security policy other than None, e.g. Basic256Sha256',
    ]);
    expect(errors({ ...base, securityMode: 'None', securityPolicy: 'None' })).toEqual([]);
  });

  it('wants exactly one kind of user, complete', () => {
    expect(errors({ ...base, user: {} })).toEqual(['user: must be { anonymous: true }, { username, password } or { certificate, privateKey }']);
    expect(errors({ ...base, user: { username: 'op' } })).toEqual(['user.password: a username needs a password']);
    expect(errors({ ...base, user: { password: 'x' } })).toEqual(['user.username: a password goes with a username']);
    expect(errors({ ...base, user: { certificate: 'pem' } })).toEqual(['user.privateKey: a user certificate needs its privateKey']);
    expect(errors({ ...base, user: { anonymous: true, username: 'op', password: 'pw' } })).toEqual(['user: give exactly one kind of user, not anonymous and username']);
    expect(errors({ ...base, user: { username: 'op', password: 'pw', token: 'x' } })).toEqual([expect.stringMatching(/^user: Unrecognized key/)]);
  });

  it('checks the endpoint, the thumbprints, the numbers and the backoff', () => {
    expect(errors({ ...base, endpointUrl: 'http://host:4840' })).toEqual(['endpointUrl: must be an opc.tcp:// URL such as opc.tcp://192.168.1.20:4840']);
    expect(errors({ ...base, endpointUrl: 'opc.tcp://op:pw@host:4840' })).toEqual(['endpointUrl: must not contain credentials: use user.username and user.password']);
    expect(errors({ ...base, pinnedServerCertificates: ['abc'] })).toEqual([expect.stringMatching(/^pinnedServerCertificates\.0: must be a SHA-1 certificate thumbprint/)]);
    expect(errors({ ...base, publishingInterval: 0, queueSize: 0 })).toEqual([
      'publishingInterval: must be at least 10 ms',
      expect.stringMatching(/^queueSize: /),
    ]);
    expect(errors({ ...base, backoff: { initialMs: 1000, maxMs: 10 } })).toEqual(['backoff.maxMs: must be a finite number ≥ initialMs']);
    expect(errors({ ...base, pkiDir: undefined })).toEqual([expect.stringMatching(/^pkiDir: /)]);
    expect(errors({ ...base, extra: 1 })).toEqual([expect.stringMatching(/Unrecognized key.*extra/)]);
  });
});
