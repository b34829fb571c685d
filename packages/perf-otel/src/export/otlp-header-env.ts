// The upstream OTLP exporters read OTEL_EXPORTER_OTLP_HEADERS and their signal's own variable
// (…_METRICS_HEADERS, …_LOGS_HEADERS) themselves, at construction, and send them over whatever headers they are given: a header our
// config check dropped (see config/http-headers.ts) would come back and fail every export. So the
// exporters are built while those variables hold exactly the headers that passed the check, and
// the app's environment is put back at once (construction is synchronous: nothing else runs meanwhile).
const GENERAL = 'OTEL_EXPORTER_OTLP_HEADERS';
const SIGNALS = ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS'];

/** Builds with the general header variable holding `headers` (already merged for the signal) and no signal variable. */
export function withCheckedHeaderEnv<T>(headers: Record<string, string>, build: () => T): T {
  const saved = Object.fromEntries([GENERAL, ...SIGNALS].map((name) => [name, process.env[name]]));
  const checked = Object.entries(headers)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(',');
  try {
    if (checked === '') delete process.env[GENERAL];
    else process.env[GENERAL] = checked;
    for (const name of SIGNALS) delete process.env[name];
    return build();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
