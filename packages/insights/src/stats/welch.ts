import { mean, variance } from './descriptive';
import { twoSidedTPValue } from './student-t';

export interface WelchResult {
  meanA: number;
  meanB: number;
  t: number;
  df: number;
  pValue: number;
}

/** Welch's unequal-variance t-test of mean(B) against mean(A); undefined with fewer than 2 values a side. */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | undefined {
  if (a.length < 2 || b.length < 2) return undefined;
  const [ma, mb] = [mean(a), mean(b)];
  const [va, vb] = [variance(a) / a.length, variance(b) / b.length];
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both sides constant: identical means are no difference; different ones are certain.
    return { meanA: ma, meanB: mb, t: ma === mb ? 0 : Infinity, df: a.length + b.length - 2, pValue: ma === mb ? 1 : 0 };
  }
  const t = (mb - ma) / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { meanA: ma, meanB: mb, t, df, pValue: twoSidedTPValue(t, df) };
}
