/** The target does not accept connections: the run stops rather than report a storm of errors as latency. */
export class TargetDownError extends Error {
  override readonly name = 'TargetDownError';
}

export function describeDown(target: string, code: string | undefined, when: string): string {
  return (
    `target ${target} is not answering (${code ?? 'connection failed'}) ${when}; start the service or fix "target" in the scenario. ` +
    'No results were recorded for this run.'
  );
}
