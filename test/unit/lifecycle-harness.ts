// Scenario set-up for controller tests: a real Store in a temp dir, the API server with its
// bootstrap objects and kind's nodes, a ControlPlane running the given controllers on an injected
// clock, and a client that writes as a user does.
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/backends/embedded/store/store.js';
import { ApiServer } from '../../src/backends/embedded/apiserver/server.js';
import { bootstrap } from '../../src/backends/embedded/apiserver/bootstrap.js';
import { findResource } from '../../src/backends/embedded/apiserver/resources.js';
import { nodeObject } from '../../src/backends/embedded/nodes.js';
import { ControlPlane } from '../../src/backends/embedded/controllers/manager.js';
import type { Controller } from '../../src/backends/embedded/controllers/controller.js';
import { inProcessTransport } from '../../src/backends/embedded/in-process-transport.js';
import { KubeClient } from '../../src/client/client.js';

export const START = new Date('2025-03-04T05:06:07Z');

export interface Scenario {
  store: Store;
  server: ApiServer;
  client: KubeClient;
  controlPlane: ControlPlane;
  /** The injected clock reads this. */
  now: Date;
  advance(seconds: number): void;
  settle(): Promise<void>;
  /** GET that answers undefined for 404. */
  find(path: string): Promise<any>;
}

/** Registers hooks; the returned scenario's fields are fresh for every test. */
export function useScenario(controllers: () => Controller[]): Scenario {
  let dir = '';
  const s = { now: START } as Scenario;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tkctl-controllers-'));
    s.now = START;
    s.store = new Store(join(dir, 'state.db'));
    s.server = new ApiServer(s.store, () => s.now);
    bootstrap(s.server);
    const nodes = findResource('', 'v1', 'nodes')!;
    const names = ['kind-control-plane', 'kind-worker', 'kind-worker2'];
    names.forEach((name, i) => s.server.registry.create(nodes, undefined,
      nodeObject(name, { role: i === 0 ? 'control-plane' : 'worker' }, i, true, START), { dryRun: false, fieldValidation: 'Ignore', warnings: [] }));
    s.client = new KubeClient(inProcessTransport(s.server), 'default');
    s.controlPlane = new ControlPlane({ server: s.server, store: s.store, controllers: controllers(), clock: () => s.now, identity: 'test' });
  });
  afterEach(() => {
    s.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  s.advance = (seconds) => {
    s.now = new Date(s.now.getTime() + seconds * 1000);
  };
  s.settle = () => s.controlPlane.settle();
  s.find = async (path) => {
    try {
      return await s.client.request('GET', path);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  };
  return s;
}
