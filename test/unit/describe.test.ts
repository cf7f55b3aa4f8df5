// The pure describers against text kubectl v1.32 prints for the same objects.
import { describe, it, expect } from 'vitest';
import { alignTabs, tabbed } from '../../src/describe/writer.js';
import { describePod } from '../../src/describe/pod.js';
import { describeSecret, describeConfigMap } from '../../src/describe/config.js';
import { describeDeployment } from '../../src/describe/workloads.js';
import { describeEndpoints, formatEndpointSlices } from '../../src/describe/network.js';
import { describeEvents, eventFieldSelector } from '../../src/describe/events.js';
import { describeGeneric, smartLabel } from '../../src/describe/generic.js';
import { findReplicaSets } from '../../src/describe/replicasets.js';
import { podQOS } from '../../src/describe/qos.js';

const NOW = new Date('2026-01-01T12:00:00Z');

describe('the tab writer (Go text/tabwriter, minwidth 0, padding 2)', () => {
  it('aligns a column over consecutive lines and pads empty trailing cells', () => {
    expect(alignTabs('Name:\tnginx\nNamespace:\tdefault\n')).toBe('Name:       nginx\nNamespace:  default\n');
    expect(alignTabs('  *\t\n    \t/ \tsvc:80\n')).toBe('  *   \n      /   svc:80\n');
  });

  it('starts new columns after a line without tabs', () => {
    expect(alignTabs('A:\tx\nTitle\nLonger:\ty\n')).toBe('A:  x\nTitle\nLonger:  y\n');
  });

  it('aligns what came before a flush apart from what comes after', () => {
    const text = tabbed((w) => {
      w.write(0, 'Name:\tx\n');
      w.flush();
      w.write(0, 'Much longer:\ty\n');
    });
    expect(text).toBe('Name:  x\nMuch longer:  y\n');
  });
});

const pod = {
  metadata: {
    name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', tier: 'b' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hi' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true }],
  },
  spec: {
    nodeName: 'node1', priority: 0, serviceAccountName: 'default',
    containers: [{
      name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
      env: [{ name: 'A', value: 'one\ntwo' }, { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
      volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
      readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    }],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ operator: 'Exists' }],
  },
  status: {
    phase: 'Running', hostIP: '172.18.0.2', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }],
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
    containerStatuses: [{ name: 'c', ready: true, restartCount: 2, containerID: 'containerd://abc', imageID: 'sha', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
  },
};

describe('describePod', () => {
  it('prints a running pod as kubectl does', () => {
    expect(describePod(pod, [], NOW)).toBe([
      'Name:             web',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node1/172.18.0.2',
      'Labels:           app=web',
      '                  tier=b',
      'Annotations:      note: hi',
      'Status:           Running',
      'IP:               10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  ReplicaSet/web-abc',
      'Containers:',
      '  c:',
      '    Container ID:   containerd://abc',
      '    Image:          nginx',
      '    Image ID:       sha',
      '    Ports:          80/TCP, 443/TCP',
      '    Host Ports:     0/TCP, 0/TCP',
      '    State:          Waiting',
      '      Reason:       CrashLoopBackOff',
      '    Ready:          True',
      '    Restart Count:  2',
      '    Limits:',
      '      cpu:     500m',
      '      memory:  128Mi',
      '    Requests:',
      '      cpu:      500m',
      '      memory:   128Mi',
      '    Readiness:  http-get http://:8080/ready delay=0s timeout=1s period=10s #success=1 #failure=3',
      '    Environment:',
      '      A:    one',
      '            two',
      '      POD:  web (v1:metadata.name)',
      '    Mounts:',
      '      /data from data (rw,path="x")',
      'Conditions:',
      '  Type           Status',
      '  Ready          True ',
      '  PodScheduled   True ',
      'Volumes:',
      '  data:',
      '    Type:        EmptyDir (a temporary directory that shares a pod\'s lifetime)',
      '    Medium:      ',
      '    SizeLimit:   <unset>',
      'QoS Class:       Guaranteed',
      'Node-Selectors:  <none>',
      'Tolerations:     op=Exists',
      'Events:          <none>',
      '',
    ].join('\n'));
  });

  it('computes the QoS class when the status has none', () => {
    expect(podQOS({ spec: { containers: [{ name: 'a' }] } })).toBe('BestEffort');
    expect(podQOS({ spec: { containers: [{ resources: { requests: { cpu: '100m' } } }] } })).toBe('Burstable');
    expect(podQOS({ spec: { containers: [{ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } }] } })).toBe('Guaranteed');
    expect(podQOS({ status: { qosClass: 'Burstable' }, spec: { containers: [] } })).toBe('Burstable');
  });
});

