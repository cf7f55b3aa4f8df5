import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_KUBECTL, kubectl, sandbox, serve, tkctl, type Sandbox } from './harness.js';

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
    kubernetes.io/change-cause: kubectl create --filename=${name}.yaml --record=true
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}${extra}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

describe('workload commands on the embedded backend', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox();
  });
  afterAll(() => sb.cleanup());

  it("runs the seeds' story: record, set image, history, undo, autoscale", async () => {
    const file = join(sb.dir, 'php.yaml');
    writeFileSync(file, deployment('php').replace(/ {2}annotations:\n.*\n/, ''));
    const created = await tkctl(sb, ['create', '-f', file, '--record']);
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/php created\n' });
    expect(created.stderr).toMatch(/^Flag --record has been deprecated, --record will be removed in the future\n/);

    const set = await tkctl(sb, ['set', 'image', 'deployment/php', 'nginx=nginx:1.27', '--record']);
    expect(set).toMatchObject({ code: 0, stdout: 'deployment.apps/php image updated\n' });
    expect(set.stderr).toBe('Flag --record has been deprecated, --record will be removed in the future\n');

    const history = await tkctl(sb, ['rollout', 'history', 'deployment/php']);
    expect(history.stdout).toBe('deployment.apps/php \nREVISION  CHANGE-CAUSE\n'
      + `1         tkctl create --filename=${file} --record=true\n`
      + '2         tkctl set image deployment/php nginx=nginx:1.27 --record=true\n\n');

    const missing = await tkctl(sb, ['rollout', 'undo', 'deployment/php', '--to-revision=5']);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'error: unable to find specified revision 5 in history\n' });

    expect((await tkctl(sb, ['rollout', 'undo', 'deployment/php', '--to-revision=1'])).stdout).toBe('deployment.apps/php rolled back\n');
    const image = await tkctl(sb, ['get', 'deployment', 'php', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(image.stdout).toBe('nginx:1.25');
    const renumbered = await tkctl(sb, ['rollout', 'history', 'deployment', 'php']);
    expect(renumbered.stdout).toBe('deployment.apps/php \nREVISION  CHANGE-CAUSE\n'
      + '2         tkctl set image deployment/php nginx=nginx:1.27 --record=true\n'
      + `3         tkctl create --filename=${file} --record=true\n\n`);

    expect((await tkctl(sb, ['autoscale', 'deployment', 'php', '--cpu-percent=50', '--min=1', '--max=10'])).stdout)
      .toBe('horizontalpodautoscaler.autoscaling/php autoscaled\n');
    const hpa = await tkctl(sb, ['get', 'hpa']);
    expect(hpa.stdout).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nphp\s+Deployment\/php\s+cpu: <unknown>\/50%\s+1\s+10\s/);
  });

  it('scales, pauses, restarts and reports bad input in one kubectl line', async () => {
    writeFileSync(join(sb.dir, 'web.yaml'), deployment('web'));
    await tkctl(sb, ['apply', '-f', join(sb.dir, 'web.yaml')]);
    expect((await tkctl(sb, ['scale', 'deployment/web', '--replicas=3'])).stdout).toBe('deployment.apps/web scaled\n');
    expect(await tkctl(sb, ['scale', 'deployment', 'web', '--replicas=1', '--current-replicas=2']))
      .toMatchObject({ code: 1, stderr: 'error: Expected replicas to be 2, was 3\n' });
    expect(await tkctl(sb, ['set', 'image', 'deployment/web', 'nope=x'])).toMatchObject({ code: 1, stderr: 'error: unable to find container named "nope"\n' });
    expect((await tkctl(sb, ['rollout', 'pause', 'deployment/web'])).stdout).toBe('deployment.apps/web paused\n');
    expect(await tkctl(sb, ['rollout', 'pause', 'deployment/web'])).toMatchObject({ code: 1, stderr: 'error: deployments.apps "web" is already paused\n' });
    expect((await tkctl(sb, ['rollout', 'resume', 'deployment/web'])).stdout).toBe('deployment.apps/web resumed\n');
    expect((await tkctl(sb, ['rollout', 'restart', 'deployment/web'])).stdout).toBe('deployment.apps/web restarted\n');
    const restartedAt = await tkctl(sb, ['get', 'deploy', 'web', '-o', "jsonpath={.spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}"]);
    expect(restartedAt.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await tkctl(sb, ['rollout', 'status', 'deployment/web', '--timeout=30s'])).stdout).toMatch(/deployment "web" successfully rolled out\n$/);
  });

  it('watches a rollout to the end, and fails past its progress deadline', async () => {
    writeFileSync(join(sb.dir, 'slow.yaml'), deployment('slow', '\n      annotations: {sim.tkctl.dev/ready-delay: 2s}'));
    await tkctl(sb, ['apply', '-f', join(sb.dir, 'slow.yaml')]);
    const status = await tkctl(sb, ['rollout', 'status', 'deployment/slow']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Waiting for deployment "slow" rollout to finish: 0 of 2 updated replicas are available...\n');
    expect(status.stdout).toMatch(/deployment "slow" successfully rolled out\n$/);

    const stuck = deployment('stuck', '\n      annotations: {sim.tkctl.dev/ready-delay: 10m}').replace('replicas: 2', 'replicas: 1\n  progressDeadlineSeconds: 1');
    writeFileSync(join(sb.dir, 'stuck.yaml'), stuck);
    await tkctl(sb, ['apply', '-f', join(sb.dir, 'stuck.yaml')]);
    const failed = await tkctl(sb, ['rollout', 'status', 'deploy/stuck', '--timeout=40s']);
    expect(failed).toMatchObject({ code: 1, stderr: 'error: deployment "stuck" exceeded its progress deadline\n' });
  }, 60_000);

  it('waits for conditions, and times out in kubectl words', async () => {
    const ready = await tkctl(sb, ['wait', '--for=condition=Ready', 'pod', '-l', 'app=web', '--timeout=20s']);
    expect(ready.code).toBe(0);
    expect(ready.stdout).toMatch(/^(pod\/web-[a-z0-9]+-[a-z0-9]+ condition met\n)+$/);
    const timeout = await tkctl(sb, ['wait', '--for=jsonpath={.spec.replicas}=7', 'deployment/web', '--timeout=1s']);
    expect(timeout).toMatchObject({ code: 1, stderr: 'error: timed out waiting for the condition on deployments/web\n' });
  });
});

