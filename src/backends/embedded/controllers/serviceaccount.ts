// The serviceaccounts controller and the root CA publisher (pkg/controller/serviceaccount,
// pkg/controller/certificates/rootcacertpublisher): every active namespace has a `default`
// ServiceAccount and the kube-root-ca.crt ConfigMap that pods' token volumes project.
import { StatusError } from '../../../client/errors.js';
import type { KubeObject } from '../apiserver/objects.js';
import type { CacheChange } from './cache.js';
import type { Controller, ControllerContext } from './controller.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. '
  + 'No other usage is guaranteed across distributions of Kubernetes clusters.';

type ConfigMap = KubeObject & { data?: Record<string, string> };

export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount';
  readonly types = ['namespaces', 'serviceaccounts', 'configmaps'];

  /** `rootCA`: the cluster CA's PEM, published as ca.crt in every namespace (nothing is published without it). */
  constructor(private readonly rootCA?: string) {}

  keysFor(change: CacheChange): string[] {
    const meta = change.object.metadata!;
    if (change.type === 'namespaces') return [meta.name!];
    if (change.type === 'serviceaccounts') return meta.name === 'default' && change.deleted ? [meta.namespace!] : [];
    return meta.name === ROOT_CA_CONFIGMAP ? [meta.namespace!] : [];
  }

  async sync(namespace: string, ctx: ControllerContext): Promise<undefined> {
    const ns = ctx.cache.get('namespaces', namespace) as (KubeObject & { status?: { phase?: string } }) | undefined;
    // Nothing new can be created in a namespace that is going away.
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return undefined;
    if (!ctx.cache.get('serviceaccounts', `${namespace}/default`)) {
      await createIfMissing(ctx, `/api/v1/namespaces/${namespace}/serviceaccounts`, {
        apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace },
      });
    }
    if (this.rootCA !== undefined) await this.publishRootCA(ctx, namespace, this.rootCA);
    return undefined;
  }

  private async publishRootCA(ctx: ControllerContext, namespace: string, rootCA: string): Promise<void> {
    const cm = ctx.cache.get('configmaps', `${namespace}/${ROOT_CA_CONFIGMAP}`) as ConfigMap | undefined;
    if (!cm) {
      await createIfMissing(ctx, `/api/v1/namespaces/${namespace}/configmaps`, {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': DESCRIPTION } },
        data: { 'ca.crt': rootCA },
      });
    } else if (cm.data?.['ca.crt'] !== rootCA || Object.keys(cm.data ?? {}).length !== 1
      || cm.metadata?.annotations?.['kubernetes.io/description'] !== DESCRIPTION) {
      // The publisher puts back what anyone changed, keeping the rest of the object.
      await ctx.client.request('PUT', `/api/v1/namespaces/${namespace}/configmaps/${ROOT_CA_CONFIGMAP}`, {
        body: {
          ...cm,
          metadata: { ...cm.metadata, annotations: { ...cm.metadata?.annotations, 'kubernetes.io/description': DESCRIPTION } },
          data: { 'ca.crt': rootCA },
        },
      });
    }
  }
}

async function createIfMissing(ctx: ControllerContext, path: string, body: KubeObject): Promise<void> {
  try {
    await ctx.client.request('POST', path, { body });
  } catch (e) {
    if (!(e instanceof StatusError && e.code === 409)) throw e;
  }
}
