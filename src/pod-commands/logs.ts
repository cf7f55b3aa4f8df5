// `logs`: the log requests kubectl makes for POD, TYPE/NAME or -l, and how it prints them
// (sequentially, or interleaved by line when following several streams), with [pod/x/c] prefixes.
import type { KubeClient } from '../client/client.js';
import { CliError, statusErrorFrom } from '../client/errors.js';
import { parseDuration } from '../cli/durations.js';
import { byLogging, defaultContainer, podsForObject, type Pod } from './pod-for-object.js';

export interface LogsOptions {
  args: string[];
  namespace: string;
  container?: string;
  follow?: boolean;
  previous?: boolean;
  /** -1: all lines (kubectl's default), unless a selector makes it 10. */
  tail?: number;
  since?: string;
  sinceTime?: string;
  timestamps?: boolean;
  allContainers?: boolean;
  allPods?: boolean;
  selector?: string;
  prefix?: boolean;
  maxLogRequests?: number;
  limitBytes?: number;
  ignoreErrors?: boolean;
}

export interface LogsIO {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the user interrupts a follow. */
  interrupted?: Promise<void>;
}

export interface LogRequest {
  pod: string;
  namespace: string;
  container: string;
}

const USAGE = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
/** kubectl's tail for a selector when --tail is not given. */
const SELECTOR_TAIL = 10;

export function validateLogs(o: LogsOptions): void {
  if (o.args.length === 0 && !o.selector) throw new CliError(USAGE);
  if (o.args.length === 1 && o.selector) throw new CliError("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
  if (o.args.length > 2) throw new CliError(USAGE);
  if (o.sinceTime && o.since) throw new CliError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (o.args.length === 2 && o.container) throw new CliError('error: only one of -c or an inline [CONTAINER] arg is allowed');
  const container = o.container ?? o.args[1];
  if (o.allContainers && container) throw new CliError(`error: --all-containers=true should not be specified with container name ${container}`);
  if (o.limitBytes !== undefined && o.limitBytes < 0) throw new CliError('error: --limit-bytes must be greater than 0');
  if (o.tail !== undefined && o.tail < -1) throw new CliError('error: --tail must be greater than or equal to -1');
}

/** The PodLogOptions query kubectl sends. */
export function logQuery(o: LogsOptions, container: string): Record<string, string> {
  const q: Record<string, string> = { container };
  if (o.follow) q.follow = 'true';
  if (o.previous) q.previous = 'true';
  if (o.timestamps) q.timestamps = 'true';
  const tail = o.tail === undefined || o.tail === -1 ? (o.selector ? SELECTOR_TAIL : undefined) : o.tail;
  if (tail !== undefined) q.tailLines = String(tail);
  if (o.since) {
    const seconds = Math.round(parseDuration(o.since) / 1000);
    if (seconds < 0) throw new CliError('error: --since must be greater than 0');
    q.sinceSeconds = String(seconds);
  }
  if (o.sinceTime) {
    const t = Date.parse(o.sinceTime);
    if (Number.isNaN(t)) throw new CliError(`error: parsing time "${o.sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${o.sinceTime}" as "2006"`);
    q.sinceTime = new Date(t).toISOString().replace('.000Z', 'Z');
  }
  if (o.limitBytes) q.limitBytes = String(o.limitBytes);
  return q;
}

function containersOf(pod: Pod, o: LogsOptions, explicit: string | undefined, warn: (t: string) => void, quiet: boolean): string[] {
  if (o.allContainers) return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name);
  const name = explicit ?? defaultContainer(pod, warn, quiet);
  const exists = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].some((c: any) => c.name === name);
  if (!exists) throw new CliError(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
  return [name];
}

/** The log requests for the arguments, in the order their output is printed. */
export async function logRequests(client: KubeClient, o: LogsOptions, warn: (t: string) => void): Promise<LogRequest[]> {
  const explicit = o.container ?? o.args[1];
  let pods: Pod[];
  let quiet = false;
  if (o.selector) {
    const list = await client.request('GET', `/api/v1/namespaces/${o.namespace}/pods`, { query: { labelSelector: o.selector } });
    pods = (list.items as Pod[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    if (pods.length === 0) warn(`No resources found in ${o.namespace} namespace.\n`);
  } else {
    const found = await podsForObject(client, o.namespace, o.args[0]!, { all: o.allPods, notFoundInNamespace: true });
    pods = found.pods;
    if (found.matched > 1 && !o.allPods) warn(`Found ${found.matched} pods, using pod/${pods[0]!.metadata.name}\n`);
    quiet = !!o.allPods;
    if (o.allPods) pods.sort(byLogging);
  }
  return pods.flatMap((pod) => containersOf(pod, o, explicit, warn, quiet).map((container) => ({ pod: pod.metadata.name, namespace: pod.metadata.namespace ?? o.namespace, container })));
}

const prefixOf = (r: LogRequest) => `[pod/${r.pod}/${r.container}] `;

/** Write whole lines only (with the prefix), keeping a partial line until it completes. */
function lineWriter(write: (t: string) => void, prefix: string) {
  let partial = '';
  return {
    push(chunk: string) {
      const text = partial + chunk;
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        partial = text;
        return;
      }
      partial = text.slice(end + 1);
      write(prefix ? text.slice(0, end).split('\n').map((line) => `${prefix}${line}\n`).join('') : text.slice(0, end + 1));
    },
    flush() {
      if (partial) write(prefix + partial);
      partial = '';
    },
  };
}

async function streamLog(client: KubeClient, r: LogRequest, query: Record<string, string>, write: (t: string) => void, stop: Promise<void>): Promise<void> {
  const res = await client.transport.stream({ method: 'GET', path: `/api/v1/namespaces/${r.namespace}/pods/${r.pod}/log`, query, headers: { accept: '*/*' } });
  if (res.status < 200 || res.status > 299) {
    let body = '';
    for await (const c of res.chunks) body += c;
    res.close();
    throw statusErrorFrom(res.status, body);
  }
  let stopped = false;
  void stop.then(() => {
    stopped = true;
    res.close();
  });
  try {
    for await (const chunk of res.chunks) {
      if (stopped) break;
      write(chunk);
    }
  } finally {
    res.close();
  }
}

export async function runLogs(client: KubeClient, o: LogsOptions, io: LogsIO): Promise<number> {
  validateLogs(o);
  const requests = await logRequests(client, o, io.err);
  const max = o.maxLogRequests ?? 5;
  if (o.follow && requests.length > 1 && requests.length > max) {
    throw new CliError(`error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`);
  }
  const stop = io.interrupted ?? new Promise<void>(() => {});
  const consume = async (r: LogRequest) => {
    const writer = lineWriter(io.out, o.prefix ? prefixOf(r) : '');
    try {
      if (o.follow) {
        await streamLog(client, r, logQuery(o, r.container), (t) => writer.push(t), stop);
      } else {
        const res = await client.transport.request({ method: 'GET', path: `/api/v1/namespaces/${r.namespace}/pods/${r.pod}/log`, query: logQuery(o, r.container), headers: { accept: '*/*' } });
        if (res.status < 200 || res.status > 299) throw statusErrorFrom(res.status, res.body);
        writer.push(res.body);
      }
    } catch (e) {
      writer.flush();
      if (!o.ignoreErrors) throw e;
      io.out(`error: ${(e as Error).message}\n`);
      return;
    }
    writer.flush();
  };
  if (o.follow && requests.length > 1) await Promise.all(requests.map(consume));
  else for (const r of requests) await consume(r);
  return 0;
}
