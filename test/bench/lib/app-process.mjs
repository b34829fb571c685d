// One app under test in a child process: started (pinned when possible), spoken to through its
// `@@bench` stdout lines and SIGUSR2, and stopped by its own PID.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pinnedCommand } from './pinning.mjs';

const PREFIX = '@@bench ';

export class AppProcess {
  /** @param {{ app: string, nodeArgs: string[], env: object, pinning: object, wrapper?: string[] }} o */
  constructor({ app, nodeArgs, env, pinning, wrapper = [] }) {
    // `wrapper`: a command that runs node, e.g. valgrind (instructions.mjs).
    const argv = [...wrapper, process.execPath, ...nodeArgs, app];
    const [cmd, args] = pinnedCommand(pinning, 'app', argv[0], argv.slice(1));
    this.child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.messages = [];
    this.waiters = [];
    this.output = [];
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        this.settle();
        resolve();
      }),
    );
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    createInterface({ input: this.child.stderr }).on('line', (line) => this.keep(line));
  }

  keep(line) {
    this.output.push(line);
    if (this.output.length > 40) this.output.shift();
  }

  onLine(line) {
    if (!line.startsWith(PREFIX)) return this.keep(line);
    this.messages.push(JSON.parse(line.slice(PREFIX.length)));
    this.settle();
  }

  settle() {
    this.waiters = this.waiters.filter((w) => !w());
  }

  /** The first message that has `key` and was not taken yet (the whole message). */
  next(key, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(this.failure(`no "${key}" within ${timeoutMs} ms`))), timeoutMs);
      const finish = (fn) => {
        clearTimeout(timer);
        fn();
        return true;
      };
      const check = () => {
        const i = this.messages.findIndex((m) => key in m);
        if (i >= 0) return finish(() => resolve(this.messages.splice(i, 1)[0]));
        if (this.exit) return finish(() => reject(this.failure(`exited (${this.exit.signal ?? this.exit.code}) before "${key}"`)));
        return false;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  failure(what) {
    return new Error(`app ${what}; its last output:\n${this.output.join('\n')}`);
  }

  /** The handlers' counters (served requests, queries run). */
  async stats() {
    this.child.kill('SIGUSR2');
    return (await this.next('stats', 5000)).stats;
  }

  async stop() {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
