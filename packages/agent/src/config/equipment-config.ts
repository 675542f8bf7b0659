import { CapabilitySchema, LocalIdSchema, PositiveQuantitySchema } from '@rongtong/core';
import { z } from 'zod';
import { StrictHierarchyPathSchema, StrictIdealUnitTimeSchema } from './core-strict.js';

const text = (what: string) => z.string().min(1, { error: 'must not be empty; leave it out instead' }).optional().describe(what);

/**
 * One `equipment[]` entry: a machine of the enterprise as the agent declares it to the
 * platform (DESIGN §4 Equipment, core `Equipment` without the fields the platform sets);
 * its signals are the `signals[]` entries that name it.
 */
export const EquipmentConfigSchema = z
  .object({
    id: LocalIdSchema.describe('equipment id, unique within the enterprise and stable over time, e.g. "lathe-3"'),
    name: z.string().min(1, { error: 'must not be empty' }).describe('display name, any language, e.g. "3号数控车床"'),
    class: text('equipment class: an OPC UA type browse name or taxonomy code, e.g. "cnc-lathe"'),
    path: StrictHierarchyPathSchema.default([]).describe('ISA-95 path above the equipment, outermost first: site, area, line, cell'),
    idealUnitTimes: z
      .array(StrictIdealUnitTimeSchema)
      .default([])
      .describe('ideal time per unit (PRU), ms, per product; the entry without productId is the default'),
    ratedCapacityPerHour: PositiveQuantitySchema.optional().describe('nominal output per hour of production time, e.g. { value: 120, unit: "" }'),
    capabilities: z
      .array(CapabilitySchema.strict())
      .default([])
      .describe('process segments or product classes this equipment counts towards'),
    shiftCalendarId: text("id of the platform's shift calendar; absent: 24/7"),
    manufacturer: text('manufacturer (OPC UA Machinery Identification/Manufacturer)'),
    model: text('model name'),
    serialNumber: text('serial number'),
  })
  .strict()
  .describe('a machine of the enterprise');

/** A parsed `equipment[]` entry (see {@link EquipmentConfigSchema}). */
export type EquipmentConfig = z.infer<typeof EquipmentConfigSchema>;
