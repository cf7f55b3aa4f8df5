// The kubelet's side of port-forward's "portforward.k8s.io" protocol over a SPDY session, as
// client-go's port forwarder speaks it: each local connection opens two streams carrying the
// headers streamType ("error" or "data"), port and requestID. Once both streams of a request are
// there, the data stream is connected to the simulated pod's HTTP server on that port; whatever
// goes wrong is written as text on the error stream, and both are closed when the connection ends.
import type { KubeObject } from '../apiserver/objects.js';
import { simulatedHttpServer } from '../proxy/simulated-http.js';
import { sandboxID } from '../kubelet/images.js';
import type { SpdyStream } from '../../spdy/session.js';

/** How long the second stream of a request may keep the first waiting (the kubelet's default). */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

type Pod = KubeObject & { spec?: any; status?: any };

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/**
 * A simulated pod answers on the ports its containers declare, or on every port when none
 * declares any. Otherwise the runtime's "connection refused", worded as containerd and the kubelet
 * report it.
 */
export function forwardError(pod: Pod | undefined, port: number): string | undefined {
  const sandbox = sandboxID(pod?.metadata?.uid ?? '');
  const prefix = `error forwarding port ${port} to pod ${sandbox}, uid : `;
  if (!pod || pod.status?.phase !== 'Running') return `${prefix}network namespace for sandbox "${sandbox}" is closed`;
  const declared = (pod.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
  if (declared.length === 0 || declared.includes(port)) return undefined;
  const netns = `/var/run/netns/cni-${sandbox.slice(0, 8)}-${sandbox.slice(8, 12)}-${sandbox.slice(12, 16)}-${sandbox.slice(16, 20)}-${sandbox.slice(20, 32)}`;
  return `${prefix}failed to execute portforward in network namespace "${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
}

/** The handler for a session's streams; `pod` is read per connection, so answers follow the pod as it is now. */
export function portForwardStreams(pod: () => Pod | undefined): (stream: SpdyStream) => void {
  const pairs = new Map<string, Pair>();
  return (stream) => {
    const { port: portText = '', streamtype: type = '' } = stream.headers;
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535 || (type !== 'data' && type !== 'error')) {
      stream.reset();
      return;
    }
    // Clients older than request IDs open the error stream, then the data stream, with consecutive IDs.
    const requestID = stream.headers.requestid ?? String(type === 'error' ? stream.id : stream.id - 2);
    let pair = pairs.get(requestID);
    if (!pair) {
      const created: Pair = {
        timer: setTimeout(() => {
          pairs.delete(requestID);
          created.error?.end(`timed out waiting for streams for request ${requestID}`);
          created.data?.reset();
        }, STREAM_CREATION_TIMEOUT_MS).unref(),
      };
      pairs.set(requestID, (pair = created));
    }
    if (pair[type]) {
      pair.error?.write(`error processing stream for request ${requestID}: ${type} stream already assigned`);
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(requestID);
      forward(pair.data, pair.error, port, pod);
    }
  };
}

function forward(data: SpdyStream, error: SpdyStream, port: number, pod: () => Pod | undefined): void {
  // The client writes nothing on the error stream, only its FIN.
  error.resume();
  const problem = forwardError(pod(), port);
  if (problem) {
    error.end(problem);
    data.end();
    return;
  }
  data.once('close', () => error.end());
  simulatedHttpServer(pod).emit('connection', data);
}
