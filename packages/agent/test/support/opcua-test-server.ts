import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy, StatusCodes, type UAVariable, Variant, crypto_utils } from 'node-opcua';
import type { SampleValue } from '../../src/sources/sample.js';

/** The namespace URI of the test machine's variables (addressed with `nsu=` in the tests). */
export const MACHINE_NAMESPACE = 'http://rongtong.test/agent-machine/';

/** The NodeId of a variable of the test machine, in the `nsu=` form. */
export const machineNode = (name: 'State' | 'Parts' | 'Temperature'): string => `nsu=${MACHINE_NAMESPACE};s=Machine.${name}`;

/** One value a variable took, with the source timestamp the server gave it. */
export interface ServerValue {
  readonly variable: 'State' | 'Parts' | 'Temperature';
  readonly time: number;
  readonly value: SampleValue;
}

/** Options of {@link startOpcuaTestServer}. */
export interface OpcuaTestServerOptions {
  /** Folder of the server's own PKI (its certificate; the clients it has seen). */
  readonly pkiDir: string;
  /** Offer only SignAndEncrypt with Basic256Sha256 (default: only None). */
  readonly secure?: boolean;
  /** How often the variables change, ms (default 100). */
  readonly periodMs?: number;
}

/** A running OPC UA server with one machine. */
export interface OpcuaTestServer {
  readonly endpointUrl: string;
  /** SHA-1 thumbprint of the server's application certificate (40 lowercase hex digits). */
  readonly thumbprint: string;
  /** Every value the variables took so far, in order. */
  readonly history: readonly ServerValue[];
  /** Stops the timer and the server (closing every connection). */
  stop(): Promise<void>;
}

/**
 * Starts a node-opcua server on 127.0.0.1 (a free port) with a folder `Machine` in
 * {@link MACHINE_NAMESPACE}: `State` (String cycling Executing, Executing, Stopped), `Parts`
 * (UInt32, +1 per tick) and `Temperature` (Double), changed together every `periodMs` with the
 * tick time as source timestamp, and recorded in `history`. It accepts any client
 * certificate and anonymous users.
 */
export async function startOpcuaTestServer(options: OpcuaTestServerOptions): Promise<OpcuaTestServer> {
  const manager = (name: string) =>
    new OPCUACertificateManager({ name, rootFolder: join(options.pkiDir, name), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
  const server = new OPCUAServer({
    port: 0,
    hostname: '127.0.0.1',
    host: '127.0.0.1',
    serverCertificateManager: manager('server'),
    userCertificateManager: manager('user'),
    securityModes: options.secure ? [MessageSecurityMode.SignAndEncrypt] : [MessageSecurityMode.None],
    securityPolicies: options.secure ? [SecurityPolicy.Basic256Sha256] : [SecurityPolicy.None],
    allowAnonymous: true,
    serverCapabilities: { minSupportedSampleRate: 0 },
    isAuditing: false,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace!;
  const namespace = addressSpace.registerNamespace(MACHINE_NAMESPACE);
  const machine = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Machine', nodeId: 's=Machine' });
  const variable = (name: string, dataType: string): UAVariable =>
    namespace.addVariable({ organizedBy: machine, browseName: name, nodeId: `s=Machine.${name}`, dataType, minimumSamplingInterval: 0 });
  const vars = { State: variable('State', 'String'), Parts: variable('Parts', 'UInt32'), Temperature: variable('Temperature', 'Double') };

  const history: ServerValue[] = [];
  let ticks = 0;
  const tick = () => {
    ticks += 1;
    const time = Date.now();
    const values = { State: ['Executing', 'Executing', 'Stopped'][ticks % 3]!, Parts: 1000 + ticks, Temperature: 20 + ticks / 8 };
    vars.State.setValueFromSource(new Variant({ dataType: DataType.String, value: values.State }), StatusCodes.Good, new Date(time));
    vars.Parts.setValueFromSource(new Variant({ dataType: DataType.UInt32, value: values.Parts }), StatusCodes.Good, new Date(time));
    vars.Temperature.setValueFromSource(new Variant({ dataType: DataType.Double, value: values.Temperature }), StatusCodes.Good, new Date(time));
    history.push({ variable: 'State', time, value: values.State });
    history.push({ variable: 'Parts', time, value: BigInt(values.Parts) });
    history.push({ variable: 'Temperature', time, value: values.Temperature });
  };
  tick();
  const timer = setInterval(tick, options.periodMs ?? 100);
  await server.start();
  const port = server.endpoints[0]!.port;
  const certificate = crypto_utils.convertPEMtoDER(readFileSync(join(options.pkiDir, 'server', 'own', 'certs', 'certificate.pem'), 'utf8'));
  let stopped: Promise<void> | undefined;
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    thumbprint: crypto_utils.makeSHA1Thumbprint(crypto_utils.split_der(certificate)[0]!).toString('hex'),
    history,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await server.shutdown(0);
      })();
      return stopped;
    },
  };
}
