// `kubectl cluster-info`: where the control plane answers (the kubeconfig's server URL, also for
// an embedded cluster, whose URL is where `tkctl cluster serve` listens) and the cluster services.
import type { KubeClient } from '../client/client.js';

interface Service {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: Array<{ name?: string; port: number }> };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

// utilnet.JoinSchemeNamePort: a scheme needs all three segments.
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

/** One "NAME is running at LINK" line per kube-system service labelled kubernetes.io/cluster-service=true. */
export function serviceLine(host: string, s: Service): string {
  let link = '';
  const ingress = s.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) {
    const ip = ingress[0].ip || ingress[0].hostname;
    for (const p of s.spec?.ports ?? []) link += `http://${ip}:${p.port} `;
  } else {
    let name = s.metadata.name;
    const port = s.spec?.ports?.[0];
    if (port) {
      const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
      name = joinSchemeNamePort(scheme, s.metadata.name, port.name ?? '');
    }
    link = `${host}/api/v1/namespaces/${s.metadata.namespace ?? 'kube-system'}/services/${name}/proxy`;
  }
  return `${s.metadata.labels?.['kubernetes.io/name'] || s.metadata.name} is running at ${link}\n`;
}

export async function runClusterInfo(client: KubeClient, host: string): Promise<string> {
  const services = await client.request('GET', '/api/v1/namespaces/kube-system/services', { query: { labelSelector: 'kubernetes.io/cluster-service=true' } });
  let out = `Kubernetes control plane is running at ${host}\n`;
  for (const s of services.items ?? []) out += serviceLine(host, s);
  return out + "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
}
