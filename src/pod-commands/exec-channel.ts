// An exec stream, whichever the backend: the Kubernetes channel protocol (v5.channel.k8s.io, else
// v4.channel.k8s.io) through the transport's channel, which reaches a real API server over
// WebSocket or the embedded kubelet's simulated shell in-process. Either way: stdin in,
// stdout/stderr out, an exit code at the end.
import { CliError, StatusError, statusErrorFrom } from '../client/errors.js';
import { UpgradeRefused, type Channel, type Transport } from '../backends/transport.js';

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

function execQuery(p: ExecParams): Record<string, string | string[]> {
  return {
    command: p.command, container: p.container, stdout: 'true',
    ...(p.stdin ? { stdin: 'true' } : {}), ...(p.tty ? { tty: 'true' } : { stderr: 'true' }),
  };
}

/** Open the exec through the transport: over WebSocket to a real cluster, in-process to the embedded one. */
export async function openExec(transport: Transport, p: ExecParams, sink: ExecSink): Promise<ExecChannel> {
  let channel: Channel;
  try {
    channel = await transport.channel({ path: `/api/v1/namespaces/${p.namespace}/pods/${p.pod}/exec`, query: execQuery(p), protocols: PROTOCOLS });
  } catch (e) {
    if (e instanceof UpgradeRefused) throw refusal(e.code, e.body);
    throw e;
  }
  const v5 = channel.protocol === 'v5.channel.k8s.io';
  let status: string | undefined;
  const done = new Promise<number>((resolve, reject) => {
    channel.onMessage((bytes) => {
      const body = bytes.subarray(1);
      if (bytes[0] === CH.stdout) sink.stdout(body);
      else if (bytes[0] === CH.stderr) sink.stderr(body);
      else if (bytes[0] === CH.error) status = (status ?? '') + body.toString();
    });
    channel.onClose(() => {
      try {
        resolve(status === undefined ? 0 : exitCodeOf(status));
      } catch (e) {
        reject(e);
      }
    });
  });
  const send = (id: number, data: Buffer) => channel.send(Buffer.concat([Buffer.from([id]), data]));
  return {
    input: (data) => send(CH.stdin, data),
    // v4 has no half-close: the command sees end of input only when the connection ends.
    endInput: () => (v5 ? send(CH.close, Buffer.from([CH.stdin])) : undefined),
    resize: (width, height) => send(CH.resize, Buffer.from(JSON.stringify({ Width: width, Height: height }))),
    done,
    close: () => channel.close(),
  };
}
