import { type UPayload, newClient } from 'sparkplug-client';

/** The Eclipse Tahu edge node client (`sparkplug-client` npm package). */
export type TahuClient = ReturnType<typeof newClient>;

/** Options of {@link startTahuEdgeNode}. */
export interface TahuEdgeNodeOptions {
  readonly url: string;
  readonly groupId: string;
  readonly edgeNodeId: string;
  readonly clientId: string;
  /** Publish NDEATH on `stop()` (else only the Will tells the host). */
  readonly publishDeath: boolean;
  /** The NBIRTH payload, built fresh for each birth (Tahu appends bdSeq to it). */
  readonly nodeBirth: () => UPayload;
  /** DBIRTH payloads by device id, built fresh for each birth. */
  readonly deviceBirths: Readonly<Record<string, () => UPayload>>;
}

/**
 * A Tahu edge node that behaves as Tahu's own examples do: on each `birth` event (every
 * CONNACK) it publishes its NBIRTH then its DBIRTHs; on an NCMD with `Node Control/Rebirth` =
 * true it publishes them again. It counts what it did.
 */
export interface TahuEdgeNode {
  readonly client: TahuClient;
  /** NBIRTHs published (one per connection and per rebirth). */
  readonly births: number;
  /** NCMD payloads received. */
  readonly commands: UPayload[];
  /** NCMDs with `Node Control/Rebirth` = true received. */
  readonly rebirthRequests: number;
  /** Connection errors Tahu emitted. */
  readonly errors: Error[];
  /** Ends the client (with NDEATH when `publishDeath`) and waits until its socket is closed. */
  stop(): Promise<void>;
}

/** Starts a Tahu edge node; resolves after its first births are published. */
export async function startTahuEdgeNode(options: TahuEdgeNodeOptions): Promise<TahuEdgeNode> {
  // Tahu requires username and password even for a broker without authentication.
  const client = newClient({
    serverUrl: options.url,
    username: '',
    password: '',
    groupId: options.groupId,
    edgeNode: options.edgeNodeId,
    clientId: options.clientId,
    publishDeath: options.publishDeath,
    mqttOptions: { reconnectPeriod: 100 },
  });
  let births = 0;
  let rebirthRequests = 0;
  const commands: UPayload[] = [];
  const errors: Error[] = [];
  const publishBirths = () => {
    client.publishNodeBirth(options.nodeBirth());
    for (const [deviceId, payload] of Object.entries(options.deviceBirths)) client.publishDeviceBirth(deviceId, payload());
    births += 1;
  };
  client.on('error', (err) => errors.push(err));
  client.on('ncmd', (payload) => {
    commands.push(payload);
    if (payload.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) {
      rebirthRequests += 1;
      publishBirths();
    }
  });
  const firstBirth = new Promise<void>((resolve) => {
    client.on('birth', () => {
      publishBirths();
      resolve();
    });
  });
  await firstBirth;
  return {
    client,
    get births() {
      return births;
    },
    commands,
    get rebirthRequests() {
      return rebirthRequests;
    },
    errors,
    async stop() {
      const inner = (client as unknown as { client: { connected: boolean; once(event: 'end', cb: () => void): void } }).client;
      const ended = new Promise<void>((resolve) => inner.once('end', () => resolve()));
      client.stop();
      await ended;
    },
  };
}
