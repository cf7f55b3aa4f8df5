// Protobuf request bodies: bodies captured from real kubectl 1.32 (a proxy recorded what
// `kubectl create …` POSTed) decode to the JSON kubectl sends for the same command with
// `--dry-run=client -o json`, except `creationTimestamp: null`, which Kubernetes >= 1.33 leaves out
// (ObjectMeta.CreationTimestamp is `omitzero`). Hand-encoded messages cover the special types.
import { describe, it, expect } from 'vitest';
import { decodeKubernetesProtobuf, goDuration, ProtobufError } from '../../src/backends/embedded/apiserver/protobuf.js';
import { messageForKind } from '../../src/backends/embedded/apiserver/protobuf-schema.js';
import { useApiServer, DEPLOYMENTS } from './apiserver-harness.js';

const captured = (b64: string) => Buffer.from(b64, 'base64');

// kubectl create deployment web --image=nginx --replicas=2 --port=80
const DEPLOYMENT = 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErgBCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEoYBCAISDAoKCgNhcHASA3dlYhpsChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEkwSLgoFbmdpbngSBW5naW54KgAyCgoAEAAYUCIAKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=';
// kubectl create service nodeport web --tcp=80:80
const SERVICE = 'azhzAAoNCgJ2MRIHU2VydmljZRJlCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEj4KGAoFODAtODASA1RDUBhQIgYIABBQGgAoABIKCgNhcHASA3dlYhoAIghOb2RlUG9ydDoAQgBSAFoAYABoABoCCgAaACIA';
// kubectl create configmap c --from-literal=a=b
const CONFIGMAP = 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhsKEQoBYxIAGgAiACoAMgA4AEIAEgYKAWESAWIaACIA';
// kubectl create secret generic s --from-literal=p=q
const SECRET = 'azhzAAoMCgJ2MRIGU2VjcmV0Eh0KEQoBcxIAGgAiACoAMgA4AEIAEgYKAXASAXEaABoAIgA=';
// kubectl create namespace n
const NAMESPACE = 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhkKEQoBbhIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==';
// kubectl create job j --image=busybox -- echo hi
const JOB = 'azhzAAoPCghiYXRjaC92MRIDSm9iEoIBChEKAWoSABoAIgAqADIAOABCABJjMmEKEAoAEgAaACIAKgAyADgAQgASTRIqCgFqEgdidXN5Ym94GgRlY2hvGgJoaSoAQgBqAHIAgAEAiAEAkAEAogEAGgVOZXZlcjIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAGgggACgAMAA6ABoAIgA=';
// kubectl autoscale deployment web --min=1 --max=3 --cpu-percent=50
const HPA = 'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISPwoTCgN3ZWISABoAIgAqADIAOABCABIiChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAMgMhoEGAAgABoAIgA=';

