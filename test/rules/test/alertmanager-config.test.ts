import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LOOPBACK } from '../../harness/free-port';
import { ManagedProcess } from '../../harness/managed-process';
import { pollUntil, waitForHttpOk } from '../../harness/poll';
import { makeTempDir, removeTempDir } from '../../harness/temp-dir';

const REPO_ROOT = resolve(__dirname, '../../..');
const TEMPLATE = join(REPO_ROOT, 'deploy/alertmanager/alertmanager.yml');
const RENDER = join(REPO_ROOT, 'deploy/alertmanager/render-config.sh');
const AMTOOL = '/usr/bin/amtool';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runTool(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function renderEnv(receiverBase: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ALERTMANAGER_EMAIL_TO: 'oncall@example.com',
    // Nothing listens on port 9 (discard): email delivery fails, which the test does not need.
    ALERTMANAGER_SMTP_SMARTHOST: `${LOOPBACK}:9`,
    ALERTMANAGER_SMTP_REQUIRE_TLS: 'false',
    ALERTMANAGER_SLACK_WEBHOOK_URL: `${receiverBase}/slack`,
    ALERTMANAGER_WEBHOOK_URL: `${receiverBase}/webhook`,
    ALERTMANAGER_GROUP_WAIT: '1s',
  };
}

/** A local HTTP endpoint standing in for Slack's incoming webhook and the generic webhook receiver. */
async function startReceiver(): Promise<{ server: Server; base: string; received: Array<{ path: string; body: string }> }> {
  const received: Array<{ path: string; body: string }> = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ path: request.url ?? '', body });
    response.writeHead(200).end('ok');
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  return { server, base: `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`, received };
}

describe('deploy/alertmanager', () => {
  let dir: string;
  beforeAll(async () => {
    const missing = [AMTOOL, ALERTMANAGER].filter((bin) => !existsSync(bin));
    if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: apt-get install -y prometheus-alertmanager`);
    dir = await makeTempDir('alertmanager');
  });
  afterAll(async () => {
    if (dir) await removeTempDir(dir);
  });

  it('render-config.sh names every unset variable with its line and writes nothing', async () => {
    const out = join(dir, 'unset.yml');
    const result = await runTool(RENDER, [TEMPLATE, out], { PATH: process.env.PATH });
    expect(result.code).toBe(1);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/:\d+:/, ':<line>:')),
    ).toEqual(
      ['ALERTMANAGER_EMAIL_TO', 'ALERTMANAGER_SLACK_WEBHOOK_URL', 'ALERTMANAGER_WEBHOOK_URL'].map(
        (name) => `render-config: ${TEMPLATE}:<line>: ${name} is not set; export it (or write \${${name}:-default} in the template)`,
      ),
    );
    await expect(runTool('test', ['-e', out])).resolves.toMatchObject({ code: 1 });
  });

  it('renders a config amtool accepts, routing critical to page, warning to Slack and webhook, info to webhook', async () => {
    const out = join(dir, 'rendered.yml');
    expect(await runTool(RENDER, [TEMPLATE, out], renderEnv('http://hooks.example.com'))).toMatchObject({ code: 0, stderr: '' });
    const check = await runTool(AMTOOL, ['check-config', out]);
    expect(check.stdout).toContain('SUCCESS');
    const routes: Record<string, string> = {};
    for (const severity of ['critical', 'warning', 'info', 'none']) {
      const result = await runTool(AMTOOL, ['config', 'routes', 'test', `--config.file=${out}`, `severity=${severity}`, 'alertname=PerfOtelHighErrorRate']);
      routes[severity] = result.stdout.trim();
    }
    expect(routes).toEqual({ critical: 'page', warning: 'slack-and-webhook', info: 'webhook', none: 'slack-and-webhook' });
  });

  it('delivers a critical alert with its annotations to Slack and the webhook (real Alertmanager)', async () => {
    const receiver = await startReceiver();
    const out = join(dir, 'live.yml');
    await runTool(RENDER, [TEMPLATE, out], renderEnv(receiver.base));
    const port = await freePort();
    const alertmanager = new ManagedProcess('alertmanager', ALERTMANAGER, [
      `--config.file=${out}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${LOOPBACK}:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    try {
      await waitForHttpOk(`http://${LOOPBACK}:${port}/-/ready`, 30000, alertmanager.exitReason);
      const alert = {
        labels: { alertname: 'PerfOtelHighErrorRate', severity: 'critical', job: 'shop', http_route: '/pay', deployment_environment_name: 'prod' },
        annotations: { summary: 'shop /pay: 10% of requests fail (> 5%)', description: 'desc', actions: 'Roll back the deploy.' },
      };
      const posted = await fetch(`http://${LOOPBACK}:${port}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([alert]),
      });
      expect(posted.status).toBe(200);
      const paths = await pollUntil(
        'Slack and webhook notifications',
        async () => {
          const seen = new Set(receiver.received.map((entry) => entry.path));
          return seen.has('/slack') && seen.has('/webhook') ? seen : undefined;
        },
        30000,
        alertmanager.exitReason,
      );
      expect([...paths].sort()).toEqual(['/slack', '/webhook']);
      const slack = JSON.parse(receiver.received.find((entry) => entry.path === '/slack')!.body);
      expect(slack.attachments[0].title).toBe('[FIRING] PerfOtelHighErrorRate shop');
      expect(slack.attachments[0].text).toContain('*shop /pay: 10% of requests fail (> 5%)*');
      expect(slack.attachments[0].text).toContain('Actions: Roll back the deploy.');
      const webhook = JSON.parse(receiver.received.find((entry) => entry.path === '/webhook')!.body);
      expect(webhook.receiver).toBe('page');
      expect(webhook.alerts[0].labels).toMatchObject(alert.labels);
    } finally {
      await alertmanager.stop();
      receiver.server.close();
    }
  });
});
