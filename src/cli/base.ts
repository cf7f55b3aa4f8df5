// What every kubectl-style command shares: the global connection flags and kubectl's error lines.
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type { ConnectionFlags, Connection } from '../connect.js';
import { raiseHeldSignal } from './interrupt.js';

export const connectionFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use for CLI requests.', helpGroup: 'GLOBAL' }),
  context: Flags.string({ description: 'The name of the kubeconfig context to use', helpGroup: 'GLOBAL' }),
  cluster: Flags.string({ description: 'The name of the kubeconfig cluster to use', helpGroup: 'GLOBAL' }),
  user: Flags.string({ description: 'The name of the kubeconfig user to use', helpGroup: 'GLOBAL' }),
  namespace: Flags.string({ char: 'n', description: 'If present, the namespace scope for this CLI request', helpGroup: 'GLOBAL' }),
  server: Flags.string({ char: 's', description: 'The address and port of the Kubernetes API server', helpGroup: 'GLOBAL' }),
  token: Flags.string({ description: 'Bearer token for authentication to the API server', helpGroup: 'GLOBAL' }),
  'certificate-authority': Flags.string({ description: 'Path to a cert file for the certificate authority', helpGroup: 'GLOBAL' }),
  'client-certificate': Flags.string({ description: 'Path to a client certificate file for TLS', helpGroup: 'GLOBAL' }),
  'client-key': Flags.string({ description: 'Path to a client key file for TLS', helpGroup: 'GLOBAL' }),
  'insecure-skip-tls-verify': Flags.boolean({ description: "If true, the server's certificate will not be checked for validity.", helpGroup: 'GLOBAL' }),
  'tls-server-name': Flags.string({ description: 'Server name to use for server certificate validation.', helpGroup: 'GLOBAL' }),
  'request-timeout': Flags.string({ description: 'The length of time to wait before giving up on a single server request.', helpGroup: 'GLOBAL' }),
  v: Flags.integer({ char: 'v', description: 'number for the log level verbosity', helpGroup: 'GLOBAL' }),
  as: Flags.string({ description: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.', helpGroup: 'GLOBAL' }),
  'as-group': Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.', helpGroup: 'GLOBAL' }),
};

export abstract class KubeCommand extends Command {
  static baseFlags = connectionFlags;
  private connection?: Connection;

  /** Connect once per command, from the global flags. */
  protected async connect(flags: ConnectionFlags): Promise<Connection> {
    // Loaded on use: --help and flag errors should not pay for kubeconfig and transports.
    const { connect } = await import('../connect.js');
    return (this.connection ??= await connect(flags));
  }

  protected async finally(err: Error | undefined): Promise<unknown> {
    await this.connection?.client.transport.close();
    raiseHeldSignal();
    return super.finally(err);
  }
}

export function out(text: string): void {
  if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}
