/** Pearson's r of two equally long series; undefined below 3 pairs or when either side is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number | undefined {
  const n = Math.min(x.length, y.length);
  if (n < 3) return undefined;
  const mx = x.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = y.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? undefined : sxy / Math.sqrt(sxx * syy);
}

/** Pairs the values of two range series at the timestamps both have. */
export function alignSeries(a: ReadonlyArray<[number, number]>, b: ReadonlyArray<[number, number]>): [number[], number[]] {
  const byTime = new Map(b.map(([t, v]) => [t, v]));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [t, v] of a) {
    const other = byTime.get(t);
    if (other !== undefined) {
      xs.push(v);
      ys.push(other);
    }
  }
  return [xs, ys];
}
