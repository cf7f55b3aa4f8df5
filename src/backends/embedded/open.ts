// Open an embedded cluster for one CLI process: the in-process transport over its store.
import type { Transport } from '../transport.js';
import { openCluster } from './cluster.js';
import { createEmbeddedTransport } from './transport.js';

export function openEmbeddedTransport(home: string, name: string): Transport {
  return createEmbeddedTransport(openCluster(home, name));
}
