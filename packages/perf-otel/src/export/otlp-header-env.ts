// The upstream OTLP exporters read OTEL_EXPORTER_OTLP_HEADERS and OTEL_EXPORTER_OTLP_METRICS_HEADERS
// themselves, at construction, and send them over whatever headers they are given: a header our
// config check dropped (see config/http-headers.ts) would come back and fail every export. So the
// exporters are built while those variables hold exactly the headers that passed the check, and
// the app's environment is put back at once (construction is synchronous: nothing else runs meanwhile).
const GENERAL = 'OTEL_EXPORTER_OTLP_HEADERS';
const METRICS = 'OTEL_EXPORTER_OTLP_METRICS_HEADERS';

export function withCheckedHeaderEnv<T>(headers: Record<string, string>, build: () => T): T {
  const saved = { [GENERAL]: process.env[GENERAL], [METRICS]: process.env[METRICS] };
  const checked = Object.entries(headers).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',');
  try {
    if (checked === '') delete process.env[GENERAL];
    else process.env[GENERAL] = checked;
    delete process.env[METRICS];
    return build();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
