// How the runner learns an app's port, served count and CPU time. Our apps say it on stdout and on
// SIGUSR2; an external app (`--app`) is only given PORT: it is ready when the port accepts a TCP
// connection (no HTTP request, which its metrics would count), its CPU time comes from /proc, and
// its served count is unknown (wrk's completed count stands in, give or take requests in flight).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { sleep } from './net.mjs';

const CLOCK_TICKS_PER_SEC = 100; // USER_HZ on Linux

function procCpuUs(pid) {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SEC;
  } catch {
    return null;
  }
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export function ownProbe(app, timeoutMs) {
  return {
    ready: async () => (await app.next('ready', timeoutMs)).port,
    stats: () => app.stats(),
  };
}

export function externalProbe(app, port, timeoutMs) {
  return {
    async ready() {
      const deadline = Date.now() + timeoutMs;
      while (!(await accepts(port))) {
        if (app.exit || Date.now() > deadline) throw app.failure(`did not listen on PORT=${port}`);
        await sleep(100);
      }
      return port;
    },
    stats: async () => ({ served: null, cpuUs: procCpuUs(app.child.pid) }),
  };
}
