import { twoSidedTPValue } from './student-t';

export interface LinearFit {
  /** Change of y per unit of x. */
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  slopeStdErr: number;
  /** t statistic of the slope against 0 (n - 2 degrees of freedom). */
  t: number;
  pValue: number;
  rSquared: number;
  n: number;
}

/** Ordinary least squares of y on x with a t-test of the slope; undefined below 3 points or when x does not vary. */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): LinearFit | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residual = Math.max(0, syy - slope * sxy);
  const slopeStdErr = Math.sqrt(residual / (n - 2) / sxx);
  // A perfect line has no residual: its slope is as significant as it gets (t = ±∞) unless it is flat.
  const t = slopeStdErr === 0 ? (slope === 0 ? 0 : Math.sign(slope) * Infinity) : slope / slopeStdErr;
  return { slope, intercept, slopeStdErr, t, pValue: twoSidedTPValue(t, n - 2), rSquared: syy === 0 ? 0 : (slope * sxy) / syy, n };
}
