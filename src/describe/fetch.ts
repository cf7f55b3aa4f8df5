// What each describer needs from the API server, fetched as kubectl's describers fetch it, then
// handed to the pure describers.
import { KubeClient, resourcePath } from '../client/client.js';
import { apiVersionOf, type ResourceInfo } from '../client/discovery.js';
import { StatusError, formatError } from '../client/errors.js';
import { describeNamespace, describeNode, type LeaseResult } from './cluster.js';
import { describeConfigMap, describePersistentVolumeClaim, describeSecret, describeServiceAccount, podsForClaim } from './config.js';
import { eventFieldSelector } from './events.js';
import { selectorString, type Obj } from './format.js';
import { describeGeneric } from './generic.js';
import { describeHorizontalPodAutoscaler } from './hpa.js';
import { describeEndpoints, describeIngress, describeService, ingressServiceNames } from './network.js';
import { describePod } from './pod.js';
import { findReplicaSets } from './replicasets.js';
import {
  countPods, describeCronJob, describeDaemonSet, describeDeployment, describeJob, describeReplicaSet, describeStatefulSet,
} from './workloads.js';

export interface DescribeSettings {
  showEvents: boolean;
  chunkSize: number;
  now: Date;
}

interface Context {
  client: KubeClient;
  settings: DescribeSettings;
  namespace: string;
}

/** Every item of a list, following `continue` in chunks. */
async function listAll(client: KubeClient, path: string, query: Record<string, string>, chunkSize: number): Promise<Obj[]> {
  const items: Obj[] = [];
  let cont = '';
  do {
    const q: Record<string, string> = { ...query };
    if (chunkSize > 0) q.limit = String(chunkSize);
    if (cont) q.continue = cont;
    const page = await client.request('GET', path, { query: q });
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue ?? '';
  } while (cont);
  return items;
}

