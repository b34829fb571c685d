import { runCli } from './run-cli';

const cwd = process.cwd();

describe('perf-otel dispatcher', () => {
  it('lists the commands on --help and exits 0', async () => {
    const run = await runCli(['--help'], cwd);
    expect(run.code).toBe(0);
    expect(run.out).toContain('usage: perf-otel <command> [options]');
    expect(run.out).toMatch(/^ {2}slo generate +Turn SLO files into Prometheus recording rules/m);
  });

  it('lists the commands with usage exit 2 when called without a command', async () => {
    const run = await runCli([], cwd);
    expect(run.code).toBe(2);
    expect(run.out).toContain('slo generate');
  });

  it('rejects an unknown command with the list of commands and exit 2', async () => {
    const run = await runCli(['slo', 'frobnicate'], cwd);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe('perf-otel: unknown command "slo frobnicate"; the commands are:');
    expect(run.err).toContain('slo generate');
  });

  it("prints a command's usage on <command> --help", async () => {
    const run = await runCli(['slo', 'generate', '--help'], cwd);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toBe('usage: perf-otel slo generate <slo-file|directory> [-o rules.yml]');
  });

  it('turns a bad option into a usage error with exit 2', async () => {
    const run = await runCli(['slo', 'generate', 'deploy/slo', '--frob'], cwd);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^perf-otel slo generate: Unknown option '--frob'/);
    expect(run.err).toContain('usage: perf-otel slo generate <slo-file|directory> [-o rules.yml]');
  });
});
