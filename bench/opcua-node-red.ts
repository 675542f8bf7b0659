/**
 * Node-RED with node-red-contrib-opcua for the OPC UA benchmark: installed on demand with npm
 * into `<repo>/.tmp/node-red-bench/` (not a workspace dependency: it brings its own node-opcua),
 * started headless with a generated flow whose OPC UA Client node subscribes the given items and
 * whose function node counts (and checks) every value; `GET /count` reports the count.
 * Everything it writes — userDir, the contrib's PKI (env-paths: $XDG_CONFIG_HOME), HOME — lives
 * in a temporary directory.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MeasuredProcess, until } from './opcua-process.js';
import { freePort } from './measure.js';

const exec = promisify(execFile);

/** The command that installs it (exactly these specifiers). */
export const NODE_RED_PACKAGES = ['node-red@4', 'node-red-contrib-opcua@0.2.354'] as const;

/** Installed versions of Node-RED, the contrib and the node-opcua the contrib uses. */
export interface NodeRedInstall {
  readonly dir: string;
  readonly nodeRed: string;
  readonly contrib: string;
  readonly nodeOpcua: string;
}

const versionOf = (packageJson: string): string => (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;

/** Installs Node-RED and the contrib into `dir` unless already there; returns the versions. */
export async function ensureNodeRed(dir: string): Promise<NodeRedInstall> {
  const modules = join(dir, 'node_modules');
  if (!existsSync(join(modules, 'node-red', 'package.json')) || !existsSync(join(modules, 'node-red-contrib-opcua', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    console.log(`installing ${NODE_RED_PACKAGES.join(' ')} into ${dir} …`);
    await exec('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', ...NODE_RED_PACKAGES], { timeout: 600_000 });
  }
  const contribOpcua = join(modules, 'node-red-contrib-opcua', 'node_modules', 'node-opcua', 'package.json');
  return {
    dir,
    nodeRed: versionOf(join(modules, 'node-red', 'package.json')),
    contrib: versionOf(join(modules, 'node-red-contrib-opcua', 'package.json')),
    nodeOpcua: versionOf(existsSync(contribOpcua) ? contribOpcua : join(modules, 'node-opcua', 'package.json')),
  };
}


/** What the counting function node reports. */
export interface NodeRedCount {
  /** Values received from the OPC UA Client node. */
  readonly values: number;
  /** Distinct items that reported at least one value. */
  readonly items: number;
  /** Values whose number does not belong to the item (value mod count ≠ index). */
  readonly wrong: number;
  /** Messages that were not a value of a bulk item. */
  readonly other: number;
  /** Changes skipped between two values of an item (the value numbers each change): values lost. */
  readonly lost: number;
}

/** The flow: inject once → function (the item list, `topic: multiple`) → OPC UA Client (subscribe) → count; http GET /count. */
function flows(endpointUrl: string, nodeIds: readonly string[], count: number): unknown[] {
  const countFunc = `
if (msg.topic === 'subscriptionId') return null;
let c = flow.get('c');
if (!c) { c = { values: 0, wrong: 0, other: 0, lost: 0, items: 0, last: new Float64Array(${count}).fill(-1) }; flow.set('c', c); }
const m = /;s=bulk\\/(\\d+)$/.exec(String(msg.topic));
if (!m) { c.other++; return null; }
const i = Number(m[1]);
const v = msg.payload && msg.payload.value ? msg.payload.value.value : undefined;
c.values++;
if (typeof v !== 'number' || v % ${count} !== i) { c.wrong++; return null; }
const n = Math.floor(v / ${count});
const last = c.last[i];
if (last < 0) c.items++;
else if (n > last + 1) c.lost += n - last - 1;
if (n > last) c.last[i] = n;
return null;`;
  const reportFunc = `
const c = flow.get('c') || { values: 0, items: 0, wrong: 0, other: 0, lost: 0 };
msg.payload = { values: c.values, items: c.items, wrong: c.wrong, other: c.other, lost: c.lost };
return msg;`;
  return [
    { id: 'bench-tab', type: 'tab', label: 'opcua bench' },
    { id: 'bench-ep', type: 'OpcUa-Endpoint', endpoint: endpointUrl, secpol: 'None', secmode: 'None', none: true, login: false, usercert: false, name: 'simulator' },
    { id: 'bench-inject', type: 'inject', z: 'bench-tab', once: true, onceDelay: 0.5, repeat: '', topic: '', payload: '', payloadType: 'date', wires: [['bench-items']] },
    {
      id: 'bench-items',
      type: 'function',
      z: 'bench-tab',
      func: `msg.topic = 'multiple';\nmsg.payload = ${JSON.stringify(nodeIds)}.map((nodeId) => ({ nodeId }));\nreturn msg;`,
      outputs: 1,
      wires: [['bench-client']],
    },
    // time 0 ms: sampling interval 0 for the items, publishing interval 100 ms (the contrib's default when its time is 0).
    { id: 'bench-client', type: 'OpcUa-Client', z: 'bench-tab', endpoint: 'bench-ep', action: 'subscribe', time: 0, timeUnit: 'ms', certificate: 'n', name: 'bench', wires: [['bench-count'], [], []] },
    { id: 'bench-count', type: 'function', z: 'bench-tab', func: countFunc, outputs: 1, wires: [[]] },
    { id: 'bench-http', type: 'http in', z: 'bench-tab', url: '/count', method: 'get', wires: [['bench-report']] },
    { id: 'bench-report', type: 'function', z: 'bench-tab', func: reportFunc, outputs: 1, wires: [['bench-response']] },
    { id: 'bench-response', type: 'http response', z: 'bench-tab', statusCode: '', headers: {}, wires: [] },
  ];
}

/** Node-RED running the counting flow. */
export interface NodeRedRun {
  readonly process: MeasuredProcess;
  count(): Promise<NodeRedCount>;
}

/**
 * Starts Node-RED (plain `node red.js`, no editor, no admin API, telemetry off) in `workDir` with
 * the counting flow for `nodeIds` (the `itemCount` bulk variables) on `endpointUrl`; resolves once
 * it serves `GET /count`.
 */
export async function startNodeRed(install: NodeRedInstall, workDir: string, endpointUrl: string, nodeIds: readonly string[], itemCount: number): Promise<NodeRedRun> {
  const userDir = join(workDir, 'node-red');
  const home = join(workDir, 'home');
  mkdirSync(userDir, { recursive: true });
  mkdirSync(join(home, '.config'), { recursive: true });
  // Node-RED finds the contrib in <userDir>/node_modules.
  symlinkSync(join(install.dir, 'node_modules'), join(userDir, 'node_modules'), 'dir');
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows(endpointUrl, nodeIds, itemCount)));
  const port = await freePort();
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify({
      uiHost: '127.0.0.1',
      uiPort: port,
      userDir,
      flowFile: 'flows.json',
      credentialSecret: false,
      httpAdminRoot: false,
      disableEditor: true,
      telemetry: { enabled: false },
      logging: { console: { level: 'warn', metrics: false, audit: false } },
      functionGlobalContext: {},
    })};\n`,
  );
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NODE_RED_HOME: userDir };
  const redJs = join(install.dir, 'node_modules', 'node-red', 'red.js');
  const proc = new MeasuredProcess('node-red', process.execPath, [redJs, '--settings', join(userDir, 'settings.js'), '--userDir', userDir, 'flows.json'], { cwd: userDir, env });
  const count = async (): Promise<NodeRedCount> => {
    const res = await fetch(`http://127.0.0.1:${port}/count`);
    if (!res.ok) throw new Error(`GET /count: ${res.status}`);
    return (await res.json()) as NodeRedCount;
  };
  await until(
    'Node-RED serving GET /count',
    async () => {
      proc.assertRunning('starting');
      try {
        await count();
        return true;
      } catch {
        return false;
      }
    },
    60_000,
    200,
  );
  return { process: proc, count };
}
