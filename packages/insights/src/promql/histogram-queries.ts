// The histogram queries every analysis repeats: request rate, mean, quantiles, time spent.
import { histogramBucket, histogramCount, histogramSum, LABEL_LE } from '../metric-names';
import { binary, Expr, Matcher, quantile, rangeFn, sumBy } from './expr';

export const histogramRate = (histogram: string, by: string[], matchers: Matcher[], windowSeconds: number): Expr =>
  sumBy(by, rangeFn('rate', histogramCount(histogram), matchers, windowSeconds));

/** Seconds spent per second (rate × mean): the time the observed thing occupies. */
export const histogramTimeRate = (histogram: string, by: string[], matchers: Matcher[], windowSeconds: number): Expr =>
  sumBy(by, rangeFn('rate', histogramSum(histogram), matchers, windowSeconds));

export const histogramMean = (histogram: string, by: string[], matchers: Matcher[], windowSeconds: number): Expr =>
  binary('/', histogramTimeRate(histogram, by, matchers, windowSeconds), histogramRate(histogram, by, matchers, windowSeconds));

export const histogramQuantile = (q: number, histogram: string, by: string[], matchers: Matcher[], windowSeconds: number): Expr =>
  quantile(q, sumBy([LABEL_LE, ...by], rangeFn('rate', histogramBucket(histogram), matchers, windowSeconds)));
