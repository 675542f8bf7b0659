import { batchRecord, enrollInput, enrollmentTokenRecord, enterpriseRecord, equipmentRecord, feedEvent, tenantRecord } from '@rongtong/testkit';
import { feedEventCodec } from '@rongtong/protocol';
import pino from 'pino';
import { createAuthenticator } from '../../auth/authenticator.js';
import { createInProcessBus } from '../../bus/in-process-bus.js';
import { DEFAULT_LIMITS, type PlatformContext } from '../../context.js';
import { createPlatformEvents } from '../../platform-events.js';
import type { CountFact, StateFact } from '../../store/capacity-records.js';
import type { EquipmentRecord, FeedEventKind } from '../../store/records.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-03-02 00:00 +08:00. */
export const MONDAY = Date.UTC(2026, 2, 1, 16);
/** `MONDAY + day days + hour hours`. */
export const at = (day: number, hour: number): number => MONDAY + day * DAY + hour * HOUR;

export const TENANT = 'tenant-a';
export const ENTERPRISE = 'ent-1';
export const AGENT = 'agt-1';

/** A context over a real in-memory SQLite store, with a clock the test moves. */
export interface EngineFixture {
  ctx: PlatformContext;
  store: Store;
  clock: { now: number };
  /** Commits the next batch of agt-1 carrying `facts`; returns its seq. */
  commit(facts: Array<Omit<StateFact, 'tenantId' | 'enterpriseId' | 'agentId' | 'seq'> | Omit<CountFact, 'tenantId' | 'enterpriseId' | 'agentId' | 'seq'>>): Promise<bigint>;
  /** Feed events of a kind, decoded, in order. */
  events(kind: FeedEventKind): Promise<ReturnType<typeof feedEventCodec.decode>[]>;
}

/** A fixture with tenant-a / ent-1, agent agt-1 and the given equipment declared. */
export async function engineFixture(equipment: EquipmentRecord[]): Promise<EngineFixture> {
  const store = createSqliteStore({ path: ':memory:' });
  await store.createTenant(tenantRecord(TENANT));
  await store.createEnterprise(enterpriseRecord(TENANT, ENTERPRISE, 1), feedEvent(TENANT, 'enterprise_changed'));
  await store.createToken(enrollmentTokenRecord(TENANT, ENTERPRISE, 'enr-1'));
  const enrolled = await store.enrollAgent(enrollInput('enr-1', AGENT));
  if (!enrolled.ok) throw new Error(`enrollment failed: ${enrolled.reason}`);
  await store.upsertEquipment(equipment, []);
  const clock = { now: at(1, 1) };
  const ctx: PlatformContext = {
    store,
    bus: createInProcessBus(),
    auth: createAuthenticator({ store }),
    logger: pino({ level: 'silent' }),
    limits: DEFAULT_LIMITS,
    events: createPlatformEvents(),
    now: () => clock.now,
  };
  let seq = 0n;
  return {
    ctx,
    store,
    clock,
    async commit(facts) {
      seq += 1n;
      const source = { tenantId: TENANT, enterpriseId: ENTERPRISE, agentId: AGENT, seq };
      const result = await store.commitBatch({
        batch: batchRecord(TENANT, AGENT, seq),
        events: [],
        facts: facts.map((f) => ({ ...source, ...f })),
      });
      if (result.status !== 'committed') throw new Error(`batch ${seq} not committed: ${result.status}`);
      return seq;
    },
    async events(kind) {
      const records = await store.readEvents({ tenantId: TENANT, after: 0n, limit: 10_000, kinds: [kind] });
      return records.map((r) => feedEventCodec.decode(r.body));
    },
  };
}

/** Equipment of ent-1 with a default ideal unit time, a calendar id and capabilities. */
export function machine(id: string, idealUnitTime: number, overrides: Partial<EquipmentRecord> = {}): EquipmentRecord {
  return equipmentRecord(TENANT, ENTERPRISE, id, { idealUnitTimes: [{ idealUnitTime }], ratedCapacityPerHour: undefined, signals: [], ...overrides });
}

/** A state fact (without source) `[from, to)` in hours of `day`. */
export function state(equipmentId: string, day: number, from: number, to: number, bucket: StateFact['bucket'], rawState = 'Executing'): Omit<StateFact, 'tenantId' | 'enterpriseId' | 'agentId' | 'seq'> {
  return { kind: 'state', equipmentId, startTime: at(day, from), endTime: at(day, to), rawState, bucket, quality: 'good' };
}

/** A count fact (without source) `[from, to)` in hours of `day`. */
export function count(
  equipmentId: string,
  day: number,
  from: number,
  to: number,
  produced: number,
  good: number,
  scrap: number,
): Omit<CountFact, 'tenantId' | 'enterpriseId' | 'agentId' | 'seq'> {
  return {
    kind: 'count',
    equipmentId,
    startTime: at(day, from),
    endTime: at(day, to),
    producedQuantity: produced,
    goodQuantity: good,
    scrapQuantity: scrap,
    reworkQuantity: 0,
    unit: '',
    resetsDetected: 0,
    wrapsDetected: 0,
    quality: 'good',
  };
}
