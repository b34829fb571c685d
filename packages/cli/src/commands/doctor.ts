import { DEFAULT_PROMETHEUS_URL, parseDuration, PROMETHEUS_URL_ENV } from '@org/perf-otel-insights';
import { resolveEnvConfig } from '@org/perf-otel';
import { Command, EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';
import { userInput } from './analysis-options';
import { checkArriving, checkConfig, checkInfluxDb, checkOtlp, checkPrometheus, checkSlowQueryRecords, CheckResult } from './doctor-checks';

const MARK: Record<CheckResult['status'], string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

export const doctor: Command = {
  name: 'doctor',
  summary: "Check the env config, reach the OTLP endpoint, Prometheus and InfluxDB, and confirm the service's metrics arrive",
  usage:
    'doctor [--service NAME] [--prometheus URL] [--influxdb URL] [--window 5m]\n' +
    `  Reads the same environment as the app (run it with the app's env). --service defaults to $OTEL_SERVICE_NAME, --prometheus to $${PROMETHEUS_URL_ENV}.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      service: { type: 'string' },
      prometheus: { type: 'string' },
      influxdb: { type: 'string' },
      window: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const window = values.window ?? '5m';
    userInput(() => parseDuration(window, '--window'));
    const env = process.env;
    const prometheus = values.prometheus ?? env[PROMETHEUS_URL_ENV] ?? DEFAULT_PROMETHEUS_URL;
    const results: CheckResult[] = [checkConfig(env), ...checkSlowQueryRecords(env)];
    for (const check of [() => checkOtlp(env), () => checkPrometheus(prometheus), () => checkInfluxDb(env, values.influxdb)]) {
      results.push(await check());
    }
    const prometheusUp = results[results.length - 2].status === 'ok';
    results.push(
      prometheusUp
        ? await checkArriving(prometheus, values.service ?? resolveEnvConfig(env).config.serviceName, window)
        : { name: 'metrics arriving', status: 'skip', detail: 'needs Prometheus' },
    );
    for (const r of results) {
      io.out(`${MARK[r.status]}  ${r.name}: ${r.detail}\n`);
      if (r.fix) io.out(`      fix: ${r.fix}\n`);
    }
    const failed = results.filter((r) => r.status === 'fail').length;
    io.out(failed === 0 ? 'all checks passed\n' : `${failed} check(s) failed\n`);
    return failed === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};
