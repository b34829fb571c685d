// The statistics behind the verdicts, against reference values computed with SciPy 1.x
// (scipy.stats.t.sf, ttest_ind(equal_var=False), linregress, pearsonr).
import { linearFit } from '../../../packages/insights/src/stats/regression';
import { pearson } from '../../../packages/insights/src/stats/pearson';
import { twoSidedTPValue } from '../../../packages/insights/src/stats/student-t';
import { welchTTest } from '../../../packages/insights/src/stats/welch';

test("two-sided p-values of Student's t match SciPy", () => {
  expect(twoSidedTPValue(2.0, 10)).toBeCloseTo(0.07338803477074037, 9);
  expect(twoSidedTPValue(3.5, 4.3)).toBeCloseTo(0.022127097432049728, 9);
  expect(twoSidedTPValue(0, 7)).toBe(1);
});

test("Welch's t-test matches scipy.stats.ttest_ind(equal_var=False)", () => {
  const result = welchTTest([1, 2, 3, 4, 5], [3, 5, 6, 8, 9.5]);
  expect(result?.t).toBeCloseTo(2.4665358060813882, 9);
  expect(result?.df).toBeCloseTo(6.695783919335457, 9);
  expect(result?.pValue).toBeCloseTo(0.044573643495488154, 9);
  expect(welchTTest([1], [2, 3])).toBeUndefined();
});

test('the least-squares slope and its t-test match scipy.stats.linregress', () => {
  const fit = linearFit([0, 1, 2, 3, 4, 5].map((x, i) => [x, [1.1, 1.9, 3.2, 3.9, 5.1, 6.0][i]] as [number, number]));
  expect(fit?.slope).toBeCloseTo(0.9942857142857141, 9);
  expect(fit?.intercept).toBeCloseTo(1.047619047619048, 9);
  expect(fit?.slopeStdErr).toBeCloseTo(0.03224059215202094, 9);
  expect(fit?.pValue).toBeCloseTo(6.586889601476862e-6, 12);
  expect(fit?.rSquared).toBeCloseTo(0.9979037342020267 ** 2, 9);
});

test("Pearson's r matches scipy.stats.pearsonr and is undefined for a constant series", () => {
  expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  expect(pearson([1, 2, 3], [4, 4, 4])).toBeUndefined();
});
