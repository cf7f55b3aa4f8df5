// GET pods/NAME/log: a container's output from the simulated runtime, as kube-apiserver and the
// kubelet answer it (text/plain), with follow streaming new lines as the clock moves on.
import type { KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { findResource } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { logsOf } from '../kubelet/logs.js';
import type { OutputLine } from '../kubelet/process.js';

type Pod = KubeObject & { spec?: any; status?: any };

export interface LogQuery {
  container?: string;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

export interface LogResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  stream?: AsyncIterable<string> & { close(): void };
}

/** How often a follow looks for new lines. */
const FOLLOW_POLL_MS = 200;

const PODS = findResource('', 'v1', 'pods')!;

function intParam(q: Record<string, string>, key: string, min: number): number | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${key}: Invalid value: "${v}": must be an integer`);
  if (n < min) throw new ApiError(422, 'Invalid', `PodLogOptions "" is invalid: ${key}: Invalid value: ${n}: must be greater than ${min === 0 ? 'or equal to 0' : 'zero'}`);
  return n;
}

const flag = (v: string | undefined) => v === 'true' || v === '1';

export function parseLogQuery(q: Record<string, string>): LogQuery {
  const sinceSeconds = intParam(q, 'sinceSeconds', 1);
  let sinceTime: number | undefined;
  if (q.sinceTime) {
    sinceTime = Date.parse(q.sinceTime);
    if (Number.isNaN(sinceTime)) throw badRequest(`parsing time "${q.sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${q.sinceTime}" as "2006"`);
  }
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    throw new ApiError(422, 'Invalid', 'PodLogOptions "" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  }
  return {
    container: q.container || undefined,
    previous: flag(q.previous),
    follow: flag(q.follow),
    timestamps: flag(q.timestamps),
    tailLines: intParam(q, 'tailLines', 0),
    limitBytes: intParam(q, 'limitBytes', 1),
    sinceSeconds,
    sinceTime,
  };
}

/** The container a log request means: the named one, or the only one; kube's errors otherwise. */
export function logContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (inits.length) message += ` or one of the init containers: [${inits.join(' ')}]`;
    throw badRequest(message);
  }
  if (!containers.includes(requested) && !inits.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** The kubelet's refusals for a container that has no logs to give (yet). */
function checkContainerState(pod: Pod, container: string, previous: boolean): void {
  const name = pod.metadata?.name ?? '';
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s: any) => s.name === container);
  if (!status) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  if (previous) {
    if (!status.lastState?.terminated) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return;
  }
  const waiting = status.state?.waiting;
  if (waiting && !status.lastState?.terminated) {
    const reason = waiting.reason === 'ErrImagePull' ? "image can't be pulled"
      : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason ?? '';
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
}

/** Go's RFC3339Nano: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** The lines a request selects, formatted; `since` is the earliest time shown. */
export function formatLines(lines: OutputLine[], q: LogQuery, since: number | undefined): string[] {
  let picked = since === undefined ? lines : lines.filter((l) => l.at >= since);
  if (q.tailLines !== undefined) picked = q.tailLines === 0 ? [] : picked.slice(-q.tailLines);
  return picked.map((l) => (q.timestamps ? `${rfc3339Nano(l.at)} ${l.text}\n` : `${l.text}\n`));
}

/** Cut output at limitBytes, as the kubelet's LimitWriter does (possibly mid-line). */
function limited(text: string, limit: number | undefined): string {
  if (limit === undefined) return text;
  const bytes = Buffer.from(text);
  return bytes.length <= limit ? text : bytes.subarray(0, limit).toString('utf8');
}

const TEXT_HEADERS = { 'content-type': 'text/plain' };

export function podLog(registry: Registry, namespace: string, name: string, query: Record<string, string>, clock: () => Date): LogResponse {
  const q = parseLogQuery(query);
  const pod = registry.get(PODS, namespace, name) as Pod;
  const container = logContainer(pod, q.container);
  checkContainerState(pod, container, q.previous);
  const now = clock().getTime();
  const since = q.sinceSeconds !== undefined ? now - q.sinceSeconds * 1000 : q.sinceTime;
  const lines = logsOf(pod, container, { previous: q.previous, now: new Date(now) }) ?? [];
  const first = formatLines(lines, q, since).join('');
  if (!q.follow || q.previous) return { status: 200, headers: TEXT_HEADERS, body: limited(first, q.limitBytes) };
  return { status: 200, headers: { ...TEXT_HEADERS, 'transfer-encoding': 'chunked' }, stream: followLog(registry, pod, container, lines.length, first, q, clock) };
}

/** Whether a container's run that started at `startedAt` is over (or the pod is gone). */
function runEnded(pod: Pod | undefined, container: string, startedAt: string | undefined): boolean {
  if (!pod) return true;
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const s = statuses.find((c: any) => c.name === container);
  if (!s) return true;
  if (s.state?.running) return s.state.running.startedAt !== startedAt;
  return true;
}

function currentStart(pod: Pod, container: string): string | undefined {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return statuses.find((c: any) => c.name === container)?.state?.running?.startedAt;
}

function followLog(registry: Registry, initial: Pod, container: string, sent: number, first: string, q: LogQuery, clock: () => Date) {
  let closed = false;
  let wake: (() => void) | undefined;
  const startedAt = currentStart(initial, container);
  let budget = q.limitBytes;
  const take = (text: string): string => {
    if (budget === undefined) return text;
    const out = limited(text, budget);
    budget -= Buffer.byteLength(out);
    return out;
  };
  return {
    close() {
      closed = true;
      wake?.();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<string> {
      const head = take(first);
      if (head) yield head;
      // A terminated container's log is complete: following it ends at once, as with the kubelet.
      if (startedAt === undefined) return;
      while (!closed && budget !== 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, FOLLOW_POLL_MS).unref?.();
        });
        if (closed) return;
        let pod: Pod | undefined;
        try {
          pod = registry.get(PODS, initial.metadata!.namespace, initial.metadata!.name!) as Pod;
        } catch {
          pod = undefined;
        }
        const ended = runEnded(pod, container, startedAt);
        // The same run's lines: from the pod as it was when it started, up to now (or its end).
        const source = ended && pod && currentStart(pod, container) === undefined ? pod : initial;
        const lines = logsOf(source, container, { now: clock() }) ?? [];
        const fresh = lines.slice(sent);
        sent = lines.length;
        const text = take(formatLines(fresh, { ...q, tailLines: undefined }, undefined).join(''));
        if (text) yield text;
        if (ended) return;
      }
    },
  };
}
