// A receiver that accepts any OTLP/HTTP export and only counts them: proof that a push
// configuration really exported, without parsing what it sent.
import { createServer } from 'node:http';

export async function startOtlpSink() {
  const sink = { exports: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk) => {
      sink.bytes += chunk.length;
    });
    req.on('end', () => {
      sink.exports++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${server.address().port}/v1/metrics`;
  sink.close = () => new Promise((resolve) => server.close(resolve));
  return sink;
}
