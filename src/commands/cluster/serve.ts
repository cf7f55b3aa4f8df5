import { hostname } from 'node:os';
import * as Args from '@oclif/core/args';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { CliError } from '../../client/errors.js';
import { DEFAULT_CLUSTER, contextName } from '../../embedded-context.js';

// kine keeps the last 1000 revisions; so do we, compacting once a minute. The write-ahead log is
// checkpointed more often, on a thread of its own (background-checkpoint.ts).
const COMPACT_INTERVAL_MS = 60_000;
const CHECKPOINT_INTERVAL_MS = 5_000;
const KEEP_REVISIONS = 1000;
/** How long SIGTERM (or Ctrl-C) waits for connections to end and the lease to be given up. */
const SHUTDOWN_GRACE_MS = 5_000;

export default class ClusterServe extends Command {
  static summary = 'Serve an embedded cluster\'s API over HTTPS on loopback, for kubectl and other clients';
  static args = { name: Args.string({ description: 'cluster name' }) };
  static flags = {
    name: Flags.string({ description: 'cluster name (overrides the argument)' }),
    address: Flags.string({ default: '127.0.0.1', description: 'address to listen on' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterServe);
    const name = flags.name ?? args.name ?? DEFAULT_CLUSTER;
    const { ClusterError, openCluster, tkctlHome } = await import('../../backends/embedded/cluster.js');
    const { serveCluster } = await import('../../backends/embedded/serve.js');
    const home = tkctlHome();
    let cluster;
    try {
      cluster = openCluster(home, name);
    } catch (e) {
      if (e instanceof ClusterError) throw new CliError(`error: ${e.message}`);
      throw e;
    }
    // Concurrent clients' writes (and the controllers') share commits.
    cluster.store.groupCommits();
    let served;
    try {
      served = await serveCluster({ home, cluster, address: flags.address });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      cluster.close();
      if (code === 'EADDRINUSE') throw new CliError(`error: listen tcp ${flags.address}:${cluster.record.port}: bind: address already in use`);
      throw e;
    }
    const { ControlPlane } = await import('../../backends/embedded/controllers/manager.js');
    const { allControllers } = await import('../../backends/embedded/controllers/index.js');
    const { ProxyController } = await import('../../backends/embedded/proxy/proxy.js');
    const proxy = new ProxyController({
      address: flags.address,
      portMappings: cluster.record.config.nodes.flatMap((n) => n.extraPortMappings ?? []),
      warn: (message) => process.stderr.write(`Warning: ${message}\n`),
    });
    const controlPlane = new ControlPlane({
      server: cluster.server, store: cluster.store, controllers: [...allControllers({ rootCA: cluster.caCert }), proxy], clock: () => new Date(), identity: `serve/${hostname()}/${process.pid}`,
    });
    controlPlane.start();
    // Housekeeping that finds the disk full or read-only tries again next round; requests meanwhile
    // answer 500 with the reason, as kube-apiserver does when etcd is out of space.
    const { FatalError } = await import('../../client/errors.js');
    const housekeeping = (task: () => void) => () => {
      try {
        task();
      } catch (e) {
        if (!(e instanceof FatalError)) throw e;
      }
    };
    const compactor = setInterval(housekeeping(() => cluster.store.compact(cluster.store.currentRevision() - KEEP_REVISIONS)), COMPACT_INTERVAL_MS);
    const { startCheckpoints } = await import('../../backends/embedded/store/background-checkpoint.js');
    const checkpoints = startCheckpoints(cluster.store.path, CHECKPOINT_INTERVAL_MS);
    process.stderr.write(`Serving cluster "${name}" at https://${flags.address}:${cluster.record.port} (context "${contextName(name)}")\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // Shutting down is bounded: a second signal, or a step that does not finish, ends the process now.
    const force = (why?: string) => {
      if (why) process.stderr.write(`error: ${why}\n`);
      process.exit(1);
    };
    process.once('SIGINT', () => force());
    process.once('SIGTERM', () => force());
    setTimeout(() => force(`the server did not shut down within ${SHUTDOWN_GRACE_MS / 1000}s`), SHUTDOWN_GRACE_MS).unref();
    await served.close();
    await controlPlane.stop();
    proxy.stop();
    clearInterval(compactor);
    await checkpoints.stop();
    cluster.close();
  }
}
