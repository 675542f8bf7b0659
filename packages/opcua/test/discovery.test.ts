import { createServer } from 'node:net';
import { isRongtongError } from '@rongtong/core';
import { MessageSecurityMode, SecurityPolicy } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverOpcuaMachines, discoveryToAgentConfig } from '../src/index.js';
import { memoryLogger } from './support/sinks.js';
import { TEST_NAMESPACE, type TestServer, startTestServer, tempDir } from './support/test-server.js';

const PASSWORD = 'disc0very-Passw0rd';

/** The error a promise rejects with. */
const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('discoverOpcuaMachines on a server without companion models', () => {
  const dir = tempDir('discovery');
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      pkiDir: `${dir.path}/server`,
      securityModes: [MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.Basic256Sha256],
      users: { operator: PASSWORD },
      allowAnonymous: false,
    });
  });

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('connects as the source does (pinned certificate, user) and lists plain variables as unrecognised', async () => {
    const logger = memoryLogger();
    const result = await discoverOpcuaMachines({
      endpointUrl: server.endpointUrl,
      user: { username: 'operator', password: PASSWORD },
      pkiDir: `${dir.path}/client`,
      pinnedServerCertificates: [server.thumbprint],
      logger,
    });
    expect(result.machines).toEqual([]);
    expect(result.connection).toEqual({
      endpointUrl: server.endpointUrl,
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      user: { kind: 'username', username: 'operator' },
    });
    expect(result.unrecognised.map((u) => [u.id, u.nodeId, u.typeDefinitionName])).toEqual([['Machine', `nsu=${TEST_NAMESPACE};s=Machine`, 'FolderType']]);
    const variables = Object.fromEntries(result.unrecognised[0]!.variables.map((v) => [v.name, [v.dataType, v.suggestion?.semantic]]));
    expect(variables).toMatchObject({
      Counter: ['UInt64', undefined],
      State: ['String', 'machine_state'],
      Vector: ['Double[]', undefined],
      Label: ['LocalizedText', undefined],
    });
    expect(logger.records.map((r) => r.msg)).toEqual(['OPC UA discovery started', 'pinned server certificate accepted (now in trusted/)', 'OPC UA discovery done']);
    expect(JSON.stringify(logger.records)).not.toContain(PASSWORD);
    const { yaml } = discoveryToAgentConfig(result, { sourceId: 'test' });
    expect(yaml).toContain('# user: { username: operator, password: { env: RONGTONG_OPCUA_PASSWORD } }');
    expect(yaml).not.toContain(PASSWORD);
  });

  it('reports refused credentials and a missing endpoint as the source does', async () => {
    const base = { endpointUrl: server.endpointUrl, pkiDir: `${dir.path}/client`, pinnedServerCertificates: [server.thumbprint] };
    const wrong = await rejection(discoverOpcuaMachines({ ...base, user: { username: 'operator', password: 'wrong' } }));
    expect(isRongtongError(wrong) && wrong.code).toBe('UNAUTHENTICATED');
    const noSign = await rejection(discoverOpcuaMachines({ ...base, securityMode: 'None', user: { username: 'operator', password: PASSWORD } }));
    expect(isRongtongError(noSign) && noSign.code).toBe('UNIMPLEMENTED');
  });
});

describe('discoverOpcuaMachines errors', () => {
  const dir = tempDir('discovery-errors');
  afterAll(() => dir.remove());

  it('refuses bad options with INVALID_CONFIG naming the field', async () => {
    const err = await rejection(discoverOpcuaMachines({ endpointUrl: 'http://plant:4840', pkiDir: dir.path, maxNodes: 0 }));
    expect(isRongtongError(err) && err.code).toBe('INVALID_CONFIG');
    expect(isRongtongError(err) && err.fieldViolations.map((v) => v.path).sort()).toEqual(['endpointUrl', 'maxNodes']);
    const deprecated = await rejection(discoverOpcuaMachines({ endpointUrl: 'opc.tcp://plant:4840', pkiDir: dir.path, securityPolicy: 'Basic256' }));
    expect(isRongtongError(deprecated) && deprecated.fieldViolations[0]?.path).toBe('securityPolicy');
  });

  it('is CANCELLED by an aborted signal', async () => {
    const err = await rejection(discoverOpcuaMachines({ endpointUrl: 'opc.tcp://127.0.0.1:1', pkiDir: dir.path, signal: AbortSignal.abort() }));
    expect(isRongtongError(err) && err.code).toBe('CANCELLED');
  });

  it('is UNAVAILABLE when nothing answers', async () => {
    // A port that was free a moment ago: connection refused.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await rejection(discoverOpcuaMachines({ endpointUrl: `opc.tcp://127.0.0.1:${port}`, securityMode: 'None', pkiDir: dir.path, connectTimeoutMs: 3_000 }));
    expect(isRongtongError(err) && err.code).toBe('UNAVAILABLE');
  });
});