const nsPath = (namespace: string, plural: string, group = '') =>
  `${group ? `/apis/${group}` : '/api/v1'}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;

/** searchEvents: the events whose involvedObject is this object; a failure reads as no events. */
async function eventsFor(ctx: Context, obj: Obj, kind: string | undefined, uid = obj.metadata.uid): Promise<Obj[] | undefined> {
  if (!ctx.settings.showEvents) return undefined;
  const namespace = obj.metadata.namespace ?? '';
  const fieldSelector = eventFieldSelector({ name: obj.metadata.name, namespace, kind, uid });
  return listAll(ctx.client, nsPath(namespace, 'events'), { fieldSelector }, ctx.settings.chunkSize).catch(() => []);
}

async function podsMatching(ctx: Context, selector: Obj | undefined): Promise<Obj[]> {
  return listAll(ctx.client, nsPath(ctx.namespace, 'pods'), { labelSelector: selectorString(selector) }, ctx.settings.chunkSize);
}

/** Describe one object: GET it, fetch what its describer needs, render. Errors are StatusErrors from the server. */
export async function describeOne(client: KubeClient, r: ResourceInfo, namespace: string, name: string, settings: DescribeSettings): Promise<string> {
  const ctx: Context = { client, settings, namespace: r.namespaced ? namespace : '' };
  const obj: Obj = await client.request('GET', resourcePath(r, ctx.namespace || undefined, name));
  obj.metadata ??= {};
  const { now } = settings;
  const kind = `${r.group}/${r.kind}`;
  switch (kind) {
    case '/Pod': {
      const mirror = obj.metadata.annotations?.['kubernetes.io/config.mirror'];
      return describePod(obj, await eventsFor(ctx, obj, undefined, mirror ?? obj.metadata.uid), now);
    }
    case 'apps/Deployment': {
      const events = await eventsFor(ctx, obj, 'Deployment');
      const sets = await findReplicaSets(obj, (sel) => listAll(client, nsPath(ctx.namespace, 'replicasets', 'apps/v1'), { labelSelector: sel }, settings.chunkSize))
        .catch(() => ({ old: [], current: [] }));
      return describeDeployment(obj, sets.old, sets.current, events, now);
    }
    case 'apps/ReplicaSet': {
      const pods = await podsMatching(ctx, obj.spec?.selector);
      return describeReplicaSet(obj, await eventsFor(ctx, obj, 'ReplicaSet'), countPods(pods, obj.metadata.uid), now);
    }
    case 'apps/DaemonSet': {
      const pods = await podsMatching(ctx, obj.spec?.selector);
      return describeDaemonSet(obj, await eventsFor(ctx, obj, 'DaemonSet'), countPods(pods, obj.metadata.uid), now);
    }
    case 'apps/StatefulSet': {
      const pods = await podsMatching(ctx, obj.spec?.selector);
      return describeStatefulSet(obj, await eventsFor(ctx, obj, 'StatefulSet'), countPods(pods, obj.metadata.uid), now);
    }
    case 'batch/Job':
      return describeJob(obj, await eventsFor(ctx, obj, 'Job'), now);
    case 'batch/CronJob':
      return describeCronJob(obj, await eventsFor(ctx, obj, 'CronJob'), now);
    case '/Service': {
      const slices = await listAll(client, nsPath(ctx.namespace, 'endpointslices', 'discovery.k8s.io/v1'),
        { labelSelector: `kubernetes.io/service-name=${name}` }, 0).catch(() => []);
      return describeService(obj, slices, await eventsFor(ctx, obj, 'Service'), now);
    }
    case '/Endpoints':
      return describeEndpoints(obj, await eventsFor(ctx, obj, 'Endpoints'), now);
    case 'networking.k8s.io/Ingress':
      return describeIngress(obj, await backends(ctx, obj), await eventsFor(ctx, obj, 'Ingress'), now);
    case '/Node':
      return describeNodeWithPods(ctx, obj);
    case '/Namespace':
      return describeNamespace(obj, await optionalList(ctx, nsPath(name, 'resourcequotas')), await optionalList(ctx, nsPath(name, 'limitranges')));
    case '/ConfigMap':
      return describeConfigMap(obj, await eventsFor(ctx, obj, 'ConfigMap'), now);
    case '/Secret':
      return describeSecret(obj);
    case '/ServiceAccount':
      return describeServiceAccountWithSecrets(ctx, obj);
    case '/PersistentVolumeClaim': {
      const pods = await listAll(client, nsPath(ctx.namespace, 'pods'), {}, settings.chunkSize);
      return describePersistentVolumeClaim(obj, podsForClaim(obj, pods), await eventsFor(ctx, obj, 'PersistentVolumeClaim'), now);
    }
    case 'autoscaling/HorizontalPodAutoscaler': {
      // kubectl reads autoscaling/v2 whatever version the user named.
      const v2 = r.version === 'v2' ? obj : await client.request('GET', `/apis/autoscaling/v2/namespaces/${encodeURIComponent(ctx.namespace)}/horizontalpodautoscalers/${encodeURIComponent(name)}`);
      return describeHorizontalPodAutoscaler(v2, await eventsFor(ctx, v2, 'HorizontalPodAutoscaler'), now);
    }
  }
  obj.apiVersion ??= apiVersionOf(r);
  obj.kind ??= r.kind;
  return describeGeneric(obj, await eventsFor(ctx, obj, r.kind), now);
}

/** A list the server may not serve: undefined on NotFound, as kubectl leaves the section out. */
async function optionalList(ctx: Context, path: string): Promise<Obj[] | undefined> {
  try {
    return await listAll(ctx.client, path, {}, ctx.settings.chunkSize);
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return undefined;
    throw e;
  }
}

async function describeNodeWithPods(ctx: Context, node: Obj): Promise<string> {
  const name = node.metadata.name;
  const fieldSelector = `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded`;
  let pods: Obj[] | undefined;
  try {
    pods = await listAll(ctx.client, '/api/v1/pods', { fieldSelector }, ctx.settings.chunkSize);
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 403)) throw e;
  }
  let lease: LeaseResult;
  try {
    lease = { lease: await ctx.client.request('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(name)}`) };
  } catch (e) {
    lease = { error: formatError(e).replace(/^Error from server \(\w+\): /, '') };
  }
  // The node controller records events against the node's UID, the kubelet against its name.
  let events: Obj[] | undefined;
  if (ctx.settings.showEvents) {
    events = [...(await eventsFor(ctx, node, 'Node')) ?? [], ...(await eventsFor(ctx, node, 'Node', name)) ?? []];
  }
  return describeNode(node, pods, lease, events, ctx.settings.now);
}

async function describeServiceAccountWithSecrets(ctx: Context, sa: Obj): Promise<string> {
  const tokens: Obj[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await listAll(ctx.client, nsPath(ctx.namespace, 'secrets'), {}, ctx.settings.chunkSize);
    const existing = new Set(secrets.map((s) => s.metadata.name));
    for (const s of secrets) {
      const a = s.metadata.annotations ?? {};
      if (s.type === 'kubernetes.io/service-account-token' && a['kubernetes.io/service-account.name'] === sa.metadata.name
        && a['kubernetes.io/service-account.uid'] === sa.metadata.uid) tokens.push(s);
    }
    for (const ref of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(ref.name)) missing.add(ref.name);
  } catch {
    // kubectl describes the account with whatever secrets it could read.
  }
  return describeServiceAccount(sa, tokens, missing, await eventsFor(ctx, sa, 'ServiceAccount'), ctx.settings.now);
}

async function backends(ctx: Context, ing: Obj) {
  const services = new Map<string, Obj>();
  const slices = new Map<string, Obj[]>();
  for (const name of ingressServiceNames(ing)) {
    slices.set(name, await listAll(ctx.client, nsPath(ctx.namespace, 'endpointslices', 'discovery.k8s.io/v1'),
      { labelSelector: `kubernetes.io/service-name=${name}` }, 0).catch(() => []));
    const svc = await ctx.client.request('GET', `${nsPath(ctx.namespace, 'services')}/${encodeURIComponent(name)}`).catch(() => undefined);
    if (svc) services.set(name, svc);
  }
  return { services, slices };
}
