// The bundle's entry: the command table oclif loads (explicit strategy) and the CLI's main.
import Apply from './commands/apply.js';
import ClusterCreate from './commands/cluster/create.js';
import ClusterDelete from './commands/cluster/delete.js';
import ClusterList from './commands/cluster/list.js';
import ClusterServe from './commands/cluster/serve.js';
import Create from './commands/create.js';
import Delete from './commands/delete.js';
import Get from './commands/get.js';
import Replace from './commands/replace.js';
import Version from './commands/version.js';

export const commands = {
  apply: Apply,
  'cluster:create': ClusterCreate,
  'cluster:delete': ClusterDelete,
  'cluster:list': ClusterList,
  'cluster:serve': ClusterServe,
  create: Create,
  delete: Delete,
  get: Get,
  replace: Replace,
  version: Version,
};

export { main } from './main.js';
