// Container logs as the simulated runtime produces them: the lines a container's process has
// written by `now`, for its current run or (previous) the run before it. Pure.
import type { KubeObject } from '../apiserver/objects.js';
import { containerProcess, replay, type OutputLine } from './process.js';

type Pod = KubeObject & { spec?: any; status?: any };

export interface LogOptions {
  previous?: boolean;
  now: Date;
}

/** A container's log lines with when each was written; undefined when there is no such run. */
export function logsOf(pod: Pod, container: string, opts: LogOptions): OutputLine[] | undefined {
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: any) => c.name === container);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((c: any) => c.name === container);
  if (!spec || !status) return undefined;
  // A container waiting to be restarted has no current run: its logs are the last run's.
  const waiting = !status.state?.running && !status.state?.terminated;
  const state = opts.previous ? status.lastState ?? {} : (waiting ? status.lastState : status.state) ?? {};
  const run = state.running ?? state.terminated;
  if (!run?.startedAt) return opts.previous ? undefined : [];
  const start = Date.parse(run.startedAt);
  const end = state.terminated ? Date.parse(state.terminated.finishedAt) : opts.now.getTime();
  const lines: OutputLine[] = [];
  const it = replay(containerProcess(pod, spec).steps, start, end);
  for (let r = it.next(); !r.done; r = it.next()) if (r.value.at <= end) lines.push(r.value);
  return lines;
}