describe('events', () => {
  const events = [
    { type: 'Warning', reason: 'BackOff', message: 'Back-off  ', source: { component: 'kubelet' }, count: 7,
      firstTimestamp: '2026-01-01T11:00:00Z', lastTimestamp: '2026-01-01T11:59:30Z' },
    { type: 'Normal', reason: 'Scheduled', message: 'Assigned', reportingComponent: 'default-scheduler', count: 1,
      firstTimestamp: '2026-01-01T10:00:00Z', lastTimestamp: '2026-01-01T10:00:00Z' },
  ];

  it('sorts by last timestamp and prints ages, repeats and sources', () => {
    const text = tabbed((w) => {
      w.write(0, 'Name:\tx\n');
      describeEvents(events, w, NOW);
    });
    expect(text).toBe([
      'Name:  x',
      'Events:',
      '  Type     Reason     Age                From               Message',
      '  ----     ------     ----               ----               -------',
      '  Normal   Scheduled  120m               default-scheduler  Assigned',
      '  Warning  BackOff    30s (x7 over 60m)  kubelet            Back-off',
      '',
    ].join('\n'));
  });

  it('finds events with the field selector kubectl sends', () => {
    expect(eventFieldSelector({ name: 'web', namespace: 'default', kind: 'Deployment', uid: 'u1' }))
      .toBe('involvedObject.kind=Deployment,involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1');
    expect(eventFieldSelector({ name: 'web', namespace: 'default', uid: 'u1' }))
      .toBe('involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1');
  });
});

describe('secrets and config maps', () => {
  it('never prints a secret value, only its length in bytes', () => {
    const secret = { metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { password: Buffer.from('s3cr3t').toString('base64'), a: '' } };
    expect(describeSecret(secret)).toBe('Name:         s\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\na:         0 bytes\npassword:  6 bytes\n');
  });

  it('prints a config map\'s data under dashes', () => {
    const cm = { metadata: { name: 'c', namespace: 'default' }, data: { mode: 'fast' } };
    expect(describeConfigMap(cm, [], NOW)).toBe('Name:         c\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmode:\n----\nfast\n\n\nBinaryData\n====\n\nEvents:  <none>\n');
  });
});

describe('deployments', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
  const deployment = {
    metadata: { name: 'web', namespace: 'default', uid: 'd1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } },
    status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
  };
  const rs = (name: string, created: string, image: string, replicas: number) => ({
    metadata: { name, creationTimestamp: created, ownerReferences: [{ uid: 'd1', controller: true }] },
    spec: { replicas, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image }] } } },
    status: { replicas },
  });

  it('finds the new ReplicaSet by its template, hash label aside, and lists the others as old', async () => {
    const sets = await findReplicaSets(deployment, async () => [rs('web-new', '2026-01-02T00:00:00Z', 'nginx:1', 3), rs('web-old', '2026-01-01T00:00:00Z', 'nginx:0', 0)]);
    expect(sets.current.map((r) => r.metadata.name)).toEqual(['web-new']);
    expect(sets.old.map((r) => r.metadata.name)).toEqual(['web-old']);
    const text = describeDeployment(deployment, sets.old, sets.current, undefined, NOW);
    expect(text).toContain('Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable\n');
    expect(text).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(text).toContain('Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n');
    expect(text).toContain('OldReplicaSets:  web-old (0/0 replicas created)\nNewReplicaSet:   web-new (3/3 replicas created)\n');
    expect(text).not.toContain('Events:');
  });
});

describe('endpoints', () => {
  it('lists up to three ready addresses of a port and counts the rest', () => {
    const slice = { ports: [{ name: 'http', port: 80 }], endpoints: ['1', '2', '3', '4', '5'].map((n) => ({ addresses: [`10.0.0.${n}`], conditions: { ready: n !== '2' } })) };
    expect(formatEndpointSlices([slice], 'http')).toBe('10.0.0.1:80,10.0.0.3:80,10.0.0.4:80 + 1 more...');
    expect(formatEndpointSlices([], 'http')).toBe('<none>');
    expect(formatEndpointSlices([slice], 'other')).toBe('');
  });

  it('prints subsets with a ports table', () => {
    const ep = { metadata: { name: 'e', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }] };
    expect(describeEndpoints(ep, [], NOW)).toBe([
      'Name:         e', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', 'Subsets:',
      '  Addresses:          10.0.0.1', '  NotReadyAddresses:  <none>', '  Ports:', '    Name     Port  Protocol',
      '    ----     ----  --------', '    <unset>  80    TCP', '', 'Events:  <none>', '',
    ].join('\n'));
  });
});

describe('the generic describer', () => {
  it('titles camel-case field names, keeping acronyms and leaving other names alone', () => {
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('holderIdentity')).toBe('Holder Identity');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('podCIDR')).toBe('Pod CIDR');
    expect(smartLabel('ipv4')).toBe('ipv4');
  });

  it('prints every field but the skipped metadata', () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'default', uid: 'u', managedFields: [{}] }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } };
    expect(describeGeneric(lease, undefined, NOW)).toBe([
      'Name:         l', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>',
      'API Version:  coordination.k8s.io/v1', 'Kind:         Lease', 'Metadata:', '  UID:  u', 'Spec:',
      '  Holder Identity:         me', '  Lease Duration Seconds:  15', '',
    ].join('\n'));
  });
});
