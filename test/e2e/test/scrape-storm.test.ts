// Concurrent scrapes share one collection (8 at most), the next 8 share the next one, and the rest
// are held a second and refused with 503, instead of piling work on the app. Counted, not timed:
// the fixture's gauge callback counts collections and holds the first one open until released.
import { request } from 'node:http';
import { pollUntil } from '../../harness';
import { runInstrumented } from '../support/run-app';

interface Answer {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

/** A GET whose `sent` resolves once the request is handed to the OS, `answer` with the response. */
function get(url: string): { sent: Promise<void>; answer: Promise<Answer> } {
  let sent!: () => void;
  const sentP = new Promise<void>((r) => {
    sent = r;
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] }));
    });
    req.on('finish', sent).on('error', reject).end();
  });
  return { sent: sentP, answer };
}

describe('a scrape storm', () => {
  it('40 concurrent scrapes: 8 share the running collection, 8 the next one, 24 are refused with 503; two collections in all', async () => {
    const app = await runInstrumented('scrape-gate.js');
    const metrics = `http://127.0.0.1:${app.metricsPort}/metrics`;
    const collections = async () => Number((await get(`http://127.0.0.1:${app.port}/collections`).answer).body);
    try {
      const first = get(metrics);
      await pollUntil('the first collection to start', async () => ((await collections()) === 1 ? true : undefined), 10000);
      const rest = Array.from({ length: 39 }, () => get(metrics));
      await Promise.all(rest.map((r) => r.sent));
      // A round trip to the app after every scrape request is in its socket: the app has read them all.
      expect(await collections()).toBe(1);
      await get(`http://127.0.0.1:${app.port}/release`).answer;

      const answers = [await first.answer, ...(await Promise.all(rest.map((r) => r.answer)))];
      const served = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 503);
      expect([served.length, refused.length]).toEqual([16, 24]);
      // The gauge tells which collection each answer came from.
      const rounds = served.map((a) => /^gate_collections\{.*\} (\d+)$/m.exec(a.body)?.[1]);
      expect(rounds.filter((r) => r === '1')).toHaveLength(8);
      expect(rounds.filter((r) => r === '2')).toHaveLength(8);
      expect(refused.every((a) => a.retryAfter === '1' && a.body === 'perf-otel: more than 16 scrapes at once; try again.\n')).toBe(true);
      expect(await collections()).toBe(2);
    } finally {
      await app.stop();
    }
  });
});
