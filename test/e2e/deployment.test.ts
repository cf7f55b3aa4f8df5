// The Deployment controller through the built CLI: apply the seeds' deployment, see its
// ReplicaSet NAME-HASH, re-apply with a new image and see a second ReplicaSet at revision 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, sandbox, tkctl, type Sandbox } from './harness.js';

const REVISION = 'deployment.kubernetes.io/revision';

describe('tkctl with the Deployment controller', () => {
  let sb: Sandbox;
  beforeAll(() => { sb = sandbox(); });
  afterAll(() => sb.cleanup());

  it('creates a ReplicaSet NAME-HASH with 3 desired', async () => {
    const applied = await tkctl(sb, ['apply', '-f', join(FIXTURES, 'nginx-deployment.yaml')]);
    expect(applied.stdout).toBe('deployment.apps/nginx-deployment created\n');
    const got = await tkctl(sb, ['get', 'rs,deploy']);
    expect(got.code).toBe(0);
    const lines = got.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
    expect(lines[1]).toMatch(/^replicaset\.apps\/nginx-deployment-[456789bcdf]{6,10}\s+3\s+3\s+[0-3]\s+\d+s$/);
    expect(lines[3]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(lines[4]).toMatch(/^deployment\.apps\/nginx-deployment\s+[0-3]\/3\s+3\s+[0-3]\s+\d+s$/);
  });

  it('re-applied with a new image, creates a second ReplicaSet at revision 2', async () => {
    const before = JSON.parse((await tkctl(sb, ['get', 'rs', '-o', 'json'])).stdout).items;
    const manifest = join(sb.dir, 'nginx-1.27.yaml');
    writeFileSync(manifest, readFileSync(join(FIXTURES, 'nginx-deployment.yaml'), 'utf8').replace('nginx:latest', 'nginx:1.27'));
    const applied = await tkctl(sb, ['apply', '-f', manifest]);
    expect(applied.stdout).toBe('deployment.apps/nginx-deployment configured\n');
    const rss = JSON.parse((await tkctl(sb, ['get', 'rs', '-o', 'json'])).stdout).items;
    expect(rss).toHaveLength(2);
    const old = rss.find((rs: any) => rs.metadata.name === before[0].metadata.name);
    const current = rss.find((rs: any) => rs.metadata.name !== before[0].metadata.name);
    expect(old.metadata.annotations[REVISION]).toBe('1');
    expect(current.metadata.name).toMatch(/^nginx-deployment-[456789bcdf]{6,10}$/);
    expect(current.metadata.annotations[REVISION]).toBe('2');
    expect(current.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    const d = JSON.parse((await tkctl(sb, ['get', 'deploy', 'nginx-deployment', '-o', 'json'])).stdout);
    expect(d.metadata.annotations[REVISION]).toBe('2');
    const events = (await tkctl(sb, ['get', 'events'])).stdout;
    expect(events).toContain(`Scaled up replica set ${current.metadata.name} from 0 to 1`);
  });
});
