import type { SignalSuggestion } from './discovery-result.js';
import { INTEGER_DATA_TYPES } from './standard-models.js';

interface Rule {
  readonly test: RegExp;
  /** Only for integer data types (counters, codes). */
  readonly integer?: boolean;
  readonly make: (name: string) => SignalSuggestion;
}

const jobCounter = (name: string): boolean => /job/i.test(name);
const counter = (semantic: SignalSuggestion['semantic'], what: string) => (name: string): SignalSuggestion => {
  const perJob = jobCounter(name);
  return {
    semantic,
    counter: perJob ? { monotonic: true, resetsOnJob: true } : { monotonic: true },
    reason: `name "${name}" reads as ${what}${perJob ? ' of the current job (restarts at 0 with each job)' : ''}; check it counts up`,
  };
};

/**
 * Name rules, first match wins: EUROMAP 77 / OPC 40083 job counters (`JobGoodPartsCounter`,
 * `JobBadPartsCounter`, `JobPartsCounter`, `JobCycleCounter`, `MachineCycleCounter`), EUROMAP
 * 83 `MachineMode`, and common vendor words (Status, State, Mode, Good, Scrap, Reject, Shot,
 * Cycle, Job, Order, Product, Mould, Program, Speed).
 */
const RULES: readonly Rule[] = [
  { test: /good/i, integer: true, make: counter('good_count', 'a count of good parts') },
  { test: /bad|scrap|reject|defect/i, integer: true, make: counter('bad_count', 'a count of scrap parts') },
  { test: /rework/i, integer: true, make: counter('rework_count', 'a count of parts sent to rework') },
  { test: /(cycle|shot|stroke)s?_?(counter|count|cnt)/i, integer: true, make: counter('cycle_count', 'a count of machine cycles') },
  { test: /(part|piece|produced|output|product)s?_?(counter|count|cnt)|total_?count/i, integer: true, make: counter('produced_count', 'a count of parts produced') },
  {
    test: /^(machine_?)?(status|state)(_?code)?$|^(run|operating)_?(status|state)$/i,
    make: (name) => ({ semantic: 'machine_state', reason: `name "${name}" reads as the machine state: add stateMappings from the vendor's values to ISO 22400 buckets` }),
  },
  {
    test: /mode$/i,
    make: (name) => ({ semantic: 'operation_mode', reason: `name "${name}" reads as an operation mode: add stateMappings for modes that decide a bucket (e.g. maintenance → pdot)` }),
  },
  { test: /^(job|order)_?(name|id|number|no|identifier)?$/i, make: (name) => ({ semantic: 'job', reason: `name "${name}" reads as the current job or order` }) },
  {
    test: /^(product|article|part|mould|mold|program|recipe)_?(name|id|number|no)?$/i,
    make: (name) => ({ semantic: 'product', reason: `name "${name}" reads as the current product (or its mould, program, recipe)` }),
  },
  { test: /speed|rate$/i, make: (name) => ({ semantic: 'speed', reason: `name "${name}" reads as a speed or rate: set its unit` }) },
];

/**
 * A guess of what a plain vendor variable means, from its BrowseName (and data type: counters
 * must be integers). Heuristic and cheap by design — names are matched, nothing is read — so
 * discovery only *suggests* it for an unrecognised object, as a commented config line; the
 * generated config never maps a variable on a guess.
 */
export function suggestFromName(name: string, dataType: string | undefined): SignalSuggestion | undefined {
  const integer = dataType !== undefined && INTEGER_DATA_TYPES.has(dataType);
  for (const rule of RULES) {
    if (rule.integer && !integer) continue;
    if (rule.test.test(name)) return rule.make(name);
  }
  return undefined;
}
