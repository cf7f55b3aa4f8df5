// The transport commands use on an embedded cluster: requests go to the API server in-process,
// and the control plane catches up before the first request and settles what the command wrote
// before it ends.
import { hostname } from 'node:os';
import type { Transport } from '../transport.js';
import { inProcessTransport } from './in-process-transport.js';
import type { UserInfo } from './apiserver/auth/user.js';
import type { OpenCluster } from './cluster.js';
import { ControlPlane } from './controllers/manager.js';
import { allControllers } from './controllers/index.js';

export function createEmbeddedTransport(cluster: OpenCluster, user: UserInfo, clock: () => Date = () => new Date()): Transport {
  const inner = inProcessTransport(cluster.server, `https://127.0.0.1:${cluster.record.port}`, user);
  const controlPlane = new ControlPlane({
    server: cluster.server, store: cluster.store, controllers: allControllers({ rootCA: cluster.caCert }), clock, identity: `cli/${hostname()}/${process.pid}`,
    batchWrites: true,
  });
  let caughtUp: Promise<void> | undefined;
  let wrote = false;
  let streams = 0;
  let stopping: Promise<void> = Promise.resolve();
  // An in-process watch holds no socket, so nothing would keep the process alive while one is open.
  let keepAlive: NodeJS.Timeout | undefined;
  // With a cluster whose file cannot be written, the controllers cannot catch up: reads still answer.
  const catchUp = () => (caughtUp ??= (controlPlane.needsSettle() ? controlPlane.settle() : Promise.resolve()).catch((e) => {
    if (!cluster.store.failure) throw e;
  }));
  return {
    server: inner.server,
    async request(req) {
      await catchUp();
      if (req.method === 'GET') return inner.request(req);
      wrote = true;
      const res = await inner.request(req);
      // A control plane reconciling alongside (a watch is open) may hold a batch of writes open:
      // what the command is told it wrote must be committed.
      cluster.store.commitBatch();
      // The API server answered 500; in-process, a cluster whose file cannot be written ends the command.
      if (cluster.store.failure) throw cluster.store.failure;
      return res;
    },
    async stream(req) {
      await catchUp();
      // A watch sees the cluster move: reconcile for as long as one is open.
      if (streams++ === 0) {
        controlPlane.start();
        keepAlive = setInterval(() => undefined, 2 ** 30);
      }
      const res = await inner.stream(req);
      return {
        ...res,
        close: () => {
          res.close();
          if (--streams === 0) {
            clearInterval(keepAlive);
            stopping = controlPlane.stop();
          }
        },
      };
    },
    async channel(req) {
      await catchUp();
      return inner.channel(req);
    },
    async close() {
      if (streams > 0) {
        clearInterval(keepAlive);
        stopping = controlPlane.stop();
      }
      await stopping;
      if (wrote && !cluster.store.failure) await controlPlane.settle();
      cluster.close();
    },
  };
}
