// An exec stream, whichever the backend: the Kubernetes channel protocol over WebSocket
// (v5.channel.k8s.io, else v4.channel.k8s.io) to a real API server, or the embedded kubelet's
// simulated shell in-process. Either way: stdin in, stdout/stderr out, an exit code at the end.
import { CliError, StatusError, statusErrorFrom } from '../client/errors.js';
import type { StreamTarget } from './stream-target.js';
import { webSocketUrl } from './stream-target.js';

export interface ExecParams {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecSink {
  stdout(data: Buffer): void;
  stderr(data: Buffer): void;
}

export interface ExecChannel {
  input(data: Buffer): void;
  endInput(): void;
  resize(width: number, height: number): void;
  /** The remote command's exit code once the stream ends. */
  done: Promise<number>;
  close(): void;
}

const CH = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 };
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The exit code a channel-3 Status reports; other failures become kubectl's error line. */
export function exitCodeOf(statusJson: string): number {
  let status: any;
  try {
    status = JSON.parse(statusJson);
  } catch {
    throw new CliError(`error: ${statusJson}`);
  }
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = (status.details?.causes ?? []).find((c: any) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return code;
  }
  throw new CliError(`error: ${status.message ?? statusJson}`);
}

/** A refused upgrade, as kubectl's WebSocket executor reports it: the Status when there is one. */
export function refusal(code: number, body: string): StatusError | CliError {
  try {
    if (JSON.parse(body)?.kind === 'Status') return statusErrorFrom(code, body);
  } catch { /* not a Status */ }
  return new CliError(`error: unable to upgrade connection: ${body.trim() || code}`);
}

export function openExec(target: StreamTarget, p: ExecParams, sink: ExecSink): Promise<ExecChannel> {
  return target.kind === 'remote' ? remoteExec(target, p, sink) : embeddedExec(target, p, sink);
}

function execQuery(p: ExecParams): Record<string, string | string[]> {
  return {
    command: p.command, container: p.container, stdout: 'true',
    ...(p.stdin ? { stdin: 'true' } : {}), ...(p.tty ? { tty: 'true' } : { stderr: 'true' }),
  };
}

async function remoteExec(target: Extract<StreamTarget, { kind: 'remote' }>, p: ExecParams, sink: ExecSink): Promise<ExecChannel> {
  const { WebSocket } = await import('ws');
  const url = webSocketUrl(target.server, `/api/v1/namespaces/${p.namespace}/pods/${p.pod}/exec`, execQuery(p));
  const ws = new WebSocket(url, PROTOCOLS, { ...target.tls, headers: target.headers, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(refusal(res.statusCode ?? 0, body)));
    });
    ws.on('error', (e) => reject(new CliError(`error: ${e.message}`)));
  });
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  let status: string | undefined;
  const done = new Promise<number>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      const body = bytes.subarray(1);
      if (bytes[0] === CH.stdout) sink.stdout(body);
      else if (bytes[0] === CH.stderr) sink.stderr(body);
      else if (bytes[0] === CH.error) status = (status ?? '') + body.toString();
    });
    ws.on('close', () => {
      try {
        resolve(status === undefined ? 0 : exitCodeOf(status));
      } catch (e) {
        reject(e);
      }
    });
  });
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  return {
    input: (data) => send(CH.stdin, data),
    // v4 has no half-close: the command sees end of input only when the connection ends.
    endInput: () => (v5 ? send(CH.close, Buffer.from([CH.stdin])) : undefined),
    resize: (width, height) => send(CH.resize, Buffer.from(JSON.stringify({ Width: width, Height: height }))),
    done,
    close: () => ws.close(),
  };
}

async function embeddedExec(target: Extract<StreamTarget, { kind: 'embedded' }>, p: ExecParams, sink: ExecSink): Promise<ExecChannel> {
  const [{ openCluster }, { ExecSession, containerSandbox, execTarget }, { ApiError }] = await Promise.all([
    import('../backends/embedded/cluster.js'),
    import('../backends/embedded/apiserver/pod-exec.js'),
    import('../backends/embedded/apiserver/status.js'),
  ]);
  const cluster = openCluster(target.home, target.cluster);
  const opts = { container: p.container, command: p.command, stdin: p.stdin, stdout: true, stderr: !p.tty, tty: p.tty };
  let sandbox;
  try {
    const { pod, container } = execTarget(cluster.server.registry, p.namespace, p.pod, opts);
    sandbox = containerSandbox(cluster.server.registry, pod, container);
  } catch (e) {
    if (e instanceof ApiError) throw refusal(e.code, e.reason === '' ? e.message : JSON.stringify(e.toStatus()));
    throw e;
  } finally {
    cluster.close();
  }
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const session = new ExecSession(sandbox, opts, {
    stdout: (text) => sink.stdout(Buffer.from(text)),
    stderr: (text) => sink.stderr(Buffer.from(text)),
    exit: (code) => finish(code),
  });
  session.start();
  return {
    input: (data) => session.input(data.toString('utf8')),
    endInput: () => session.endInput(),
    resize: () => {},
    done,
    close: () => session.endInput(),
  };
}
