import { join } from 'node:path';
import { startChildApp } from '../child-app';
import { freePort } from '../free-port';

const fixtures = join(__dirname, 'fixtures');

test('startChildApp runs the same Node with a preload and env, waits for its port, and stop returns exit code and output', async () => {
  const port = await freePort();
  const app = await startChildApp({
    script: join(fixtures, 'http-app.cjs'),
    require: [join(fixtures, 'preload.cjs')],
    env: { PORT: String(port), GREETING: 'harness' },
    waitForLine: `listening on ${port}`,
    waitForPort: port,
  });
  const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  expect(body).toBe('hello harness');
  const result = await app.stop('SIGTERM');
  expect(result.code).toBe(3);
  expect(result.stdout).toContain(`preloaded in node ${process.versions.node}`);
  expect(result.stderr).toContain('got SIGTERM');
});

test("startChildApp rejects with the app's output when it exits before its port answers", async () => {
  const port = await freePort();
  await expect(
    startChildApp({
      script: join(fixtures, 'http-app.cjs'),
      env: { PORT: 'not-a-port' },
      waitForPort: port,
    }),
  ).rejects.toThrow(/exited \(code 1/);
});
