export * from './types.js';
export { kubeconfigPaths, loadKubeconfig, type LoadOptions } from './load.js';
export { mergeKubeconfigs, type KubeconfigSources, type LoadedFile, type MergedKubeconfig } from './merge.js';
export {
  parseRequestTimeout,
  resolveContext,
  type ClusterInfo,
  type Overrides,
  type ResolvedContext,
  type UserInfo,
} from './resolve.js';
export { serializeKubeconfig, writeKubeconfig } from './write.js';
export {
  isEmptyKubeconfig,
  removeCluster,
  removeContext,
  removeUser,
  setCurrentContext,
  upsertCluster,
  upsertContext,
  upsertUser,
} from './edit.js';
export {
  defaultFilename,
  modifyKubeconfig,
  planModification,
  realFileSystem,
  type ConfigAccess,
  type FileSystem,
  type ModifyOptions,
  type Origins,
} from './modify.js';
export { canonicalBase64, encodeV1 } from './v1.js';
