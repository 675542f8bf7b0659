import type { Spec } from '../domain/spec.js';

/** A closed numeric interval; open ends are ±Infinity. */
interface NumericInterval {
  readonly low: number;
  readonly high: number;
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const SINGLE = new RegExp(`^(${NUMBER})$`);
const RANGE = new RegExp(`^(${NUMBER})\\s*(?:-|~|～|–|—|至|到|\\.\\.)\\s*(${NUMBER})$`);
const TOLERANCE = new RegExp(`^(${NUMBER})\\s*(?:±|\\+/-)\\s*(${NUMBER})$`);
const AT_LEAST = new RegExp(`^(?:>=|≥|＞=|不小于|不低于)\\s*(${NUMBER})$`);
const AT_MOST = new RegExp(`^(?:<=|≤|＜=|不大于|不高于)\\s*(${NUMBER})$`);

/** Text normalised for comparison: NFKC (full-width → ASCII), trimmed, inner spaces collapsed, lower case. */
function normalise(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Reads a spec value as a numeric interval: `320` → [320, 320]; `300-350`, `300~350`,
 * `300至350` → [300, 350]; `320±0.5` → [319.5, 320.5]; `≥300` / `>=300` → [300, ∞);
 * `≤5` → (−∞, 5]. Anything else (units inside the text, words) is not numeric: `undefined`.
 */
export function parseNumericSpec(value: string): NumericInterval | undefined {
  const text = normalise(value);
  let m = SINGLE.exec(text);
  if (m) return { low: Number(m[1]), high: Number(m[1]) };
  m = RANGE.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return { low: Math.min(a, b), high: Math.max(a, b) };
  }
  m = TOLERANCE.exec(text);
  if (m) {
    const centre = Number(m[1]);
    const tol = Math.abs(Number(m[2]));
    return { low: centre - tol, high: centre + tol };
  }
  m = AT_LEAST.exec(text);
  if (m) return { low: Number(m[1]), high: Infinity };
  m = AT_MOST.exec(text);
  if (m) return { low: -Infinity, high: Number(m[1]) };
  return undefined;
}

/** How one demanded attribute is met by the supply item. */
export type SpecAttributeOutcome = 'equal' | 'in_range' | 'partial_range' | 'missing' | 'different';

/** One demanded attribute compared (see {@link specFit}). */
export interface SpecAttributeFit {
  /** Attribute name, as in the demand's spec. */
  readonly name: string;
  /** How it was met. */
  readonly outcome: SpecAttributeOutcome;
  /** Its value in [0, 1]: 1 equal / in range, 0.5 overlapping ranges, `missingValue` when missing, 0 different. */
  readonly value: number;
}

/** Result of {@link specFit}. */
export interface SpecFit {
  /** Mean of the attributes' values, in [0, 1]; 1 when the demand names no attributes. */
  readonly value: number;
  /** Each demanded attribute, in name order. */
  readonly attributes: readonly SpecAttributeFit[];
}

/** Value of two numeric intervals: 1 when one contains the other, 0.5 when they overlap, else 0. */
function intervalFit(demand: NumericInterval, supply: NumericInterval): 'in_range' | 'partial_range' | 'different' {
  const supplyWithin = supply.low >= demand.low && supply.high <= demand.high;
  const demandWithin = demand.low >= supply.low && demand.high <= supply.high;
  if (supplyWithin || demandWithin) return 'in_range';
  return supply.low <= demand.high && demand.low <= supply.high ? 'partial_range' : 'different';
}

const OUTCOME_VALUE: Readonly<Record<Exclude<SpecAttributeOutcome, 'missing'>, number>> = {
  equal: 1,
  in_range: 1,
  partial_range: 0.5,
  different: 0,
};

/**
 * Spec fit of a supply item to a demand: for every attribute the demand names, `equal`
 * when the texts match after normalisation (NFKC, trim, case), `in_range` when both read
 * as numbers or ranges and one contains the other (a supplier's "200-400" meets a demanded
 * "320"; a supplier's "320" meets a demanded "≥300"), `partial_range` when the ranges only
 * overlap, `missing` when the supply item lacks it (value `missingValue`, default 0.5 —
 * unknown, not wrong), else `different`. Attributes only the supplier names are ignored.
 */
export function specFit(demand: Spec, supply: Spec, missingValue = 0.5): SpecFit {
  const supplyByName = new Map(Object.entries(supply).map(([k, v]) => [normalise(k), v]));
  const names = Object.keys(demand).sort();
  const attributes = names.map((name): SpecAttributeFit => {
    const wanted = demand[name] ?? '';
    const offered = supplyByName.get(normalise(name));
    if (offered === undefined || normalise(offered) === '') return { name, outcome: 'missing', value: missingValue };
    if (normalise(offered) === normalise(wanted)) return { name, outcome: 'equal', value: 1 };
    const d = parseNumericSpec(wanted);
    const s = parseNumericSpec(offered);
    const outcome = d !== undefined && s !== undefined ? intervalFit(d, s) : 'different';
    return { name, outcome, value: OUTCOME_VALUE[outcome] };
  });
  const value = attributes.length === 0 ? 1 : attributes.reduce((sum, a) => sum + a.value, 0) / attributes.length;
  return { value, attributes };
}
