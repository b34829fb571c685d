import { createServer } from 'node:net';
import { freePort, LOOPBACK } from '../free-port';

test('freePort returns a loopback port that can be listened on', async () => {
  const port = await freePort();
  expect(port).toBeGreaterThan(0);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});
