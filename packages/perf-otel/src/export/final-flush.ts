// Set once the process is on its way out: exporters then give up on a backend that refuses the
// connection at once instead of retrying until the shutdown timeout (see ReportingExporter).
let final = false;

export function beginFinalFlush(): void {
  final = true;
}
export function isFinalFlush(): boolean {
  return final;
}
