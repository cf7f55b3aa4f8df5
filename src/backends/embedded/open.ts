// Open an embedded cluster for one CLI process: the in-process transport over its store, acting as
// the user the context's token names (the cluster admin for the context `cluster create` wrote).
import type { Transport } from '../transport.js';
import { CliError } from '../../client/errors.js';
import { bearerAuthenticator } from './authenticate.js';
import { openCluster } from './cluster.js';
import { createEmbeddedTransport } from './transport.js';

export function openEmbeddedTransport(home: string, name: string, token: string | undefined): Transport {
  const cluster = openCluster(home, name);
  const user = token ? bearerAuthenticator(cluster)(token) : undefined;
  if (!user) {
    cluster.close();
    throw new CliError('error: You must be logged in to the server (Unauthorized)');
  }
  return createEmbeddedTransport(cluster, user);
}
