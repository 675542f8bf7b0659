import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMqttJsonSource } from '../src/index.js';
import { collectingSink, eventually, stateRecorder } from './support/sinks.js';
import { type TestBroker, connectPublisherTls, startTestBroker } from './support/test-broker.js';
import { type TestCertificates, createTestCertificates } from './support/test-certificates.js';

let pki: TestCertificates;
let broker: TestBroker;
const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };

beforeAll(async () => {
  pki = createTestCertificates();
  // Mutual TLS: the broker requires a client certificate from the test CA.
  broker = await startTestBroker({ tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true } });
});

afterAll(async () => {
  await broker.close();
});

describe('MQTT JSON source over TLS (aedes, mqtts://)', () => {
  it('connects with the CA and a client certificate (mutual TLS, servername) and delivers', async () => {
    const sink = collectingSink();
    const source = createMqttJsonSource({
      config: {
        id: 'tls',
        url: broker.url,
        backoff: FAST,
        tls: { ca: pki.ca.cert, cert: Buffer.from(pki.client.cert), key: new TextEncoder().encode(pki.client.key), servername: 'localhost' },
      },
      signals: [{ id: 'secure/v', address: { kind: 'mqtt', topic: 'tls/v', jsonPath: '$.v' } }],
      sink,
    });
    try {
      await source.start();
      await eventually('connected over TLS', () => source.state === 'connected');
      const publisher = await connectPublisherTls(broker.url, pki);
      await publisher.publish('tls/v', { v: 7 });
      await publisher.close();
      await eventually('sample', () => sink.samples.length === 1);
      expect(sink.samples[0]).toMatchObject({ signalId: 'secure/v', value: 7 });
    } finally {
      await source.stop();
    }
  });

  it.each([
    ['a broker certificate from another CA', { ca: 'other', clientCert: true }, /: self-signed certificate in certificate chain \(SELF_SIGNED_CERT_IN_CHAIN\)$/],
    // TLS 1.3 checks the client certificate after the client's handshake ends: the broker's alert
    // usually arrives as such, but on a busy machine the reset of the socket may come first.
    ['no client certificate (the broker requires one)', { ca: 'test', clientCert: false }, /TLS: tlsv13 alert certificate required|ECONNRESET|EPIPE|closed/],
  ] as const)('refuses %s: backoff with an UNAVAILABLE error, never connected', async (_what, setup, message) => {
    const recorder = stateRecorder();
    const source = createMqttJsonSource({
      config: {
        id: 'tls-refused',
        url: broker.url,
        backoff: FAST,
        connectTimeoutMs: 2000,
        tls: {
          ca: setup.ca === 'other' ? pki.otherCa.cert : pki.ca.cert,
          ...(setup.clientCert ? { cert: pki.client.cert, key: pki.client.key } : {}),
        },
      },
      sink: collectingSink(),
      onStateChange: recorder.onStateChange,
    });
    try {
      await source.start();
      await eventually('two failed attempts', () => recorder.states.filter((s) => s === 'backoff').length >= 2);
      expect(recorder.states).not.toContain('connected');
      const error = recorder.errors.find((e) => e !== undefined);
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      expect(error?.message).toMatch(message);
    } finally {
      await source.stop();
    }
  });

  it('refuses TLS material it cannot load when the source is made, naming the field', () => {
    expect(() =>
      createMqttJsonSource({ config: { id: 'bad-key', url: broker.url, tls: { cert: pki.client.cert, key: 'not a key' } }, sink: collectingSink() }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', fieldViolations: [expect.objectContaining({ path: 'tls' })] }) as Error);
  });
});
