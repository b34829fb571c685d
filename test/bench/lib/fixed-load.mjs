// Exactly `count` GET requests over `connections` keep-alive connections: the load for counting
// instructions, where a fixed amount of work matters and wrk's fixed duration would not do.
import { Agent, get } from 'node:http';
import { TENANT_HEADER } from './wrk.mjs';

export async function sendRequests({ port, path, count, connections }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let sent = 0;
  let failed = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, agent, headers: { [TENANT_HEADER[0]]: TENANT_HEADER[1] } }, (res) => {
        if (res.statusCode !== 200) failed++;
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
  const loop = async () => {
    while (sent < count) {
      sent++;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    agent.destroy();
  }
  return { failed };
}
