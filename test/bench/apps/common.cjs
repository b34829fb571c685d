'use strict';
// What every benchmark app shares: the line protocol with the runner (stdout lines prefixed
// `@@bench `, stats and CPU time on SIGUSR2) and the counters the runner compares the recorded metrics with.
// Apps are CommonJS on purpose: `--require` instrumentations hook `require`, as in real CJS services.

const PREFIX = '@@bench ';

/** Plain integers bumped by the handlers: identical cost in every configuration. */
const counters = { served: 0, queries: 0 };

function report(message) {
  process.stdout.write(PREFIX + JSON.stringify(message) + '\n');
}

process.on('SIGUSR2', () => {
  const cpu = process.cpuUsage();
  report({ stats: { ...counters, cpuUs: cpu.user + cpu.system } });
});

/** Listens on a free loopback port and tells the runner which one. */
function listen(server) {
  server.listen(0, '127.0.0.1', () => report({ ready: true, port: server.address().port }));
}

module.exports = { counters, report, listen, PREFIX };
