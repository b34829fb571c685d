import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const PROMTOOL_BIN = '/usr/bin/promtool';
export const REPO_ROOT = resolve(__dirname, '../../..');
export const RULES_DIR = join(REPO_ROOT, 'deploy/prometheus/rules');
export const RULE_TESTS_DIR = join(REPO_ROOT, 'test/rules');

export interface PromtoolResult {
  code: number;
  output: string;
}

/** Runs promtool with `args`; never throws on a non-zero exit, the caller asserts on it. */
export function promtool(args: string[], cwd = REPO_ROOT): Promise<PromtoolResult> {
  return new Promise((done) => {
    execFile(PROMTOOL_BIN, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

export function yamlFilesIn(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));
}

interface RuleFile {
  groups?: Array<{ rules?: Array<{ alert?: string }> }>;
}

/** Alert names defined in a Prometheus rule file. */
export function alertNames(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as RuleFile;
  return (doc.groups ?? []).flatMap((group) => group.rules ?? []).flatMap((rule) => (rule.alert ? [rule.alert] : []));
}

interface RuleTestFile {
  tests?: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
}

export interface AlertCoverage {
  fires: Set<string>;
  quiet: Set<string>;
}

/** Which alerts a promtool test file expects to fire somewhere, and which it expects to stay quiet somewhere. */
export function alertCoverage(testFile: string, into: AlertCoverage): void {
  const doc = parse(readFileSync(testFile, 'utf8')) as RuleTestFile;
  for (const test of doc.tests ?? []) {
    for (const check of test.alert_rule_test ?? []) {
      const expected = check.exp_alerts ?? [];
      (expected.length > 0 ? into.fires : into.quiet).add(check.alertname);
    }
  }
}
