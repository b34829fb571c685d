import { relative } from 'node:path';
import { alertCoverage, AlertCoverage, alertNames, promtool, REPO_ROOT, RULE_TESTS_DIR, RULES_DIR, yamlFilesIn } from './promtool';

const ruleFiles = yamlFilesIn(RULES_DIR, '.yml');
const testFiles = yamlFilesIn(RULE_TESTS_DIR, '.test.yml');

describe('Prometheus rules in deploy/prometheus/rules', () => {
  it('has rule files and promtool unit-test files', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    expect(testFiles.length).toBeGreaterThan(0);
  });

  it.each(ruleFiles.map((file) => [relative(REPO_ROOT, file)]))('%s passes promtool check rules', async (file) => {
    const result = await promtool(['check', 'rules', file]);
    if (result.code !== 0) throw new Error(`promtool check rules ${file} failed:\n${result.output}`);
  });

  it.each(testFiles.map((file) => [relative(REPO_ROOT, file)]))('%s passes promtool test rules', async (file) => {
    const result = await promtool(['test', 'rules', file]);
    if (result.code !== 0) throw new Error(`promtool test rules ${file} failed:\n${result.output}`);
  });

  it('gives every alert one test where it fires and one where it stays quiet', () => {
    const coverage: AlertCoverage = { fires: new Set(), quiet: new Set() };
    for (const file of testFiles) alertCoverage(file, coverage);
    const gaps = ruleFiles.flatMap((file) =>
      alertNames(file).flatMap((alert) => [
        ...(coverage.fires.has(alert) ? [] : [`${relative(REPO_ROOT, file)}: ${alert} has no test where it fires`]),
        ...(coverage.quiet.has(alert) ? [] : [`${relative(REPO_ROOT, file)}: ${alert} has no test where it stays quiet`]),
      ]),
    );
    expect(gaps).toEqual([]);
  });
});
