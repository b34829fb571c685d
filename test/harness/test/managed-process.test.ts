import { ManagedProcess, requireBinary, waitForOutput } from '../managed-process';

test('stop() sends SIGTERM, and SIGKILL after the grace period to a process that ignores it', async () => {
  const stubborn = new ManagedProcess('stubborn', process.execPath, [
    '-e',
    "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)",
  ]);
  await waitForOutput(stubborn, '"up"', () => stubborn.stdout.includes('up'), 10000);
  const result = await stubborn.stop('SIGTERM', 500);
  expect(result.signal).toBe('SIGKILL');
  expect(result.stdout).toContain('ignored');
  expect(stubborn.running).toBe(false);
});

test('a stopped (SIGSTOP) process still stops', async () => {
  const paused = new ManagedProcess('paused', process.execPath, ['-e', "console.log('up'); setInterval(() => {}, 1000)"]);
  await waitForOutput(paused, '"up"', () => paused.stdout.includes('up'), 10000);
  paused.signal('SIGSTOP');
  expect((await paused.stop()).signal).toBe('SIGTERM');
});

test('a missing server binary is named with the package to install', () => {
  expect(() => requireBinary('/usr/bin/perf-otel-no-such-binary', 'no-such-package')).toThrow(
    "/usr/bin/perf-otel-no-such-binary is missing: install it with `apt-get install no-such-package` (npm test's pretest does this when run as root)",
  );
});