describe.skipIf(!HAS_KUBECTL)('workload commands against real kubectl on the served cluster', () => {
  let sb: Sandbox;
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    sb = sandbox();
    await tkctl(sb, ['cluster', 'create', 'default']);
    server = await serve(sb);
    for (const ns of ['ka', 'tb']) {
      await kubectl(sb, ['create', 'namespace', ns]);
      await kubectl(sb, ['-n', ns, 'create', '-f', '-'], deployment('web'));
    }
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    sb?.cleanup();
  });

  const commands = [
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.27'],
    ['set', 'image', 'deployment/web', 'foo=bar'],
    ['rollout', 'status', 'deployment/web', '--timeout=20s'],
    ['rollout', 'history', 'deployment/web'],
    ['rollout', 'history', 'deployment/web', '--revision=2'],
    ['rollout', 'history', 'deployment/web', '--revision=9'],
    ['rollout', 'undo', 'deployment/web', '--to-revision=9'],
    ['rollout', 'undo', 'deployment/web'],
    ['rollout', 'status', 'deployment/web', '--timeout=20s'],
    ['rollout', 'history', 'deployment/web'],
    ['rollout', 'pause', 'deployment/web'],
    ['rollout', 'resume', 'deployment/web'],
    ['rollout', 'resume', 'deployment/web'],
    ['scale', 'deployment/web', '--replicas=3'],
    ['scale', 'deployment', 'web', '--replicas=2', '--current-replicas=5'],
    ['set', 'env', 'deployment/web', 'A=1', 'B=2'],
    ['set', 'env', 'deployment/web', '--list'],
    ['set', 'resources', 'deployment/web', '--limits=cpu=200m,memory=512Mi'],
    ['set', 'image', 'deployment/web', 'nginx=nginx:1.29', '--dry-run=server'],
    ['autoscale', 'deployment', 'web', '--min=1', '--max=10', '--cpu-percent=50'],
    ['wait', '--for=jsonpath={.spec.replicas}=3', 'deployment/web'],
  ];

  it('prints what kubectl prints and exits as it does', async () => {
    for (const args of commands) {
      const k = await kubectl(sb, ['-n', 'ka', ...args]);
      const t = await tkctl(sb, ['-n', 'tb', ...args]);
      expect({ args, stdout: t.stdout, stderr: t.stderr, code: t.code }).toEqual({ args, stdout: k.stdout, stderr: k.stderr, code: k.code });
    }
  }, 120_000);

  const extras = `apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox, command: [sh, -c, 'echo one; echo two']}]
---
apiVersion: v1
kind: Pod
metadata: {name: pending, annotations: {sim.tkctl.dev/start-delay: 1h}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: gone, annotations: {sim.tkctl.dev/stop-delay: 3s}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts}
spec:
  replicas: 2
  serviceName: sts
  selector: {matchLabels: {app: sts}}
  template:
    metadata: {labels: {app: sts}}
    spec: {containers: [{name: c, image: nginx}]}
`;

  const follow = `apiVersion: v1
kind: Pod
metadata: {name: follow}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox, command: [sh, -c, 'echo first; sleep 3; echo second']}]
`;

  it('the rest of the workload commands and their bad input: the same lines, the same exit codes, nothing changed', async () => {
    for (const ns of ['ka', 'tb']) expect((await kubectl(sb, ['-n', ns, 'apply', '-f', '-'], extras)).code).toBe(0);
    const rest = [
      ['rollout', 'status', 'daemonset/ds', '--timeout=20s'],
      ['rollout', 'status', 'statefulset/sts', '--timeout=20s'],
      ['rollout', 'restart', 'daemonset/ds'],
      ['rollout', 'restart', 'deployment/web'],
      ['rollout', 'history', 'daemonset/ds'],
      ['wait', '--for=condition=Ready', 'pod/gone', '--timeout=20s'],
      ['wait', '--for=condition=Ready', 'pod/pending', '--timeout=1s'],
      ['logs', '-f', 'done'],
      ['logs', 'done', '--tail=1'],
      ['exec', 'done', '--', 'ls'],
      ['exec', 'pending', '--', 'ls'],
      ['rollout', 'status', 'deployment/web', '--watch=false'],
      ['rollout', 'undo', 'daemonset/ds', '--to-revision=7'],
      ['set', 'image', 'pod/done', 'c=busybox:1.36'],
      ['set', 'image', 'daemonset', '--all', '*=nginx:1.27'],
      ['scale', 'deployment', '--all', '--replicas=1'],
      ['autoscale', 'deployment', 'web', '--max=5'],
      ['wait', '--for=delete', 'pod/never-was', '--timeout=1s'],
      ['scale', 'daemonset/ds', '--replicas=2'],
      ['scale', 'configmap', 'kube-root-ca.crt', '--replicas=2'],
      ['set', 'image', 'daemonset/ds', 'nope=nginx:2'],
    ];
    const version = (ns: string) => kubectl(sb, ['-n', ns, 'get', 'daemonset/ds', 'pod/pending', '-o', 'jsonpath={.items[*].metadata.resourceVersion}']);
    for (const args of rest) {
      const k = await kubectl(sb, ['-n', 'ka', ...args]);
      const t = await tkctl(sb, ['-n', 'tb', ...args]);
      expect({ args, stdout: t.stdout, stderr: t.stderr, code: t.code }).toEqual({ args, stdout: k.stdout, stderr: k.stderr, code: k.code });
    }
    // The refused scale and set image wrote nothing: a second round leaves every resourceVersion as it was.
    const before = (await version('tb')).stdout;
    expect(before).toMatch(/^\d+ \d+$/);
    for (const args of rest.slice(-3)) expect((await tkctl(sb, ['-n', 'tb', ...args])).code).toBe(1);
    expect((await version('tb')).stdout).toBe(before);

    // wait --for=delete returns once the pod is gone; logs -f follows a running container to its end.
    const waits = Promise.all([kubectl(sb, ['-n', 'ka', 'wait', '--for=delete', 'pod/gone', '--timeout=30s']), tkctl(sb, ['-n', 'tb', 'wait', '--for=delete', 'pod/gone', '--timeout=30s'])]);
    // The pod takes 3 s to stop: both waits see it before it goes.
    for (const ns of ['ka', 'tb']) await kubectl(sb, ['-n', ns, 'delete', 'pod/gone', '--wait=false']);
    const [kWait, tWait] = await waits;
    expect(kWait).toEqual({ stdout: 'pod/gone condition met\n', stderr: '', code: 0 });
    expect(tWait).toEqual(kWait);

    for (const ns of ['ka', 'tb']) await kubectl(sb, ['-n', ns, 'apply', '-f', '-'], follow);
    for (const ns of ['ka', 'tb']) await kubectl(sb, ['-n', ns, 'wait', '--for=condition=Ready', 'pod/follow', '--timeout=20s']);
    const started = Date.now();
    const [kLogs, tLogs] = await Promise.all([kubectl(sb, ['-n', 'ka', 'logs', '-f', 'follow']), tkctl(sb, ['-n', 'tb', 'logs', '-f', 'follow'])]);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(kLogs).toEqual({ stdout: 'first\nsecond\n', stderr: '', code: 0 });
    expect(tLogs).toEqual(kLogs);
  }, 180_000);

  const talkers = `apiVersion: apps/v1
kind: Deployment
metadata: {name: chat}
spec:
  replicas: 3
  selector: {matchLabels: {app: chat}}
  template:
    metadata: {labels: {app: chat}}
    spec:
      containers:
      - {name: a, image: busybox, command: [sh, -c, 'echo a-$HOSTNAME; sleep 3600']}
      - {name: b, image: busybox, command: [sh, -c, 'echo b-start; sleep 3600']}
`;

  // Its pods print, wait 4 s and end: a new one for each attempt.
  const talkJob = (name: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, 'echo start; sleep 4; echo end']}]
