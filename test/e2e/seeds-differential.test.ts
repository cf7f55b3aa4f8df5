// The seeds' kubectl commands, typos included, through real kubectl and through tkctl against one
// served cluster: the same stdout, the same first line of stderr and the same exit code.
// Mutating commands run from the same state on both sides (setup, kubectl, teardown, setup, tkctl).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, HAS_KUBECTL, type Result } from './harness.js';
import { servedPair, type ServedPair } from './served-pair.js';

interface Case {
  args: string[];
  setup?: string[][];
  teardown?: string[][];
}

const restore = [['config', 'set-context', '--current', '--namespace=default']];
const cases: Case[] = [
  { args: ['get', 'pods'] },
  { args: ['get', 'nodes'] },
  { args: ['get', 'services'] },
  { args: ['get', 'namespaces'] },
  { args: ['get', 'pods', '--show-labels'] },
  { args: ['get', 'pods', '-n', 'backend-team'] },
  { args: ['get', 'deployment', '-n', 'backend-team'] },
  { args: ['get', 'pods', '-n', 'my-namespace'] },
  { args: ['get', 'hpa'] },
  { args: ['get', 'replicas'] },
  { args: ['get', 'pods', '-l'] },
  { args: ['get', 'pods', '-l', 'release version in (1.0, 2.0)'] },
  { args: ['get', 'pods', '-l', 'release in (1.0, 2.0)'] },
  { args: ['get', 'pods', '-l', 'release notin (1.0, 2.0)'] },
  { args: ['get', 'pods', '--selector', 'dev-lead=alice'] },
  { args: ['get', 'pods', '-l', 'dev-lead!=alice'] },
  { args: ['get', 'pods', '-l', 'dev-lead=alice,env=staging'] },
  { args: ['get', 'pods', '--selectors', 'dev-lead=alice'] },
  { args: ['get', 'pods', '—selector', 'dev-lead=alice'] },
  { args: ['describe', 'pod', 'nginx'] },
  { args: ['describe', 'deployment', 'nginx-deployment'] },
  { args: ['describe', 'pod', 'nginx', '-n', 'development'] },
  { args: ['dscribe', 'pod', 'nginx'] },
  { args: ['logs', 'nginx'] },
  { args: ['exec', 'nginx', '--', 'hostname'] },
  { args: ['rollout', 'history', 'deployment/nginx-deployment'] },
  { args: ['rollout', 'undor', 'deployment/nginx-deployment'] },
  { args: ['rollout', 'undor', 'deployment/nginx-deployment', '—to-revision=1'] },
  { args: ['set', 'image', 'deployment/nginx-deployment', 'helloworld=nginx:1.27'] },
  { args: ['autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=10'] },
  { args: ['apply', '-f', 'nginx-pod.yaml'] },
  { args: ['create', '-f', 'nginx-deployment.yaml', '—record'] },
  { args: ['run', 'web', '--image=nginx', '--port=80'], teardown: [['delete', 'pod', 'web', '--grace-period=0', '--force']] },
  { args: ['create', 'namespace', 'production'], teardown: [['delete', 'namespace', 'production']] },
  { args: ['delete', 'pod', 'nginx', '-n', 'development'] },
  { args: ['delete', 'pods', '-l', 'deve-lead=alice'] },
  { args: ['delete', 'pod', 'extra'], setup: [['run', 'extra', '--image=nginx']] },
  { args: ['config', 'set-context', '--current', '--namespace=backend-team'], teardown: restore },
];

/** What may differ between two runs a second apart, or between the two programs' names. */
function comparable(r: Result): { stdout: string; stderr: string; code: number } {
  const age = (text: string) => text.replace(/(?<=\s)(\d+[smhd])+(?=\s|$)/gm, 'AGE').replace(/ +/g, ' ');
  return { stdout: age(r.stdout), stderr: (r.stderr.split('\n')[0] ?? '').replaceAll('kubectl', 'tkctl'), code: r.code };
}

let pair: ServedPair | undefined;

beforeAll(async () => {
  if (!HAS_KUBECTL) return;
  pair = await servedPair();
  for (const name of ['nginx-pod.yaml', 'nginx-deployment.yaml', 'backend-team-deployment.yaml']) {
    writeFileSync(join(pair.sb.dir, name), readFileSync(join(FIXTURES, name)));
  }
  // The seeds' NodePort, moved so that this suite does not contend for it with others.
  writeFileSync(join(pair.sb.dir, 'nginx-service.yaml'), readFileSync(join(FIXTURES, 'nginx-service.yaml'), 'utf8').replace('30007', '30417'));
  await pair.prepare(['nginx-pod.yaml', 'nginx-deployment.yaml', 'nginx-service.yaml', 'backend-team-deployment.yaml'].map((f) => ({ args: ['apply', '-f', f] })));
  // Every pod up before the tables are compared.
  await pair.prepare([{ args: ['wait', '--for=condition=Ready', 'pod', '--all', '-A', '--timeout=60s'] }]);
}, 180_000);

afterAll(async () => {
  await pair?.stop();
});

describe.skipIf(!HAS_KUBECTL)("the seeds' commands: tkctl answers as kubectl does", () => {
  for (const c of cases) {
    it(c.args.join(' '), async () => {
      const steps = (s?: string[][]) => s?.map((args) => ({ args }));
      const { kubectl: k, tkctl: t } = await pair!.both({ args: c.args, setup: steps(c.setup), teardown: steps(c.teardown) });
      expect(comparable(t)).toEqual(comparable(k));
    }, 90_000);
  }
});
