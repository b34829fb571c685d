import autocannon from 'autocannon';
import type { Stage } from '../scenario/scenario';
import { CONNECTION_ERROR, TIMEOUT } from '../results/run-result';
import { planLanes, rampSteps, type Lane } from './plan-lanes';
import type { PickedRequest } from './request-picker';
import { StageRecorder } from './stage-recorder';
import { describeDown, TargetDownError } from './target-down-error';

/** Connection failures needed before a stage may be judged "target down" (a few resets are normal). */
const ABORT_MIN_FAILURES = 20;
const PICK = 'perfOtelRequest';

export interface StageRunOptions {
  target: string;
  timeoutSeconds: number;
  requestNames: string[];
  pick: () => PickedRequest;
  /** Called once a second with the stage's progress. */
  onSecond?: (recorder: StageRecorder, elapsedSeconds: number) => void;
}

type AutocannonClient = Parameters<NonNullable<Parameters<typeof autocannon>[0]['setupClient']>>[0];

/**
 * Runs one stage on autocannon. Open-model stages run in one-second ramp steps of staggered lanes
 * with exact request amounts; closed-model stages are one instance of N connections for the stage's
 * duration. Rejects with TargetDownError as soon as connection failures outnumber answers.
 */
export async function runStage(stage: Stage, options: StageRunOptions): Promise<StageRecorder> {
  const recorder = new StageRecorder(options.requestNames);
  const clients = new Set<AutocannonClient>();
  const instances = new Set<ReturnType<typeof autocannon>>();
  const pendingStarts = new Set<NodeJS.Timeout>();
  const startedAt = performance.now();
  let aborted: TargetDownError | undefined;
  let draining = false;
  let rejectStage: (error: Error) => void = () => {};

  const second = setInterval(() => {
    recorder.closeSecond();
    options.onSecond?.(recorder, (performance.now() - startedAt) / 1000);
  }, 1000);

  const abortIfDown = () => {
    if (aborted || recorder.connectionFailures < ABORT_MIN_FAILURES || recorder.connectionFailures <= recorder.total.answered) return;
    aborted = new TargetDownError(describeDown(options.target, recorder.firstConnectionError, `during stage "${stage.name}"`));
    for (const timer of pendingStarts) clearTimeout(timer);
    for (const client of clients) client.destroy();
    for (const instance of instances) instance.stop();
    rejectStage(aborted);
  };

  const setupClient = (client: AutocannonClient) => {
    clients.add(client);
    client.once('done', () => clients.delete(client));
    const current = () => client.requestIterator.context[PICK] as string | undefined;
    // The per-connection rate autocannon reports is requests/s: the send interval is 1000/rate ms.
    client.on('response', (status: number, _bytes: number, latencyMs: number, rate?: number) => {
      recorder.response(current() ?? options.requestNames[0], status, latencyMs, rate ? 1000 / rate : undefined);
      if (draining) client.destroy();
    });
    client.on('connError', (error: NodeJS.ErrnoException) => {
      recorder.failure(current(), CONNECTION_ERROR, error.code);
      abortIfDown();
    });
    client.on('timeout', () => recorder.failure(current(), TIMEOUT));
  };

  const requests = [
    {
      setupRequest: (request: object, context: Record<string, unknown>) => {
        const picked = options.pick();
        context[PICK] = picked.name;
        return { ...request, method: picked.method, path: picked.path, headers: picked.headers, body: picked.body };
      },
    },
  ];
  const origin = new URL(options.target).origin;

  const runInstance = (settings: { connections: number; amount?: number; overallRate?: number; duration?: number }) =>
    new Promise<void>((resolve, reject) => {
      if (aborted) {
        resolve();
        return;
      }
      // ignoreCoordinatedOmission: autocannon 9's own correction passes Math.ceil(1 / rate) as the
      // expected interval, i.e. 1 ms whatever the rate (seconds taken for milliseconds), which
      // back-fills one fake sample per millisecond of every response. The recorder corrects with
      // the real interval instead.
      // With an amount, a lane is over once every request it sends has an outcome; autocannon's
      // clients only notice at their next one-second rate boundary, which would stretch every
      // ramp step by up to a second.
      let outcomes = 0;
      let closedClients = 0;
      const countOutcome = () => {
        if (settings.amount !== undefined && ++outcomes === settings.amount) resolve();
      };
      const setupLaneClient = (client: AutocannonClient) => {
        setupClient(client);
        for (const event of ['response', 'connError', 'timeout']) client.on(event, countOutcome);
        client.once('done', () => {
          if (draining && ++closedClients === settings.connections) resolve();
        });
      };
      const instance = autocannon(
        {
          url: origin,
          timeout: options.timeoutSeconds,
          ignoreCoordinatedOmission: settings.overallRate !== undefined ? true : undefined,
          requests,
          ...settings,
          setupClient: setupLaneClient,
        },
        (error) => {
          instances.delete(instance);
          if (error) reject(error);
          else resolve();
        },
      );
      instances.add(instance);
    });

  const runLane = (lane: Lane) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        pendingStarts.delete(timer);
        runInstance({ connections: lane.connections, amount: lane.amount, overallRate: lane.rate }).then(resolve, reject);
      }, lane.offsetMs);
      pendingStarts.add(timer);
    });

  const load = stage.load;
  const work = (async () => {
    if (load.kind === 'connections') {
      // autocannon would stop at its first one-second tick after the duration; instead, at the
      // deadline each connection closes as soon as its request in flight is answered, so the stage
      // keeps its length and every request sent is also answered (client and server counts agree).
      const deadline = setTimeout(() => {
        draining = true;
      }, stage.durationSeconds * 1000);
      try {
        await runInstance({ connections: load.connections, duration: stage.durationSeconds + 1 });
      } finally {
        clearTimeout(deadline);
      }
      return;
    }
    for (const step of rampSteps(load.from, load.to, stage.durationSeconds)) {
      if (aborted) return;
      await Promise.all(planLanes(step.rate, step.seconds, load.maxConnections).map(runLane));
    }
  })();

  try {
    await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        rejectStage = reject;
      }),
    ]);
  } finally {
    clearInterval(second);
    for (const timer of pendingStarts) clearTimeout(timer);
  }
  // A last partial second still counts when it is long enough to be a fair sample.
  recorder.closeSecond();
  return recorder;
}
