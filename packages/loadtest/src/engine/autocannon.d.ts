// The part of autocannon 9's API this package uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  }

  interface AutocannonClient extends EventEmitter {
    requestIterator: { context: Record<string, unknown> };
    destroy(): void;
  }

  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    overallRate?: number;
    timeout?: number;
    ignoreCoordinatedOmission?: boolean;
    requests?: AutocannonRequest[];
    setupClient?: (client: AutocannonClient) => void;
  }

  interface AutocannonInstance extends EventEmitter {
    stop(): void;
  }

  /** The totals the end-to-end tests read (autocannon called without a callback resolves to them). */
  interface AutocannonResult {
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  function autocannon(options: AutocannonOptions, done: (error: Error | null, result: unknown) => void): AutocannonInstance;
  export = autocannon;
}
