// A scrape storm in its own process: CONNECTIONS loops, each fetching URL again as soon as the last
// answer is in, until SIGTERM; then prints how many answers of each status it got.
import http from 'node:http';

const url = new URL(process.env.STORM_URL);
const connections = Number(process.env.STORM_CONNECTIONS ?? 200);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const statuses = {};
let stopping = false;

function loop() {
  if (stopping) return;
  http
    .get(url, { agent }, (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      res.resume();
      res.on('end', loop);
    })
    .on('error', () => {
      statuses.error = (statuses.error ?? 0) + 1;
      setTimeout(loop, 10);
    });
}
for (let i = 0; i < connections; i++) loop();
process.on('SIGTERM', () => {
  stopping = true;
  process.stdout.write(`${JSON.stringify(statuses)}\n`);
  agent.destroy();
  process.exit(0);
});
