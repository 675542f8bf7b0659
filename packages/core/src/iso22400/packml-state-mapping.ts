import type { StateMapping } from './state-mapping.js';
import type { TimeBucket } from './time-bucket.js';

/**
 * The 17 PackML states (ANSI/ISA-TR88.00.02; PackTags `Status.StateCurrent`) by NAME —
 * never by their enumeration number, which differs between PackTags and OPC UA models. In
 * OPC 30050 1.01 the state is the `CurrentState` of the innermost active of three nested
 * state machines (`BaseStateMachine`, `…/MachineState`, `…/MachineState/ExecuteState`).
 */
const PACKML_STATES: Readonly<Record<string, TimeBucket>> = Object.freeze({
  // Producing.
  Execute: 'apt',
  Completing: 'apt',
  // Run-up before production: preparation of the order at the unit (ISO AUST).
  Starting: 'aust',
  // Order still open, machine not producing: ISO ADET ("malfunction-caused interrupts, minor
  // stoppages and other unplanned time intervals ... while tasks are being completed").
  // Held = an internal cause (jam, refill, operator); Suspended = an external cause
  // (starved upstream / blocked downstream); Aborted = abnormal stop (fault, e-stop).
  Holding: 'adet',
  Held: 'adet',
  Unholding: 'adet',
  Suspending: 'adet',
  Suspended: 'adet',
  Unsuspending: 'adet',
  Aborting: 'adet',
  Aborted: 'adet',
  Clearing: 'adet',
  // Available, no order running.
  Idle: 'idle',
  Stopping: 'idle',
  Stopped: 'idle',
  Resetting: 'idle',
  Complete: 'idle',
});

/** In PackML `Maintenance` mode any state is maintenance time → planned down time. */
const PACKML_MODES: Readonly<Record<string, Readonly<Record<string, TimeBucket>>>> = Object.freeze(
  Object.fromEntries(
    Object.keys(PACKML_STATES).map((state) => [state, Object.freeze({ Maintenance: 'pdot' as const })]),
  ),
);

/**
 * PackML (ISA-TR88.00.02) state names to ISO 22400 time buckets. Rongtong's choice — no
 * standard publishes this table — made to agree with `MACHINERY_STATE_MAPPING`:
 *
 * | PackML state                                              | bucket |
 * |-----------------------------------------------------------|--------|
 * | Execute, Completing                                       | apt    |
 * | Starting                                                  | aust   |
 * | Holding, Held, Unholding, Suspending, Suspended,          | adet   |
 * | Unsuspending, Aborting, Aborted, Clearing                 |        |
 * | Idle, Stopping, Stopped, Resetting, Complete              | idle   |
 * | any state in mode `Maintenance`                           | pdot   |
 *
 * Sources: the Held (internal cause) vs Suspended (external cause) split follows the OMAC
 * "PackML Unit/Machine Implementation Guide" Part 1 §7 (based on ISA-TR88.00.02-2015);
 * ADET/ADOT semantics follow ISO 22400-2:2014 (see `TimeBucket`). `idle` is
 * ISO's ADOT ("not running with orders, although available"), kept separate so
 * dashboards can tell "waiting for work" from machine states that are ADOT by Annex C.
 * Anything not listed (including OPC UA spellings such as `Un-holding`) → `unknown`;
 * spread this object and add entries to override.
 */
export const PACKML_STATE_MAPPING: StateMapping = Object.freeze({
  name: 'packml-isa-tr88',
  states: PACKML_STATES,
  modes: PACKML_MODES,
});
