import { describe, expect, it } from 'vitest';
import { admit, applyDefaults, validateObject } from '../../src/backends/embedded/apiserver/admission/index.js';
import { ApiError } from '../../src/backends/embedded/apiserver/status.js';

const UID = '6b3a0f57-54c5-4d69-9c49-3b2b8e1c5a10';

const pod = (name = 'web', containers: any[] = [{ name: 'nginx', image: 'nginx' }]) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: UID }, spec: { containers },
});

const deployment = (selector: any = { matchLabels: { app: 'web' } }, labels: any = { app: 'web' }) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: UID },
  spec: { selector, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } },
});

function rejection(group: string, version: string, kind: string, obj: any, old?: any): ApiError {
  try {
    admit(group, version, kind, obj, old);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('admitted');
}

const message = (group: string, version: string, kind: string, obj: any, old?: any) => rejection(group, version, kind, obj, old).message;

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('pod defaults and admission plugins', () => {
  it('fills in what a real cluster shows for a bare pod', () => {
    const p: any = pod();
    admit('', 'v1', 'Pod', p);
    const { containers, volumes, ...spec } = p.spec;
    expect(spec).toEqual({
      dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler', enableServiceLinks: true, serviceAccountName: 'default', serviceAccount: 'default',
      priority: 0, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    });
    expect(volumes).toHaveLength(1);
    expect(volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volumes[0].projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
    expect(containers).toEqual([{
      name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File', resources: {},
      volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volumes[0].name, readOnly: true }],
    }]);
  });

  it('chooses the pull policy from the image tag', () => {
    const images = ['nginx:1.25', 'nginx:latest', 'localhost:5000/app', 'nginx@sha256:0123', 'ghcr.io/a/b:v1@sha256:0123'];
    const p: any = pod('web', images.map((image, i) => ({ name: `c${i}`, image })));
    applyDefaults('', 'v1', 'Pod', p);
    expect(p.spec.containers.map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('copies limits into missing requests, defaults ports and probes', () => {
    const p: any = pod('web', [{
      name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }], resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
      readinessProbe: { httpGet: { port: 8080 } },
    }]);
    applyDefaults('', 'v1', 'Pod', p);
    const c = p.spec.containers[0];
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it('leaves a pod that opts out of the token alone and keeps existing tolerations', () => {
    const p: any = pod();
    p.spec.automountServiceAccountToken = false;
    p.spec.tolerations = [{ operator: 'Exists' }];
    admit('', 'v1', 'Pod', p);
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('workload defaults', () => {
  it('defaults a Deployment like kube-apiserver, template included', () => {
    const d: any = deployment();
    admit('apps', 'v1', 'Deployment', d);
    const { template, ...spec } = d.spec;
    expect(spec).toEqual({
      selector: { matchLabels: { app: 'web' } }, replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(template.spec).toEqual({
      containers: [{ name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }],
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler',
    });
  });

  it('defaults DaemonSets, StatefulSets and CronJobs', () => {
    const ds: any = { spec: { template: { spec: { containers: [] } } } };
    applyDefaults('apps', 'v1', 'DaemonSet', ds);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);

    const sts: any = { spec: { serviceName: 'db', template: { spec: { containers: [] } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] } };
    applyDefaults('apps', 'v1', 'StatefulSet', sts);
    expect(sts.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady', replicas: 1, revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(sts.spec.volumeClaimTemplates[0]).toEqual({ metadata: { name: 'data' }, spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });

    const cj: any = { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [], restartPolicy: 'OnFailure' } } } } } };
    applyDefaults('batch', 'v1', 'CronJob', cj);
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('defaults a Job and generates its selector from the uid', () => {
    const job: any = {
      metadata: { name: 'pi', namespace: 'default', uid: UID },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } } },
    };
    admit('batch', 'v1', 'Job', job);
    const { template, ...spec } = job.spec;
    expect(spec).toEqual({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    });
    const labels = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': UID, 'job-name': 'pi' };
    expect(template.metadata.labels).toEqual(labels);
    expect(job.metadata.labels).toEqual(labels);
  });

  it('defaults an autoscaling/v2 HPA', () => {
    const hpa: any = { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } };
    applyDefaults('autoscaling', 'v2', 'HorizontalPodAutoscaler', hpa);
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(hpa.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: 60 },
    });
  });
});

