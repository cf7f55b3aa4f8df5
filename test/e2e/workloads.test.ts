// The workload controllers through the built CLI, on real time: a Job that completes, a
// DaemonSet on every worker, a StatefulSet's ordered pods and claims, and an HPA's TARGETS column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, tkctl, type Sandbox } from './harness.js';

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: hello
        image: busybox
        command: ["sh", "-c", "echo hello"]
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: fluentd
`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 2
  serviceName: nginx
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

const SCALED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php
spec:
  replicas: 1
  selector:
    matchLabels: {app: php}
  template:
    metadata:
      labels: {app: php}
      annotations:
        sim.tkctl.dev/cpu: 100m
    spec:
      containers:
      - name: php
        image: php
        resources:
          requests: {cpu: 200m}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
`;

describe('workload controllers through tkctl', () => {
  let sb: Sandbox;
  beforeAll(() => { sb = sandbox(); });
  afterAll(() => sb.cleanup());

  it('completes a Job', async () => {
    expect((await tkctl(sb, ['apply', '-f', '-'], JOB)).stdout).toBe('job.batch/hello created\n');
    const got = await tkctl(sb, ['get', 'job', 'hello', '-o', 'jsonpath={.status.succeeded} {.status.conditions[*].type}']);
    expect(got.stdout).toBe('1 SuccessCriteriaMet Complete');
    const pods = await tkctl(sb, ['get', 'pods', '-l', 'job-name=hello', '-o', 'jsonpath={.items[*].status.phase}']);
    expect(pods.stdout).toBe('Succeeded');
  });

  it('runs a DaemonSet pod on every node (the default cluster\'s one untainted node)', async () => {
    await tkctl(sb, ['apply', '-f', '-'], DAEMONSET);
    const nodes = await tkctl(sb, ['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}']);
    expect(nodes.stdout).toBe('default-control-plane');
    const ds = await tkctl(sb, ['get', 'ds', 'agent']);
    expect(ds.stdout.split('\n')[1]).toMatch(/^agent\s+1\s+1\s+1\s+1\s+1\s+<none>\s+\d+s$/);
  });

  it('creates a StatefulSet\'s pods and claims by ordinal', async () => {
    await tkctl(sb, ['apply', '-f', '-'], STATEFULSET);
    const pods = await tkctl(sb, ['get', 'pods', '-l', 'app=web', '-o', 'name']);
    expect(pods.stdout).toBe('pod/web-0\npod/web-1\n');
    const pvc = await tkctl(sb, ['get', 'pvc', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(pvc.stdout).toBe('www-web-0 www-web-1');
    const sts = await tkctl(sb, ['get', 'sts', 'web']);
    expect(sts.stdout.split('\n')[1]).toMatch(/^web\s+2\/2\s+\d+s$/);
  });

  it('shows the HPA\'s utilisation against its target', async () => {
    // The pods are Ready before the HPA's first look, so it has a measurement at once.
    const [deployment, hpa0] = SCALED.split('---\n');
    await tkctl(sb, ['apply', '-f', '-'], deployment);
    await tkctl(sb, ['apply', '-f', '-'], hpa0);
    const hpa = await tkctl(sb, ['get', 'hpa', 'php']);
    expect(hpa.stdout.split('\n')[1]).toMatch(/^php\s+Deployment\/php\s+cpu: 50%\/50%\s+1\s+10\s+1\s+\d+s$/);
  });
});
