// The OpenTelemetry JS SDK this distribution is built on declares Node.js >= 22.15. On an older Node
// the register says so in one line and does nothing: the app runs as if it were not there, rather
// than crashing in a dependency or half-instrumenting.
// Written for old runtimes: it must load and run on any Node that can start the app.
export const MINIMUM_NODE = [22, 15] as const;

export function nodeSupported(version: string = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** True when the register may start; otherwise prints the one line and returns false. */
export function checkNodeForRegister(): boolean {
  if (nodeSupported()) return true;
  process.stderr.write(
    `perf-otel: Node.js ${process.versions.node} is not supported (perf-otel and the OpenTelemetry JS SDK need Node.js ${MINIMUM_NODE.join('.')} or newer); the app runs without perf-otel.\n`,
  );
  return false;
}
