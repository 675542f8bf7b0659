import { issuePath } from '@rongtong/core';
import type { z } from 'zod';

/** One error or warning about a config: a `FieldViolation` with, when known, where it is in the file. */
export interface ConfigProblem {
  /** Dotted field path, e.g. `uplinks.0.platform`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, for a person. Never contains a secret. */
  readonly reason: string;
  /** 1-based line in the config file, when the problem was found in a file. */
  readonly line?: number;
  /** 1-based column in the config file. */
  readonly column?: number;
}

/**
 * The problems of a zod error, one per field: an unknown key becomes a problem at its own
 * path (`sources.0.rat: unknown field`), a missing field says `required`, and duplicates are
 * dropped. Needs issues parsed with `reportInput: true` to tell missing fields apart.
 */
export function problemsFromZod(error: z.ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const push = (path: string, reason: string) => {
    const key = `${path}\u0000${reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ path, reason });
    }
  };
  for (const issue of error.issues) {
    const path = issuePath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push(path ? `${path}.${key}` : key, 'unknown field');
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      push(path, `required (${issue.expected})`);
    } else if (issue.code === 'invalid_value' && issue.input === undefined) {
      push(path, `required: one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    } else {
      push(path, issue.message);
    }
  }
  return problems;
}

/** `path: reason`, with `(root)` for the whole file: the line format of `rongtong-agent validate`. */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.path || '(root)'}: ${problem.reason}${problem.line === undefined ? '' : ` (line ${problem.line})`}`;
}
