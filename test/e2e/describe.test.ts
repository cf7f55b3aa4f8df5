// Differential: the same `describe` commands through real kubectl and tkctl against one served
// embedded cluster must print the same bytes and exit with the same codes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, FIXTURES, HAS_KUBECTL, ROOT, kubectl, sandbox, tkctl, type Sandbox } from './harness.js';

// One key a map: kubectl ranges over Go maps (ConfigMap data) in random order.
const KINDS = `
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, labels: {app: web, tier: b}, annotations: {note: hello}}
data: {mode: fast}
binaryData: {blob: AAEC}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
type: Opaque
stringData: {password: s3cr3t-value}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox
            args: ["/bin/sh", "-c", "date; echo hi"]
            env:
            - {name: GREETING, value: hi}
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: PASS
              valueFrom: {secretKeyRef: {name: creds, key: password}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, labels: {app: agent}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers:
      - name: agent
        image: fluentd
        volumeMounts: [{name: logs, mountPath: /var/log, readOnly: true}]
        livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 3}
        readinessProbe: {tcpSocket: {port: 8080}}
      volumes:
      - {name: logs, hostPath: {path: /var/log}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:16
        ports: [{containerPort: 5432, name: pg}, {containerPort: 9187, name: metrics}]
        envFrom: [{configMapRef: {name: settings}}, {secretRef: {name: creds}, prefix: DB_}]
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: cfg, configMap: {name: settings}}
      - {name: sec, secret: {secretName: creds}}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nginx-deployment}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies: [{type: Percent, value: 10, periodSeconds: 60}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}}
spec:
  ingressClassName: nginx
  tls: [{hosts: [example.com], secretName: tls-cert}]
  rules:
  - host: example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: nginx-service, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: missing, port: {name: http}}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
---
apiVersion: v1
kind: Endpoints
metadata: {name: manual}
subsets:
- addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
  notReadyAddresses: [{ip: 10.0.0.3}]
  ports: [{name: http, port: 80, protocol: TCP}, {port: 443, protocol: TCP}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
secrets: [{name: creds}, {name: gone}]
imagePullSecrets: [{name: regcred}]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: my-lease}
spec: {holderIdentity: me, leaseDurationSeconds: 15}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend, labels: {tier: frontend}}
spec:
  replicas: 2
  selector: {matchExpressions: [{key: tier, operator: In, values: [frontend]}]}
  template:
    metadata: {labels: {tier: frontend}, annotations: {a: b}}
    spec:
      containers: [{name: php, image: php:8, resources: {limits: {cpu: 500m, memory: 128Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: https, port: 443, targetPort: 8443}]
`;

// Old timestamps give ages in days, the same whichever second each tool runs in.
const events = (uid: string) => ['nginx.1', 'nginx.2'].map((name, i) => `
apiVersion: v1
kind: Event
metadata: {name: ${name}}
involvedObject: {apiVersion: v1, kind: Pod, name: nginx, namespace: default, uid: ${uid}}
reason: ${i ? 'BackOff' : 'Scheduled'}
message: "${i ? 'Back-off pulling image' : 'Successfully assigned default/nginx to demo-worker  '}"
type: ${i ? 'Warning' : 'Normal'}
source: {component: ${i ? 'kubelet' : 'default-scheduler'}}
firstTimestamp: "2024-0${i + 1}-01T00:00:00Z"
lastTimestamp: "2024-0${2 - i}-01T00:00:00Z"
count: ${i ? 7 : 1}
`).join('---');

let sb: Sandbox;
let server: ChildProcess | undefined;

/** Start `tkctl cluster serve` and wait until kubectl gets answers (whatever serve prints meanwhile). */
async function serveUntilAnswering(sandbox: Sandbox): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'cluster', 'serve', 'demo'], { env: sandbox.env, cwd: ROOT, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if ((await kubectl(sandbox, ['get', '--raw', '/api'])).code === 0) return child;
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error('tkctl cluster serve did not answer');
}

