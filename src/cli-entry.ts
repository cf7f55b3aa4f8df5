// The bundle's entry: the command table oclif loads (explicit strategy) and the CLI's main.
import { runCli, type CommandTable } from './main.js';
import Annotate from './commands/annotate.js';
import ApiResources from './commands/api-resources.js';
import ApiVersions from './commands/api-versions.js';
import Apply from './commands/apply.js';
import AuthCanI from './commands/auth/can-i.js';
import Autoscale from './commands/autoscale.js';
import ClusterInfo from './commands/cluster-info.js';
import Complete from './commands/__complete.js';
import Completion from './commands/completion.js';
import ClusterCreate from './commands/cluster/create.js';
import ClusterDelete from './commands/cluster/delete.js';
import ClusterList from './commands/cluster/list.js';
import ClusterServe from './commands/cluster/serve.js';
import ConfigCurrentContext from './commands/config/current-context.js';
import ConfigDeleteCluster from './commands/config/delete-cluster.js';
import ConfigDeleteContext from './commands/config/delete-context.js';
import ConfigDeleteUser from './commands/config/delete-user.js';
import ConfigGetClusters from './commands/config/get-clusters.js';
import ConfigGetContexts from './commands/config/get-contexts.js';
import ConfigGetUsers from './commands/config/get-users.js';
import ConfigRenameContext from './commands/config/rename-context.js';
import ConfigSet from './commands/config/set.js';
import ConfigSetCluster from './commands/config/set-cluster.js';
import ConfigSetContext from './commands/config/set-context.js';
import ConfigSetCredentials from './commands/config/set-credentials.js';
import ConfigUnset from './commands/config/unset.js';
import ConfigUseContext from './commands/config/use-context.js';
import ConfigView from './commands/config/view.js';
import Create from './commands/create.js';
import CreateConfigMap from './commands/create/configmap.js';
import CreateDeployment from './commands/create/deployment.js';
import CreateNamespace from './commands/create/namespace.js';
import CreateSecret from './commands/create/secret.js';
import CreateSecretGeneric from './commands/create/secret/generic.js';
import CreateService from './commands/create/service.js';
import CreateServiceClusterIP from './commands/create/service/clusterip.js';
import CreateServiceLoadBalancer from './commands/create/service/loadbalancer.js';
import CreateServiceNodePort from './commands/create/service/nodeport.js';
import Delete from './commands/delete.js';
import Describe from './commands/describe.js';
import Exec from './commands/exec.js';
import Explain from './commands/explain.js';
import Get from './commands/get.js';
import Label from './commands/label.js';
import Logs from './commands/logs.js';
import PortForward from './commands/port-forward.js';
import Replace from './commands/replace.js';
import RolloutHistory from './commands/rollout/history.js';
import RolloutPause from './commands/rollout/pause.js';
import RolloutRestart from './commands/rollout/restart.js';
import RolloutResume from './commands/rollout/resume.js';
import RolloutStatus from './commands/rollout/status.js';
import RolloutUndo from './commands/rollout/undo.js';
import Run from './commands/run.js';
import Scale from './commands/scale.js';
import SetEnv from './commands/set/env.js';
import SetImage from './commands/set/image.js';
import SetResources from './commands/set/resources.js';
import TopNode from './commands/top/node.js';
import TopPod from './commands/top/pod.js';
import Validate from './commands/validate.js';
import Version from './commands/version.js';
import Wait from './commands/wait.js';

export const commands: CommandTable = {
  annotate: Annotate,
  'api-resources': ApiResources,
  'api-versions': ApiVersions,
  apply: Apply,
  'auth:can-i': AuthCanI,
  autoscale: Autoscale,
  'cluster-info': ClusterInfo,
  __complete: Complete,
  completion: Completion,
  'cluster:create': ClusterCreate,
  'cluster:delete': ClusterDelete,
  'cluster:list': ClusterList,
  'cluster:serve': ClusterServe,
  'config:current-context': ConfigCurrentContext,
  'config:delete-cluster': ConfigDeleteCluster,
  'config:delete-context': ConfigDeleteContext,
  'config:delete-user': ConfigDeleteUser,
  'config:get-clusters': ConfigGetClusters,
  'config:get-contexts': ConfigGetContexts,
  'config:get-users': ConfigGetUsers,
  'config:rename-context': ConfigRenameContext,
  'config:set': ConfigSet,
  'config:set-cluster': ConfigSetCluster,
  'config:set-context': ConfigSetContext,
  'config:set-credentials': ConfigSetCredentials,
  'config:unset': ConfigUnset,
  'config:use-context': ConfigUseContext,
  'config:view': ConfigView,
  create: Create,
  'create:configmap': CreateConfigMap,
  'create:deployment': CreateDeployment,
  'create:namespace': CreateNamespace,
  'create:secret': CreateSecret,
  'create:secret:generic': CreateSecretGeneric,
  'create:service': CreateService,
  'create:service:clusterip': CreateServiceClusterIP,
  'create:service:loadbalancer': CreateServiceLoadBalancer,
  'create:service:nodeport': CreateServiceNodePort,
  delete: Delete,
  describe: Describe,
  exec: Exec,
  explain: Explain,
  get: Get,
  label: Label,
  logs: Logs,
  'port-forward': PortForward,
  replace: Replace,
  'rollout:history': RolloutHistory,
  'rollout:pause': RolloutPause,
  'rollout:restart': RolloutRestart,
  'rollout:resume': RolloutResume,
  'rollout:status': RolloutStatus,
  'rollout:undo': RolloutUndo,
  run: Run,
  scale: Scale,
  'set:env': SetEnv,
  'set:image': SetImage,
  'set:resources': SetResources,
  'top:node': TopNode,
  'top:pod': TopPod,
  validate: Validate,
  version: Version,
  wait: Wait,
};

export function main(argv: string[]): Promise<void> {
  return runCli(argv, commands);
}
