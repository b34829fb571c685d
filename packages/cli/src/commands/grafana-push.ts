import { DEFAULT_FOLDER, DEFAULT_INFLUXDB_URL, DEFAULT_PROMETHEUS_URL, pushToGrafana, PushStep } from '@org/perf-otel-dashboards';
import { Command, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';

function httpUrl(value: string | undefined, option: string, example: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required, e.g. ${option} ${example}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} ${value} is not a URL; write e.g. ${option} ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${option} must be http(s), e.g. ${option} ${example}`);
  return value;
}

const describeStep = (step: PushStep) => `${step.kind} "${step.name}": ${step.action}${step.detail ? ` (${step.detail})` : ''}\n`;

export const grafanaPush: Command = {
  name: 'grafana push',
  summary: 'Create the perf-otel folder, datasources and dashboards in a running Grafana (idempotent)',
  usage:
    'grafana push --url <grafana-url> --token <service-account-token> [--folder-uid perf-otel] [--folder-title perf-otel]\n' +
    '       [--prometheus-url http://prometheus:9090] [--influxdb-url http://influxdb:8086] [--skip-datasources]\n' +
    '  --url and --token default to $GRAFANA_URL and $GRAFANA_TOKEN (keeps the token out of shell history).',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      url: { type: 'string' },
      token: { type: 'string' },
      'folder-uid': { type: 'string' },
      'folder-title': { type: 'string' },
      'prometheus-url': { type: 'string' },
      'influxdb-url': { type: 'string' },
      'skip-datasources': { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const url = httpUrl(values.url ?? process.env.GRAFANA_URL, '--url', 'https://grafana.example.com');
    const token = values.token ?? process.env.GRAFANA_TOKEN;
    if (!token) throw new UsageError('--token is required (or $GRAFANA_TOKEN): a Grafana service account token with the Editor role');
    await pushToGrafana(
      {
        url,
        token,
        folderUid: values['folder-uid'] ?? DEFAULT_FOLDER.uid,
        folderTitle: values['folder-title'] ?? DEFAULT_FOLDER.title,
        datasources: values['skip-datasources']
          ? false
          : {
              prometheusUrl: httpUrl(values['prometheus-url'] ?? DEFAULT_PROMETHEUS_URL, '--prometheus-url', DEFAULT_PROMETHEUS_URL),
              influxdbUrl: httpUrl(values['influxdb-url'] ?? DEFAULT_INFLUXDB_URL, '--influxdb-url', DEFAULT_INFLUXDB_URL),
            },
      },
      (step) => io.out(describeStep(step)),
    );
    return EXIT_OK;
  },
};