describe('bodies captured from kubectl 1.32', () => {
  it('create deployment: pointer replicas, empty structs kept, zero scalars left out', () => {
    expect(decodeKubernetesProtobuf(captured(DEPLOYMENT))).toEqual({
      kind: 'Deployment', apiVersion: 'apps/v1',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('create service nodeport: IntOrString targetPort as a number', () => {
    expect(decodeKubernetesProtobuf(captured(SERVICE))).toEqual({
      kind: 'Service', apiVersion: 'v1',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { ports: [{ name: '80-80', protocol: 'TCP', port: 80, targetPort: 80 }], selector: { app: 'web' }, type: 'NodePort' },
      status: { loadBalancer: {} },
    });
  });

  it('create configmap, secret (bytes as base64), namespace', () => {
    expect(decodeKubernetesProtobuf(captured(CONFIGMAP))).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { a: 'b' } });
    expect(decodeKubernetesProtobuf(captured(SECRET))).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { p: 'cQ==' } });
    expect(decodeKubernetesProtobuf(captured(NAMESPACE))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' }, spec: {}, status: {} });
  });

  it('create job: repeated strings, Go field order', () => {
    const job = decodeKubernetesProtobuf(captured(JOB));
    expect(job).toEqual({
      kind: 'Job', apiVersion: 'batch/v1',
      metadata: { name: 'j' },
      spec: { template: { metadata: {}, spec: { containers: [{ name: 'j', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' } } },
      status: {},
    });
  });

  it('autoscale: non-pointer zero status fields without omitempty are kept', () => {
    expect(decodeKubernetesProtobuf(captured(HPA))).toEqual({
      kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
  });
});

// A minimal encoder for hand-made messages.
type Field = [number, number | bigint | Uint8Array | string];
function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return out;
}
function msg(...fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [n, v] of fields) {
    if (typeof v === 'number' || typeof v === 'bigint') out.push(...varint(BigInt(n << 3)), ...varint(BigInt(v)));
    else {
      const bytes = typeof v === 'string' ? Buffer.from(v) : v;
      out.push(...varint(BigInt((n << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes);
    }
  }
  return Uint8Array.from(out);
}
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), msg([1, msg([1, apiVersion], [2, kind])], [2, raw])]);
}

describe('special types and Go JSON rules', () => {
  it('Time as RFC 3339 seconds, zero Time left out of ObjectMeta, MicroTime with six digits', () => {
    const meta = msg([1, 'x'], [8, msg()], [9, msg([1, 1741064767], [2, 500_000_000])]);
    const event = msg([1, meta], [2, msg([1, 1741064767], [2, 123_456_789])], [4, 'sched']);
    expect(decodeKubernetesProtobuf(envelope('events.k8s.io/v1', 'Event', event))).toMatchObject({
      metadata: { name: 'x', deletionTimestamp: '2025-03-04T05:06:07Z' },
      eventTime: '2025-03-04T05:06:07.123456Z',
      reportingController: 'sched',
    });
  });

  it('IntOrString string, Quantity maps, pointer zeros kept, inlined VolumeSource, negative int32', () => {
    const container = msg([1, 'app'], [8, msg([1, msg([1, 'cpu'], [2, msg([1, '100m'])])])],
      [10, msg([1, msg([2, msg([1, '/healthz'], [2, msg([1, 1], [3, 'http'])])])])]);
    const spec = msg([1, msg([1, 'data'], [2, msg([2, msg([1, 'Memory'])])])], [2, container], [4, -1n], [14, msg([2, 0])]);
    const pod = decodeKubernetesProtobuf(envelope('v1', 'Pod', msg([2, spec]))) as any;
    expect(pod.spec.volumes).toEqual([{ name: 'data', emptyDir: { medium: 'Memory' } }]);
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '100m' } });
    expect(pod.spec.containers[0].livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(-1);
    expect(pod.spec.securityContext).toEqual({ runAsUser: 0 });
  });

  it('Duration in Go form, packed repeated numbers', () => {
    expect([0n, 1500n, 2_500_000n, 90_000_000_000n, 3_723_500_000_000n, -1_000_000_000n].map(goDuration))
      .toEqual(['0s', '1.5µs', '2.5ms', '1m30s', '1h2m3.5s', '-1s']);
    const rule = msg([1, 'FailJob'], [2, msg([2, 'In'], [3, Uint8Array.from([1, 42])])]);
    const job = decodeKubernetesProtobuf(envelope('batch/v1', 'Job', msg([2, msg([11, msg([1, rule])])]))) as any;
    expect(job.spec.podFailurePolicy.rules[0].onExitCodes).toEqual({ operator: 'In', values: [1, 42] });
  });

  it('RawExtension and FieldsV1 carry JSON', () => {
    const rev = msg([1, msg([1, 'r1'])], [2, msg([1, '{"spec":{"a":1}}'])], [3, 2]);
    expect(decodeKubernetesProtobuf(envelope('apps/v1', 'ControllerRevision', rev))).toEqual({
      kind: 'ControllerRevision', apiVersion: 'apps/v1', metadata: { name: 'r1' }, data: { spec: { a: 1 } }, revision: 2,
    });
  });

  it('DeleteOptions sent in any group version are meta/v1 DeleteOptions', () => {
    expect(messageForKind('apps/v1', 'DeleteOptions')?.name).toBe('meta/v1.DeleteOptions');
    expect(decodeKubernetesProtobuf(envelope('v1', 'DeleteOptions', msg([1, 0n], [4, 'Foreground'])))).toEqual({
      kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground',
    });
  });

  it('rejects a body without the magic prefix, and kinds it does not know', () => {
    expect(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}'))).toThrow(ProtobufError);
    expect(() => decodeKubernetesProtobuf(envelope('v1', 'Nope', msg()))).toThrow('no kind "Nope" is registered for version "v1"');
    expect(() => decodeKubernetesProtobuf(Buffer.concat([envelope('v1', 'Pod', msg()), Buffer.from([0x0a, 0x05])]))).toThrow(ProtobufError);
  });
});

describe('the API server accepts protobuf bodies', () => {
  const h = useApiServer();
  const protobuf = { 'content-type': 'application/vnd.kubernetes.protobuf' };

  it('creates the object kubectl sent, with the defaults JSON would get', async () => {
    const res = await h.call('POST', DEPLOYMENTS, { body: captured(DEPLOYMENT).toString('latin1'), headers: protobuf });
    expect(res.status).toBe(201);
    expect(res.body.spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate' }, revisionHistoryLimit: 10 });
    expect(res.body.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx', imagePullPolicy: 'Always', ports: [{ containerPort: 80, protocol: 'TCP' }] });
  });

  it('answers 400 for a malformed body and 415 for CBOR', async () => {
    const bad = await h.call('POST', DEPLOYMENTS, { body: 'k8s', headers: protobuf });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^the object provided is unrecognized \(provided data does not appear to be a protobuf message/);
    const cbor = await h.call('POST', DEPLOYMENTS, { body: '\xd9\xd9\xf7', headers: { 'content-type': 'application/cbor' } });
    expect(cbor.status).toBe(415);
  });
});
