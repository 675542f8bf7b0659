import { MessageSecurityMode, SecurityPolicy } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OpcuaSourceConfigInput,
  type OpcuaSource,
  createOpcuaSource,
  listServerCertificates,
  rejectServerCertificate,
  trustServerCertificate,
} from '../src/index.js';
import { collectingSink, eventually, memoryLogger, stateRecorder } from './support/sinks.js';
import { TEST_NAMESPACE, type TestServer, makeUserCertificate, startTestServer, tempDir } from './support/test-server.js';

const PASSWORD = 's3cret-Passw0rd';
const signals = [
  { id: 'temp', nodeId: `nsu=${TEST_NAMESPACE};s=Temperature` },
  { id: 'state', nodeId: `nsu=${TEST_NAMESPACE};s=State` },
];

describe('OPC UA source security', () => {
  const dir = tempDir('security');
  let server: TestServer;
  const sources: OpcuaSource[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      pkiDir: `${dir.path}/server`,
      securityModes: [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss],
      users: { operator: PASSWORD },
      allowAnonymous: false,
    });
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await server.stop();
    dir.remove();
  });

  const start = async (name: string, overrides: Partial<OpcuaSourceConfigInput>) => {
    const sink = collectingSink();
    const logger = memoryLogger();
    const recorder = stateRecorder();
    const source = createOpcuaSource({
      config: {
        id: name,
        endpointUrl: server.endpointUrl,
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        user: { username: 'operator', password: PASSWORD },
        pkiDir: `${dir.path}/${name}`,
        publishingInterval: 100,
        samplingInterval: 0,
        backoff: { initialMs: 200, maxMs: 500 },
        ...overrides,
      },
      signals,
      sink,
      logger,
      onStateChange: recorder.onStateChange,
    });
    sources.push(source);
    await source.start();
    return { source, sink, logger, recorder };
  };

  it('refuses an unknown server certificate, lists it as rejected, and connects once it is trusted (SignAndEncrypt, username)', async () => {
    const pkiDir = `${dir.path}/trust-flow`;
    const { source, sink, logger, recorder } = await start('trust-flow', {});
    await eventually('refused', () => source.state === 'backoff');
    expect(source.error?.code).toBe('FAILED_PRECONDITION');
    expect(source.error?.message).toContain(`thumbprint ${server.thumbprint}`);
    expect(source.error?.message).toContain(`rongtong-agent trust accept ${server.thumbprint}`);
    expect(recorder.errors.at(-1)).toBe(source.error);
    expect(logger.records.some((r) => r.level === 'error' && r.msg?.includes('is not trusted'))).toBe(true);

    const listed = await listServerCertificates(pkiDir);
    expect(listed).toEqual([
      expect.objectContaining({ thumbprint: server.thumbprint, status: 'rejected', subject: expect.stringMatching(/CN=/) as unknown }),
    ]);
    expect(listed[0]!.validTo.getTime()).toBeGreaterThan(Date.now());

    // Still refused on the next attempts: nothing connects behind the operator's back.
    const failed = source.stats().failedAttempts;
    await eventually('another refused attempt', () => source.stats().failedAttempts > failed);
    expect(source.state).not.toBe('connected');
    expect(sink.samples).toEqual([]);

    const trusted = await trustServerCertificate(pkiDir, server.thumbprint.toUpperCase());
    expect(trusted).toMatchObject({ thumbprint: server.thumbprint, status: 'trusted' });
    expect((await listServerCertificates(pkiDir)).map((e) => e.status)).toEqual(['trusted']);
    await eventually('connected after trust accept', () => source.state === 'connected');
    await eventually('values', () => sink.of('temp').length >= 2 && sink.of('state').length >= 1);
    expect(sink.of('temp').at(-1)).toMatchObject({ quality: 'good' });
    expect(source.error).toBeUndefined();
    // The password never reaches the log.
    const logged = JSON.stringify(logger.records, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
    expect(logged).not.toContain(PASSWORD);
    await source.stop();

    // Rejected again: the next connection is refused.
    await rejectServerCertificate(pkiDir, server.thumbprint);
    expect((await listServerCertificates(pkiDir)).map((e) => e.status)).toEqual(['rejected']);
  });

  it('accepts a pinned server certificate on the first attempt, with each current policy', async () => {
    const pinned = server.thumbprint.toUpperCase().match(/../g)!.join(':');
    const cases = [
      ['Sign', 'Basic256Sha256'],
      ['SignAndEncrypt', 'Aes128_Sha256_RsaOaep'],
      ['SignAndEncrypt', 'Aes256_Sha256_RsaPss'],
    ] as const;
    for (const [securityMode, securityPolicy] of cases) {
      const name = `pinned-${securityPolicy}`;
      const { source, sink, recorder } = await start(name, { securityMode, securityPolicy, pinnedServerCertificates: [pinned] });
      await eventually(`${name} connected`, () => source.state === 'connected');
      expect(recorder.states).toEqual(['connecting', 'connected']);
      await eventually(`${name} values`, () => sink.of('temp').length >= 1);
      expect(await listServerCertificates(`${dir.path}/${name}`)).toEqual([expect.objectContaining({ thumbprint: server.thumbprint, status: 'trusted' })]);
      await source.stop();
    }
  });

  it('says UNAUTHENTICATED for a wrong password, without the password', async () => {
    const { source, logger } = await start('wrong-password', { user: { username: 'operator', password: 'wrong-one' }, pinnedServerCertificates: [server.thumbprint] });
    await eventually('refused', () => source.state === 'backoff');
    expect(source.error?.code).toBe('UNAUTHENTICATED');
    expect(source.error?.message).toMatch(/refused the user "operator": BadUserAccessDenied/);
    expect(JSON.stringify(logger.records)).not.toContain('wrong-one');
    await source.stop();
  });

  it('connects as a certificate user', async () => {
    const user = await makeUserCertificate(`${dir.path}/user-identity`);
    const { source, sink } = await start('x509-user', { user, pinnedServerCertificates: [server.thumbprint] });
    await eventually('connected', () => source.state === 'connected');
    await eventually('values', () => sink.of('temp').length >= 1);
    await source.stop();
    expect(() =>
      createOpcuaSource({
        config: { id: 'bad-key', endpointUrl: server.endpointUrl, pkiDir: dir.path, user: { certificate: user.certificate, privateKey: 'not a key' } },
        signals,
        sink: collectingSink(),
      }),
    ).toThrow(/user\.privateKey: is not a PEM private key/);
  });

  it('says UNIMPLEMENTED when the server offers no endpoint with the configured security', async () => {
    const { source } = await start('no-none-endpoint', { securityMode: 'None', securityPolicy: 'None' });
    await eventually('refused', () => source.state === 'backoff');
    expect(source.error?.code).toBe('UNIMPLEMENTED');
    expect(source.error?.message).toMatch(/offers no endpoint with None \/ None/);
    await source.stop();
  });
});