describe('core defaults', () => {
  it('defaults a Service', () => {
    const svc: any = { metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } };
    applyDefaults('', 'v1', 'Service', svc);
    expect(svc.spec).toEqual({
      type: 'NodePort', selector: { app: 'web' }, sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }],
    });
    const ext: any = { spec: { type: 'ExternalName', externalName: 'example.com' } };
    applyDefaults('', 'v1', 'Service', ext);
    expect(ext.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('defaults a Namespace, a Secret and a PVC', () => {
    const ns: any = { metadata: { name: 'team-a' } };
    admit('', 'v1', 'Namespace', ns);
    expect(ns).toEqual({ metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

    const secret: any = { metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'hello' } };
    applyDefaults('', 'v1', 'Secret', secret);
    expect(secret).toEqual({ metadata: { name: 's' }, type: 'Opaque', data: { a: 'YQ==', b: 'aGVsbG8=' } });

    const pvc: any = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    applyDefaults('', 'v1', 'PersistentVolumeClaim', pvc);
    expect(pvc.spec.volumeMode).toBe('Filesystem');
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });
});

describe('validation messages', () => {
  it('rejects invalid names in the kind\'s rule', () => {
    expect(message('', 'v1', 'Pod', pod('Nginx_1'))).toBe(`Pod "Nginx_1" is invalid: metadata.name: Invalid value: "Nginx_1": ${SUBDOMAIN}`);
    expect(message('', 'v1', 'Namespace', { metadata: { name: 'my.ns' } })).toBe('Namespace "my.ns" is invalid: metadata.name: Invalid value: "my.ns": must not contain dots');
    expect(message('', 'v1', 'Service', { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } })).toBe(
      "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(message('', 'v1', 'ConfigMap', { metadata: {} })).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('checks label keys and values', () => {
    const p: any = pod();
    p.metadata.labels = { 'app/x/y': 'ok', tier: 'bad value' };
    expect(message('', 'v1', 'Pod', p)).toBe(
      'Pod "web" is invalid: [metadata.labels: Invalid value: "app/x/y": a valid label key must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\'), '
      + 'metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')]',
    );
  });

  it('checks containers', () => {
    expect(message('', 'v1', 'Pod', pod('web', []))).toBe('Pod "web" is invalid: spec.containers: Required value');
    expect(message('', 'v1', 'Pod', pod('web', [{ name: 'Web_1', image: 'nginx' }, { name: 'side' }, { name: 'side', image: 'busybox', ports: [{ containerPort: 70000 }] }]))).toBe(
      `Pod "web" is invalid: [spec.containers[0].name: Invalid value: "Web_1": ${LABEL}, spec.containers[1].image: Required value, `
      + 'spec.containers[2].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[2].name: Duplicate value: "side"]',
    );
    const bad: any = pod();
    bad.spec.restartPolicy = 'Sometimes';
    expect(message('', 'v1', 'Pod', bad)).toBe('Pod "web" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
  });

  it('requires a workload selector that matches the template labels', () => {
    expect(message('apps', 'v1', 'Deployment', deployment({ matchLabels: { app: 'web' } }, { app: 'y' }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`',
    );
    const unselected: any = deployment({ matchLabels: { app: 'nginx' } }, { app: 'nginx' });
    delete unselected.spec.selector;
    expect(message('apps', 'v1', 'Deployment', unselected)).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`]',
    );
    expect(message('apps', 'v1', 'ReplicaSet', { ...deployment({}), kind: 'ReplicaSet' })).toBe(
      'ReplicaSet.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    );
    const ds: any = { metadata: { name: 'agent', namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { containers: [{ name: 'a', image: 'a:1' }], restartPolicy: 'Never' } } } };
    expect(message('apps', 'v1', 'DaemonSet', ds)).toBe(
      'DaemonSet.apps "agent" is invalid: [spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`, '
      + 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"]',
    );
  });

  it('rejects a Recreate strategy that still carries rollingUpdate', () => {
    const d: any = deployment();
    admit('apps', 'v1', 'Deployment', d);
    d.spec.strategy.type = 'Recreate';
    expect(message('apps', 'v1', 'Deployment', d, deployment())).toBe(
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
  });

  it('refuses a Job whose pods would restart Always', () => {
    const job = { metadata: { name: 'pi', namespace: 'default', uid: UID }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } } };
    expect(message('batch', 'v1', 'Job', job)).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('refuses a user selector on a Job without manualSelector', () => {
    const job = {
      metadata: { name: 'pi', namespace: 'default', uid: UID },
      spec: { selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'pi' } }, spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } } },
    };
    expect(message('batch', 'v1', 'Job', job)).toBe(
      `Job.batch "pi" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"pi","batch.kubernetes.io/controller-uid":"${UID}"}}: \`selector\` not auto-generated`,
    );
  });

  it('checks service ports', () => {
    const svc = { metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443, nodePort: 80 }] } };
    expect(message('', 'v1', 'Service', svc)).toBe(
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value, '
      + 'spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767]',
    );
    expect(message('', 'v1', 'Service', { metadata: { name: 'web' }, spec: { ports: [{ port: 80, nodePort: 30080 }] } })).toBe(
      "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  it('checks PVCs and CronJob names', () => {
    expect(message('', 'v1', 'PersistentVolumeClaim', { metadata: { name: 'data' }, spec: {} })).toBe(
      'PersistentVolumeClaim "data" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
    const name = 'a'.repeat(53);
    const cj = { metadata: { name }, spec: { schedule: '* * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'c' }], restartPolicy: 'OnFailure' } } } } } };
    expect(message('batch', 'v1', 'CronJob', cj)).toBe(
      `CronJob.batch "${name}" is invalid: [metadata.name: Invalid value: "${name}": must be no more than 52 characters, spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: * * * *]`,
    );
  });

  it('returns field errors without throwing from validateObject', () => {
    expect(validateObject('', 'v1', 'ConfigMap', { metadata: { name: 'c' }, data: { 'bad key': 'x' } })).toEqual([{
      type: 'Invalid value', field: 'data[bad key]', value: 'bad key',
      detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    }]);
  });
});