`;

  // Lines from several pods interleave as they come: compared sorted.
  const sorted = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: r.stdout.split('\n').sort().join('\n') });

  it('logs of a deployment and of a selector, with prefixes, all containers and -f across pods, as kubectl prints them', async () => {
    expect((await kubectl(sb, ['-n', 'ka', 'apply', '-f', '-'], talkers)).code).toBe(0);
    expect((await kubectl(sb, ['-n', 'ka', 'wait', '--for=condition=Ready', 'pod', '-l', 'app in (chat)', '--timeout=30s'])).code).toBe(0);
    const reads = [
      ['logs', 'deployment/chat'],
      ['logs', 'deployment/chat', '--all-containers'],
      ['logs', 'deployment/chat', '-c', 'nope'],
      ['logs', '-l', 'app=chat', '-c', 'a', '--prefix'],
      ['logs', '-l', 'app=chat', '--all-containers', '--prefix'],
      ['logs', '-f', '-l', 'app=chat', '-c', 'a', '--max-log-requests=2'],
      ['logs', '-l', 'app=none'],
    ];
    for (const args of reads) {
      const [k, t] = await Promise.all([kubectl(sb, ['-n', 'ka', ...args]), tkctl(sb, ['-n', 'ka', ...args])]);
      expect({ args, ...sorted(t) }).toEqual({ args, ...sorted(k) });
    }
    const job = `talk-${Date.now()}`;
    expect((await kubectl(sb, ['-n', 'ka', 'apply', '-f', '-'], talkJob(job))).code).toBe(0);
    expect((await kubectl(sb, ['-n', 'ka', 'wait', '--for=condition=Ready', 'pod', '-l', `job-name=${job}`, '--timeout=30s'])).code).toBe(0);
    const started = Date.now();
    const follow = ['-n', 'ka', 'logs', '-f', '-l', `job-name=${job}`, '--prefix'];
    const [k, t] = await Promise.all([kubectl(sb, follow), tkctl(sb, follow)]);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(k.code).toBe(0);
    expect(k.stdout.match(/^\[pod\/talk-[\w-]+\/c\] start$/gm)).toHaveLength(2);
    expect(k.stdout.match(/^\[pod\/talk-[\w-]+\/c\] end$/gm)).toHaveLength(2);
    expect(sorted(t)).toEqual(sorted(k));
  }, 120_000);
});
