// The messages between the root thread and its workers. Two BroadcastChannels per root: requests
// go out on one, answers come back on the other, so no worker ever receives another's data.
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';

/** On the request channel, which every thread of the root's tree hears. */
export type Request =
  | { kind: 'collect'; round: number }
  /** A worker started perf-otel: its parent may now ask it for final data. */
  | { kind: 'hello'; thread: number }
  /** Before `worker.terminate()`: the worker's last data, then `final-sent` on this channel. */
  | { kind: 'final'; thread: number }
  | { kind: 'final-sent'; thread: number };

/** On the answer channel, which only the root hears. */
export type Answer =
  /** `asleep`: sent as the worker blocks in Atomics.wait; it answers nothing until it wakes. */
  | { kind: 'snapshot'; thread: number; round: number; final: boolean; asleep?: boolean; scopes: ScopeMetrics[] }
  /** A thread saw one of its Workers exit. */
  | { kind: 'exited'; thread: number };

export const requestChannel = (channel: string): string => `${channel}:req`;
export const answerChannel = (channel: string): string => `${channel}:ans`;
