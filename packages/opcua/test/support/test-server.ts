import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  LocalizedText,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  type UAVariable,
  Variant,
  VariantArrayType,
  crypto_utils,
  setWarningLogger,
} from 'node-opcua';

// node-opcua warns on the console about every refused certificate (with its whole DER) and
// more: the tests check what the source reports instead.
setWarningLogger(() => undefined);

/** The namespace URI of the test variables (addressed with `nsu=` in the tests). */
export const TEST_NAMESPACE = 'http://rongtong.test/machine/';

/** Source timestamp of the `Fixed` variable, which never changes. */
export const FIXED_TIME = Date.parse('2020-01-01T00:00:00.000Z');

/** A temporary folder, removed by `remove()`. */
export function tempDir(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `rongtong-opcua-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** PKI folder of the server (its own certificate, trusted clients); reuse it to restart with the same certificate. */
  readonly pkiDir: string;
  /** Security modes offered (default: None only). */
  readonly securityModes?: MessageSecurityMode[];
  /** Security policies offered (default: None only). */
  readonly securityPolicies?: SecurityPolicy[];
  /** Users (name → password); anonymous is allowed unless `allowAnonymous` is false. */
  readonly users?: Readonly<Record<string, string>>;
  readonly allowAnonymous?: boolean;
  /** Server limits to announce and enforce. */
  readonly maxMonitoredItemsPerCall?: number;
  readonly maxSubscriptionsPerSession?: number;
  /** Extra `Item<i>` Double variables (for the many-items tests), changed every `bulkPeriodMs`. */
  readonly bulkItems?: number;
  readonly bulkPeriodMs?: number;
  /** How often the machine variables change (default 100 ms). */
  readonly periodMs?: number;
}

/** A running test server. */
export interface TestServer {
  readonly endpointUrl: string;
  readonly port: number;
  /** SHA-1 thumbprint of the server's application certificate. */
  readonly thumbprint: string;
  /** How many times the machine variables changed. */
  readonly ticks: () => number;
  /** Changes of the bulk items so far. */
  readonly bulkTicks: () => number;
  /** Stops the server (closing every connection). */
  stop(): Promise<void>;
}

/**
 * Starts an OPC UA server on 127.0.0.1 with a folder `Machine` in {@link TEST_NAMESPACE}:
 * `Counter` (UInt64, +1 per tick), `Count32` (Int32), `Temperature` (Double), `Running`
 * (Boolean), `State` (String cycling Executing/Idle/Stopped), `Label` (LocalizedText), `Raw`
 * (ByteString), `Vector` (Double array), `When` (DateTime), `Failing` (Double, status
 * BadSensorFailure), `Doubtful` (Double, UncertainLastUsableValue) — all with the tick time
 * as source timestamp — `Fixed` (String "constant" since {@link FIXED_TIME}) and optionally
 * `Item0…` Doubles.
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const manager = (name: string) =>
    new OPCUACertificateManager({ name, rootFolder: join(options.pkiDir, name), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
  const users = options.users ?? {};
  const server = new OPCUAServer({
    port: options.port ?? 0,
    hostname: '127.0.0.1',
    host: '127.0.0.1',
    serverCertificateManager: manager('server'),
    userCertificateManager: manager('user'),
    securityModes: options.securityModes ?? [MessageSecurityMode.None],
    securityPolicies: options.securityPolicies ?? [SecurityPolicy.None],
    allowAnonymous: options.allowAnonymous ?? true,
    userManager: { isValidUser: (name: string, password: string) => users[name] === password },
    serverCapabilities: {
      minSupportedSampleRate: 0,
      ...(options.maxSubscriptionsPerSession === undefined ? {} : { maxSubscriptionsPerSession: options.maxSubscriptionsPerSession }),
      operationLimits: { ...(options.maxMonitoredItemsPerCall === undefined ? {} : { maxMonitoredItemsPerCall: options.maxMonitoredItemsPerCall }) },
    },
    isAuditing: false,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace!;
  const namespace = addressSpace.registerNamespace(TEST_NAMESPACE);
  const machine = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Machine', nodeId: 's=Machine' });
  const variable = (name: string, dataType: string, valueRank = -1): UAVariable =>
    namespace.addVariable({ componentOf: undefined, organizedBy: machine, browseName: name, nodeId: `s=${name}`, dataType, valueRank, minimumSamplingInterval: 0 });
  const vars = {
    counter: variable('Counter', 'UInt64'),
    count32: variable('Count32', 'Int32'),
    temperature: variable('Temperature', 'Double'),
    running: variable('Running', 'Boolean'),
    state: variable('State', 'String'),
    label: variable('Label', 'LocalizedText'),
    raw: variable('Raw', 'ByteString'),
    vector: variable('Vector', 'Double', 1),
    when: variable('When', 'DateTime'),
    failing: variable('Failing', 'Double'),
    doubtful: variable('Doubtful', 'Double'),
    fixed: variable('Fixed', 'String'),
  };
  const bulk: UAVariable[] = [];
  for (let i = 0; i < (options.bulkItems ?? 0); i += 1) bulk.push(variable(`Item${i}`, 'Double'));

  const scalar = (dataType: DataType, value: unknown) => new Variant({ dataType, arrayType: VariantArrayType.Scalar, value });
  let ticks = 0;
  const tick = () => {
    ticks += 1;
    const t = new Date();
    const set = (v: UAVariable, value: Variant, statusCode = StatusCodes.Good) => v.setValueFromSource(value, statusCode, t);
    set(vars.counter, scalar(DataType.UInt64, [1, ticks])); // 2^32 + ticks: beyond Number's 32-bit range
    set(vars.count32, scalar(DataType.Int32, -ticks));
    set(vars.temperature, scalar(DataType.Double, 20 + ticks / 10));
    set(vars.running, scalar(DataType.Boolean, ticks % 2 === 0));
    set(vars.state, scalar(DataType.String, ['Executing', 'Idle', 'Stopped'][ticks % 3]));
    set(vars.label, scalar(DataType.LocalizedText, new LocalizedText({ text: `tick ${ticks}`, locale: 'en' })));
    set(vars.raw, scalar(DataType.ByteString, Buffer.from([ticks & 0xff, 1, 2])));
    set(vars.vector, new Variant({ dataType: DataType.Double, arrayType: VariantArrayType.Array, value: [ticks, ticks + 1] }));
    set(vars.when, scalar(DataType.DateTime, t));
    set(vars.failing, scalar(DataType.Double, 0), StatusCodes.BadSensorFailure);
    set(vars.doubtful, scalar(DataType.Double, ticks), StatusCodes.UncertainLastUsableValue);
  };
  tick();
  vars.fixed.setValueFromSource(scalar(DataType.String, 'constant'), StatusCodes.Good, new Date(FIXED_TIME));
  let bulkTicks = 0;
  const bulkTick = () => {
    bulkTicks += 1;
    const t = new Date();
    bulk.forEach((v, i) => v.setValueFromSource(scalar(DataType.Double, bulkTicks * 100_000 + i), StatusCodes.Good, t));
  };
  if (bulk.length > 0) bulkTick();
  const timer = setInterval(tick, options.periodMs ?? 100);
  const bulkTimer = bulk.length > 0 ? setInterval(bulkTick, options.bulkPeriodMs ?? 1000) : undefined;
  await server.start();
  const port = server.endpoints[0]!.port;
  const certificate = crypto_utils.convertPEMtoDER(readFileSync(join(options.pkiDir, 'server', 'own', 'certs', 'certificate.pem'), 'utf8'));
  let stopped: Promise<void> | undefined;
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    port,
    thumbprint: crypto_utils.makeSHA1Thumbprint(crypto_utils.split_der(certificate)[0]!).toString('hex'),
    ticks: () => ticks,
    bulkTicks: () => bulkTicks,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        clearInterval(bulkTimer);
        await server.shutdown(0);
      })();
      return stopped;
    },
  };
}

/** A self-signed X.509 user certificate and its key, PEM, made in `folder`. */
export async function makeUserCertificate(folder: string): Promise<{ certificate: string; privateKey: string }> {
  const manager = new OPCUACertificateManager({ rootFolder: folder, disableFileWatchers: true });
  await manager.initialize();
  const outputFile = join(folder, 'user.pem');
  await manager.createSelfSignedCertificate({
    applicationUri: 'urn:rongtong:test-user',
    subject: '/CN=rongtong-test-user/O=Rongtong',
    dns: [],
    startDate: new Date(),
    validity: 30,
    outputFile,
  });
  const privateKey = readFileSync(manager.privateKey, 'utf8');
  await manager.dispose();
  return { certificate: readFileSync(outputFile, 'utf8'), privateKey };
}
