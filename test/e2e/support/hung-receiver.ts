// A collector that accepts connections and never answers: the worst kind of outage for an exporter.
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../harness';

export async function startHungReceiver(): Promise<{ url: string; connections: () => number; stop(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let total = 0;
  const server: Server = createServer((s) => {
    total++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => total,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
