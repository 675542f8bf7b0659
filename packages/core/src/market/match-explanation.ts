import type { FactorContribution } from '../domain/factor-contribution.js';
import type { MatchConstraintFailure } from './hard-constraints.js';

/** A number with `digits` decimals, for explanations. */
function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** One factor as "code 权重 w × 值 v = c（detail）". */
function factorText(f: FactorContribution): string {
  const detail = f.detail === undefined || f.detail === '' ? '' : `（${f.detail}）`;
  return `${f.factor} 权重 ${fixed(f.weight, 3)} × 值 ${fixed(f.value, 3)} = ${fixed(f.contribution, 3)}${detail}`;
}

/**
 * The explanation of one ranked or excluded candidate, in Chinese with the numbers and
 * the English factor and constraint codes: the rank and score (or the failed constraints
 * and "score 0"), then every factor with weight × value = contribution and its detail.
 */
export function explainMatch(
  rank: number | undefined,
  score: number,
  factors: readonly FactorContribution[],
  failures: readonly MatchConstraintFailure[],
): string {
  const factorsText = factors.map(factorText).join('；');
  if (failures.length > 0) {
    const failed = failures.map((f) => `${f.constraint}（${f.field}）：${f.reason}`).join('；');
    return `未通过硬性条件，不参与排名，得分按 0 计。未满足：${failed}。各因子（仅供参考）：${factorsText}。`;
  }
  const place = rank === undefined ? '' : `第 ${rank} 名，`;
  return `${place}得分 ${fixed(score, 3)}（各因子贡献之和）。${factorsText}。`;
}
