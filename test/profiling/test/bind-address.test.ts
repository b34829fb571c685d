import { bindHost, httpAddress, isLoopback } from '../../../packages/profiler/src/control/bind-address';

describe('where the profiling endpoint may listen without a token', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.7', '192.168.1.2', 'app.internal', 'localhost.example.com', ''])('%j is reachable from elsewhere', (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  it('binds localhost as 127.0.0.1, which is where clients and docs look', () => {
    expect(bindHost(' localhost ')).toBe('127.0.0.1');
    expect(httpAddress('::1', 9465)).toBe('http://[::1]:9465');
  });
});