/** Ages of a few seconds may tick between the two commands: only then are ages (and the padding they drive) set aside. */
function comparable(text: string, young: boolean): string {
  return young ? text.replace(/\b\d+(s|m\d*s?)\b/g, 'AGE').replace(/ +/g, ' ') : text;
}

beforeAll(async () => {
  sb = sandbox();
  expect((await tkctl(sb, ['cluster', 'create', 'demo', '--config', join(FIXTURES, 'clusters/kind.yaml')])).code).toBe(0);
  if (!HAS_KUBECTL) return;
  server = await serveUntilAnswering(sb);
  expect((await kubectl(sb, ['apply', '-f', FIXTURES])).code).toBe(0);
  expect((await kubectl(sb, ['apply', '-f', '-'], KINDS)).stderr).toBe('');
  const uid = (await kubectl(sb, ['get', 'pod', 'nginx', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  expect((await kubectl(sb, ['create', '-f', '-'], events(uid))).stderr).toBe('');
}, 60_000);
afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((res) => server!.once('exit', res));
    server.kill('SIGTERM');
    await exited;
  }
  sb?.cleanup();
});

const COMMANDS = [
  ['describe', 'pod', 'nginx'],
  ['describe', 'pods/nginx', '--show-events=false'],
  ['describe', 'pods', '-A'],
  ['describe', 'po', 'ngi'],
  ['describe', 'deploy'],
  ['describe', 'deployment', 'nginx-deployment', '-n', 'backend-team'],
  ['describe', 'rs', 'frontend'],
  ['describe', 'svc'],
  ['describe', 'svc', '-l', 'app=nothing'],
  ['describe', 'ep', 'manual'],
  ['describe', 'nodes'],
  ['describe', 'ns'],
  ['describe', 'cm', 'settings'],
  ['describe', 'secret', 'creds'],
  ['describe', 'job', 'pi'],
  ['describe', 'cj', 'hello'],
  ['describe', 'ds', 'agent'],
  ['describe', 'sts', 'db'],
  ['describe', 'hpa', 'web'],
  ['describe', 'ing', 'web'],
  ['describe', 'pvc', 'claim'],
  ['describe', 'sa', 'robot'],
  ['describe', 'lease', 'my-lease'],
  ['describe', 'events'],
  ['describe', '-f', join(FIXTURES, 'nginx-pod.yaml')],
  ['describe', 'pod', 'missing'],
  ['describe', 'pods', 'missing', 'nginx'],
  ['describe', 'nosuchkind'],
];

describe.skipIf(!HAS_KUBECTL)('tkctl describe against kubectl describe on the served cluster', () => {
  // The served cluster keeps moving (jobs run, pods restart): a pair of snapshots taken a moment
  // apart may differ, so a mismatch is retried before it counts.
  for (const args of COMMANDS) {
    it(args.slice(1).join(' '), { retry: 2 }, async () => {
      const k = await kubectl(sb, args);
      const t = await tkctl(sb, args);
      const young = /\b\d+s\b/.test(k.stdout);
      expect(comparable(t.stdout, young), t.stderr).toBe(comparable(k.stdout, young));
      expect(t.stderr.replaceAll('tkctl', 'kubectl')).toBe(k.stderr);
      expect(t.code).toBe(k.code);
    });
  }

  it('shows the events of a pod, sorted by last timestamp', async () => {
    const t = await tkctl(sb, ['describe', 'pod', 'nginx']);
    expect(t.stdout).toMatch(/Events:\n  Type     Reason     Age +From +Message\n  ----     ------     ---- +---- +-------\n  Warning  BackOff    [\dyd]+ \(x7 over [\dyd]+\) +kubelet +Back-off pulling image\n  Normal   Scheduled  [\dyd]+ +default-scheduler +Successfully assigned default\/nginx to demo-worker\n/);
  });
});
