// kube-proxy on a served cluster: NodePorts and kind's extraPortMappings on loopback, spreading
// requests over the ready pods, refusing when there are none.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { get } from 'node:http';
import { sandbox, serve, tkctl, type Sandbox } from './harness.js';

const NODE_PORT = 31234;
const HOST_PORT = 31235;

let sb: Sandbox;
let server: Awaited<ReturnType<typeof serve>>;

function request(port: number): Promise<{ status: number; servedBy: string; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, servedBy: String(res.headers['x-served-by']), body }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  sb = sandbox();
  const config = `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n  extraPortMappings:\n  - containerPort: ${NODE_PORT}\n    hostPort: ${HOST_PORT}\n- role: worker\n- role: worker\n`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${sb.dir}/kind.yaml`, config);
  expect((await tkctl(sb, ['cluster', 'create', 'px', '--config', `${sb.dir}/kind.yaml`])).code).toBe(0);
  const manifests = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]}',
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 80, nodePort: ${NODE_PORT}}]}`,
    'apiVersion: v1\nkind: Service\nmetadata: {name: nobody}\nspec: {type: NodePort, selector: {app: none}, ports: [{port: 80, nodePort: 31236}]}',
  ].join('\n---\n');
  expect((await tkctl(sb, ['apply', '-f', '-'], manifests)).code).toBe(0);
  server = await serve(sb, 'px');
  // The proxy opens its ports as the served control plane syncs the services.
  for (let i = 0; i < 100; i++) {
    try {
      await request(NODE_PORT);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});
afterAll(async () => {
  await server?.stop();
  sb.cleanup();
});

describe('kube-proxy while the cluster is served', () => {
  it('reaches every ready pod of a NodePort service in turn, with the page nginx serves', async () => {
    const pods = (await tkctl(sb, ['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.replace('pod/', ''));
    expect(pods).toHaveLength(3);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = await request(NODE_PORT);
      expect(r.status).toBe(200);
      expect(r.body).toContain('<title>Welcome to nginx!</title>');
      seen.add(r.servedBy);
    }
    expect([...seen].sort()).toEqual(pods.sort());
  });

  it('answers on the host port of a kind extraPortMapping too', async () => {
    const r = await request(HOST_PORT);
    expect(r.status).toBe(200);
    expect(r.servedBy).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  it('refuses connections to a service without ready endpoints', async () => {
    await expect(request(31236)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
