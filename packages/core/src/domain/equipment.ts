import { z } from 'zod';
import { CapabilitySchema } from './capability.js';
import { WHEN_FIELDS_VALID, checkUnique } from './checks.js';
import { HierarchyPathSchema } from './hierarchy-node.js';
import { IdealUnitTimeSchema } from './ideal-unit-time.js';
import { LocalIdSchema, ResourceIdSchema } from './identifier.js';
import { PositiveQuantitySchema } from './quantity.js';
import { SignalSchema } from './signal.js';
import { TimestampSchema } from './timestamp.js';

/** Optional descriptive text (class, manufacturer, model, serial number). */
const optionalText = z.string().optional();

/**
 * Equipment: one machine of an enterprise as declared by its agent, with its place in the
 * ISA-95 hierarchy, its nominal performance and its signals. Mirrors
 * `rongtong.v1.Equipment`. Fields the platform sets are optional (absent in declarations).
 *
 * Rules: path levels strictly increase; signal ids, ideal-unit-time products and
 * capabilities are unique.
 */
export const EquipmentSchema = z
  .object({
    /** Identifier chosen by the enterprise, unique within it and stable over time. */
    id: LocalIdSchema,
    /** Id of the owning enterprise. Set by the platform from the caller's credential. */
    enterpriseId: ResourceIdSchema.optional(),
    /** Display name, any language, e.g. "3号数控车床". */
    name: z.string(),
    /** ISA-95 path above the equipment, outermost first (site, area, line, cell); may be empty. */
    path: HierarchyPathSchema,
    /** Equipment class: an OPC UA type browse name or taxonomy code, e.g. "cnc-lathe". */
    equipmentClass: optionalText,
    /** Manufacturer (OPC UA Machinery Identification/Manufacturer). */
    manufacturer: optionalText,
    /** Model name (Identification/Model). */
    model: optionalText,
    /** Serial number (Identification/SerialNumber). */
    serialNumber: optionalText,
    /** Nominal output per hour of production time, positive; a plausibility bound. Absent: unknown. */
    ratedCapacityPerHour: PositiveQuantitySchema.optional(),
    /** Ideal time per unit per product (PRU); the entry without productId is the default. */
    idealUnitTimes: z.array(IdealUnitTimeSchema),
    /** Id of the platform's shift calendar for this equipment. Absent: 24/7. */
    shiftCalendarId: z.string().min(1, { error: 'must not be empty; leave it out for 24/7' }).optional(),
    /** Capabilities this equipment's capacity counts towards. Empty: enterprise-wide records only. */
    capabilities: z.array(CapabilitySchema),
    /** The signals read from this equipment; a declaration replaces the previous list. */
    signals: z.array(SignalSchema),
    /** Id of the agent that declared the equipment. Set by the platform. */
    agentId: ResourceIdSchema.optional(),
    /** When the equipment was first declared (ms since the epoch). Set by the platform. */
    createTime: TimestampSchema.optional(),
    /** When the declaration last changed (ms since the epoch). Set by the platform. */
    updateTime: TimestampSchema.optional(),
  })
  .superRefine((equipment, ctx) => {
    checkUnique(equipment.signals, (s) => s.id, ctx, ['signals'], ['id'], 'signal id');
    checkUnique(equipment.idealUnitTimes, (t) => t.productId ?? '', ctx, ['idealUnitTimes'], ['productId'], 'product id');
    checkUnique(equipment.capabilities, (c) => `${c.kind}:${c.id}`, ctx, ['capabilities'], ['id'], 'capability');
  }, WHEN_FIELDS_VALID)
  .describe('one machine of an enterprise, as declared by its agent');

/** One machine of an enterprise (see {@link EquipmentSchema}). */
export type Equipment = z.infer<typeof EquipmentSchema>;
