// `exec`: kubectl's choice of pod and container, then one exec stream with stdin, a raw-mode TTY
// with resizes, and the remote command's exit code as our own.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { defaultContainer, podsForObject } from './pod-for-object.js';
import { openExec } from './exec-channel.js';

export interface ExecOptions {
  namespace: string;
  target: string;
  container?: string;
  command: string[];
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
}

export interface ExecIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: NodeJS.WritableStream & { columns?: number; rows?: number; on?(event: 'resize', cb: () => void): unknown };
  stderr: NodeJS.WritableStream;
  /** Resolves when the user interrupts: the session ends and the terminal is restored. */
  interrupted?: Promise<void>;
}

const USAGE = "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples";

/** Run the exec; resolves to the exit code, or throws kubectl's error line. */
export async function runExec(client: KubeClient, o: ExecOptions, io: ExecIO): Promise<number> {
  if (!o.target) throw new CliError("error: pod, type/name or --filename must be specified\nSee 'kubectl exec -h' for help and examples");
  if (o.command.length === 0) throw new CliError(USAGE);
  const { pods } = await podsForObject(client, o.namespace, o.target);
  const pod = pods[0]!;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new CliError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  }
  const warn = (t: string) => io.stderr.write(t);
  const container = o.container || defaultContainer(pod, warn, o.quiet);
  let tty = !!o.tty;
  if (tty && !(o.stdin && io.stdin.isTTY)) {
    if (!o.quiet) warn('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  // Once interrupted, nothing more from the session reaches the terminal (kubectl exits at once).
  let interrupted = false;
  void io.interrupted?.then(() => (interrupted = true));
  const channel = await openExec(client.transport, {
    namespace: pod.metadata.namespace ?? o.namespace, pod: pod.metadata.name, container, command: o.command, stdin: !!o.stdin, tty,
  }, { stdout: (d) => interrupted || io.stdout.write(d), stderr: (d) => interrupted || io.stderr.write(d) });

  const cleanups: Array<() => void> = [];
  if (tty) {
    io.stdin.setRawMode?.(true);
    cleanups.push(() => io.stdin.setRawMode?.(false));
    const resize = () => channel.resize(io.stdout.columns ?? 80, io.stdout.rows ?? 24);
    resize();
    io.stdout.on?.('resize', resize);
  }
  if (o.stdin) {
    const onData = (d: Buffer | string) => channel.input(typeof d === 'string' ? Buffer.from(d) : d);
    const onEnd = () => channel.endInput();
    io.stdin.on('data', onData);
    io.stdin.on('end', onEnd);
    io.stdin.resume();
    cleanups.push(() => {
      io.stdin.off('data', onData);
      io.stdin.off('end', onEnd);
      io.stdin.pause();
    });
  }
  try {
    // Interrupted, the session just ends: the interruption itself makes the exit code 1.
    const ended = io.interrupted?.then(() => 0) ?? new Promise<never>(() => {});
    const code = await Promise.race([channel.done, ended]);
    if (code !== 0) throw new CliError(`command terminated with exit code ${code}`, code);
    return 0;
  } finally {
    for (const c of cleanups) c();
    channel.close();
  }
}
