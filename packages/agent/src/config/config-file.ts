import { readFileSync } from 'node:fs';
import { RongtongError } from '@rongtong/core';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { AgentConfig } from './agent-config-schema.js';
import type { ConfigProblem } from './config-problem.js';
import { validateAgentConfig, type ConfigReport, type ValidateAgentConfigOptions } from './validate-agent-config.js';

/** Offset in the text of the deepest node along a dotted path (the key of a map entry, the start of a list item). */
function offsetOf(doc: Document, path: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  for (const segment of path === '' ? [] : path.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === segment);
      if (pair === undefined) break;
      offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      offset = (item as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/**
 * Validates the text of an agent config, YAML or JSON (JSON is YAML). Syntax errors are
 * reported with their line and column; every field problem gets the line of its field (or of
 * the nearest enclosing one that exists), and problems are listed in file order.
 */
export function validateAgentConfigText(text: string, options: ValidateAgentConfigOptions = {}): ConfigReport {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { path: '', reason: `YAML syntax: ${e.message}`, line, column: col };
    });
    return { config: undefined, errors, warnings: [] };
  }
  const report = validateAgentConfig(doc.toJS({ maxAliasCount: 100 }), options);
  const place = (problems: readonly ConfigProblem[]): ConfigProblem[] =>
    problems
      .map((p) => {
        const offset = offsetOf(doc, p.path);
        if (offset === undefined) return p;
        const { line, col } = lineCounter.linePos(offset);
        return { ...p, line, column: col };
      })
      .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return { config: report.config, errors: place(report.errors), warnings: place(report.warnings) };
}

/** Reads and validates a config file; a file that cannot be read is one error at the root. */
export function validateAgentConfigFile(path: string, options: ValidateAgentConfigOptions = {}): ConfigReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { config: undefined, errors: [{ path: '', reason: `cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}` }], warnings: [] };
  }
  return validateAgentConfigText(text, options);
}

/**
 * Reads and validates a config file for running the agent: returns the parsed config and
 * its warnings, or throws INVALID_CONFIG whose field violations name every bad field.
 */
export function loadAgentConfig(path: string, options: ValidateAgentConfigOptions = {}): { config: AgentConfig; warnings: readonly ConfigProblem[] } {
  const report = validateAgentConfigFile(path, options);
  if (report.config === undefined) {
    const summary = report.errors.map((e) => `${e.path || '(root)'}: ${e.reason}`).join('; ');
    throw new RongtongError('INVALID_CONFIG', `invalid agent config ${path}: ${summary}`, {
      fieldViolations: report.errors.map((e) => ({ path: e.path, reason: e.reason })),
    });
  }
  return { config: report.config, warnings: report.warnings };
}