describe('update validation', () => {
  const created = (obj: any, group = 'apps', kind = 'Deployment') => {
    admit(group, 'v1', kind, obj);
    return obj;
  };

  it('keeps apps/v1 selectors immutable', () => {
    const old = created(deployment());
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'b' } };
    next.spec.template.metadata.labels = { app: 'b' };
    expect(message('apps', 'v1', 'Deployment', next, old)).toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"b"}}: field is immutable');
  });

  it('lets pod images change and nothing else', () => {
    const old = created(pod(), '', 'Pod');
    const images = structuredClone(old);
    images.spec.containers[0].image = 'nginx:1.27';
    expect(() => admit('', 'v1', 'Pod', images, old)).not.toThrow();
    const ports = structuredClone(old);
    ports.spec.containers[0].ports = [{ containerPort: 80 }];
    const m = message('', 'v1', 'Pod', ports, old);
    expect(m.startsWith('Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,'
      + '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n'))
      .toBe(true);
    expect(m).toContain('- \tContainers: ');
  });

  it('forbids StatefulSet spec changes outside the mutable fields', () => {
    const sts = () => ({
      metadata: { name: 'db', namespace: 'default', uid: UID },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } },
    });
    const old = created(sts(), 'apps', 'StatefulSet');
    const next = structuredClone(old);
    next.spec.serviceName = 'other';
    expect(message('apps', 'v1', 'StatefulSet', next, old)).toBe(
      "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    const scaled = structuredClone(old);
    scaled.spec.replicas = 3;
    expect(() => admit('apps', 'v1', 'StatefulSet', scaled, old)).not.toThrow();
  });

  it('keeps immutable Secrets and ConfigMaps as they were', () => {
    const old = created({ metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' }, immutable: true }, '', 'ConfigMap');
    const next = { ...structuredClone(old), data: { a: '2' } };
    expect(message('', 'v1', 'ConfigMap', next, old)).toBe('ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const secret = created({ metadata: { name: 's', namespace: 'default' }, type: 'Opaque' }, '', 'Secret');
    expect(message('', 'v1', 'Secret', { ...structuredClone(secret), type: 'kubernetes.io/basic-auth' }, secret)).toBe(
      'Secret "s" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    );
  });

  it('keeps a service cluster IP', () => {
    const old = created({ metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ port: 80 }] } }, '', 'Service');
    const next = structuredClone(old);
    next.spec.clusterIP = 'None';
    next.spec.clusterIPs = ['None'];
    expect(message('', 'v1', 'Service', next, old)).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set');
  });

  it('makes Job templates immutable', () => {
    const old = created({ metadata: { name: 'pi', namespace: 'default', uid: UID }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } } } }, 'batch', 'Job');
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'perl:5';
    const m = message('batch', 'v1', 'Job', next, old);
    expect(m.startsWith('Job.batch "pi" is invalid: spec.template: Invalid value: {"metadata":{"labels":{')).toBe(true);
    expect(m.endsWith(': field is immutable')).toBe(true);
  });
});
