import { describe, expect, it } from 'vitest';
import { tableCells, tableColumns } from '../../src/backends/embedded/apiserver/tables/index.js';

// Expected cells are what kube-apiserver 1.32 computes (pkg/printers/internalversion/printers.go,
// always with Wide: true); several cases are printers_test.go's, written as v1 JSON.

const NOW = new Date('2024-05-01T12:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace('.000Z', 'Z');
}

function meta(name: string, createdAgo?: number, extra: object = {}) {
  return { name, namespace: 'default', ...(createdAgo === undefined ? {} : { creationTimestamp: ago(createdAgo) }), ...extra };
}

const running = { running: { startedAt: ago(HOUR) } };

describe('columns', () => {
  it('are the pod columns of printers.go, wide ones at priority 1', () => {
    const columns = tableColumns('', 'Pod');
    expect(columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(columns[0]).toMatchObject({ format: 'name', description: expect.stringMatching(/^Name must be unique within a namespace/) });
    expect(columns[1]).toEqual({
      name: 'Ready',
      type: 'string',
      format: '',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      priority: 0,
    });
  });

  it('name every column of the other kinds as printers.go spells them', () => {
    const names = (group: string, kind: string) => tableColumns(group, kind).map((c) => (c.priority ? `${c.name}*` : c.name));
    expect(names('', 'Service')).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
    expect(names('', 'Node')).toEqual([
      'Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*',
    ]);
    expect(names('', 'Event')).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']);
    expect(names('events.k8s.io', 'Event')).toEqual(names('', 'Event'));
    expect(names('', 'PersistentVolumeClaim')).toEqual([
      'Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*',
    ]);
    expect(names('apps', 'Deployment')).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(names('apps', 'DaemonSet')).toEqual([
      'Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*',
    ]);
    expect(names('apps', 'StatefulSet')).toEqual(['Name', 'Ready', 'Age', 'Containers*', 'Images*']);
    expect(names('batch', 'Job')).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(names('batch', 'CronJob')).toEqual([
      'Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers*', 'Images*', 'Selector*',
    ]);
    expect(names('autoscaling', 'HorizontalPodAutoscaler')).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    expect(names('networking.k8s.io', 'Ingress')).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(names('discovery.k8s.io', 'EndpointSlice')).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    expect(names('coordination.k8s.io', 'Lease')).toEqual(['Name', 'Holder', 'Age']);
    expect(tableColumns('batch', 'CronJob')[3]!.type).toBe('boolean');
    expect(tableColumns('apps', 'ReplicaSet')[1]!.type).toBe('integer');
  });

  it('fall back to the default table: Name and a date-typed Created At', () => {
    expect(tableColumns('rbac.authorization.k8s.io', 'Role').map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
  });
});

describe('default table cells', () => {
  it('are the name and the creation time in RFC 3339 UTC', () => {
    const role = { metadata: { name: 'reader', creationTimestamp: '2024-04-30T10:20:30Z' } };
    expect(tableCells('rbac.authorization.k8s.io', 'Role', role, NOW)).toEqual(['reader', '2024-04-30T10:20:30Z']);
    expect(tableCells('example.com', 'Widget', { metadata: { name: 'w' } }, NOW)).toEqual(['w', '0001-01-01T00:00:00Z']);
  });
});

describe('Pod', () => {
  const pod = (status: object, spec: object = { containers: [{ name: 'app', image: 'nginx' }] }, extra: object = {}) => ({
    metadata: meta('web', 5 * MINUTE, extra),
    spec,
    status,
  });
  const cells = (obj: object) => tableCells('', 'Pod', obj, NOW);

  it('prints a running pod with its wide cells', () => {
    const obj = pod(
      {
        phase: 'Running',
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
      },
      { nodeName: 'worker', containers: [{ name: 'app', image: 'nginx' }] },
    );
    expect(cells(obj)).toEqual(['web', '1/1', 'Running', '0', '5m', '10.244.1.5', 'worker', '<none>', '<none>']);
  });

  it('shows CrashLoopBackOff and the time since the last termination', () => {
    const obj = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 2,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * MINUTE + 7 * SECOND) } },
        },
      ],
    });
    expect(cells(obj).slice(0, 5)).toEqual(['web', '0/1', 'CrashLoopBackOff', '2 (5m7s ago)', '5m']);
  });

  it('counts ready containers and restarts over all containers (printers_test test1)', () => {
    const obj = pod(
      { phase: 'podPhase', containerStatuses: [{ name: 'a', ready: true, restartCount: 3, state: running }, { name: 'b', restartCount: 3 }] },
      { containers: [{ name: 'a' }, { name: 'b' }] },
    );
    expect(cells(obj).slice(1, 4)).toEqual(['1/2', 'podPhase', '6']);
  });

  it('lets the first container state have the final word (printers_test test3)', () => {
    const obj = pod(
      {
        phase: 'podPhase',
        containerStatuses: [
          { name: 'a', restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
          { name: 'b', restartCount: 3, state: { terminated: { reason: 'ContainerTerminatedReason' } } },
        ],
      },
      { containers: [{ name: 'a' }, { name: 'b' }] },
    );
    expect(cells(obj).slice(1, 4)).toEqual(['0/2', 'ContainerWaitingReason', '6']);
  });

  it('prefers status.reason to the phase (printers_test test5)', () => {
    const obj = pod({ phase: 'Pending', reason: 'Evicted', containerStatuses: [] });
    expect(cells(obj)[2]).toBe('Evicted');
  });

  it('prints a terminated container without a reason by exit code or signal', () => {
    const exited = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137 } } }] });
    const signalled = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, signal: 9 } } }] });
    expect(cells(exited)[2]).toBe('ExitCode:137');
    expect(cells(signalled)[2]).toBe('Signal:9');
  });

  it('says Completed, or NotReady/Running while another container still runs (printers_test test6)', () => {
    const completed = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] });
    expect(cells(completed).slice(1, 4)).toEqual(['0/1', 'Completed', '0']);

    const statuses = [
      { name: 'a', ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
      { name: 'b', ready: true, restartCount: 3, state: running },
    ];
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    expect(cells(pod({ phase: 'Running', containerStatuses: statuses }, spec)).slice(1, 4)).toEqual(['1/2', 'NotReady', '6']);
    const ready = { phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] };
    expect(cells(pod(ready, spec)).slice(1, 4)).toEqual(['1/2', 'Running', '6']);
  });

  it('shows init progress as Init:n/m (printers_test test7 and test9)', () => {
    const spec = { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] };
    const restarting = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init', restartCount: 3, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(10 * SECOND) } } },
        ],
        containerStatuses: [{ name: 'app', state: { waiting: {} } }],
      },
      spec,
    );
    expect(cells(restarting).slice(1, 4)).toEqual(['0/1', 'Init:0/1', '3 (10s ago)']);

    const second = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'one', state: { terminated: { exitCode: 0 } } },
          { name: 'two', restartCount: 3, state: running, lastState: { terminated: { finishedAt: ago(10 * SECOND) } } },
        ],
        containerStatuses: [{ name: 'app', state: { waiting: {} } }],
      },
      { initContainers: [{ name: 'one' }, { name: 'two' }], containers: [{ name: 'app' }] },
    );
    expect(cells(second).slice(1, 4)).toEqual(['0/1', 'Init:1/2', '3 (10s ago)']);
  });

  it('names a failing or waiting init container', () => {
    const spec = { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] };
    const status = (state: object) => ({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state }] });
    expect(cells(pod(status({ terminated: { exitCode: 1, reason: 'Error' } }), spec))[2]).toBe('Init:Error');
    expect(cells(pod(status({ terminated: { exitCode: 2 } }), spec))[2]).toBe('Init:ExitCode:2');
    expect(cells(pod(status({ terminated: { exitCode: 1, signal: 15 } }), spec))[2]).toBe('Init:Signal:15');
    expect(cells(pod(status({ waiting: { reason: 'CrashLoopBackOff' } }), spec))[2]).toBe('Init:CrashLoopBackOff');
    expect(cells(pod(status({ waiting: { reason: 'PodInitializing' } }), spec))[2]).toBe('Init:0/1');
  });

  it('counts only the containers once init is done (printers_test test11)', () => {
    const obj = pod(
      {
        phase: 'Running',
        initContainerStatuses: [
          { name: 'init', restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: { terminated: { finishedAt: ago(2 * MINUTE) } } },
        ],
        containerStatuses: [
          { name: 'app', restartCount: 4, state: running, lastState: { terminated: { finishedAt: ago(20 * SECOND) } } },
        ],
      },
      { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] },
    );
    expect(cells(obj).slice(1, 4)).toEqual(['0/1', 'Running', '4 (20s ago)']);
  });

  it('counts started sidecars as containers (printers_test restartable init test2)', () => {
    const obj = pod(
      {
        phase: 'Running',
        initContainerStatuses: [
          {
            name: 'sidecar-1',
            restartCount: 3,
            started: true,
            state: running,
            lastState: { terminated: { finishedAt: ago(10 * SECOND) } },
          },
          { name: 'sidecar-2', started: true, state: running },
        ],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 4, state: running, lastState: { terminated: { finishedAt: ago(20 * SECOND) } } },
        ],
        conditions: [{ type: 'Initialized', status: 'True' }],
      },
      {
        initContainers: [
          { name: 'sidecar-1', restartPolicy: 'Always' },
          { name: 'sidecar-2', restartPolicy: 'Always' },
        ],
        containers: [{ name: 'app' }],
      },
    );
    expect(cells(obj).slice(1, 4)).toEqual(['1/3', 'Running', '7 (10s ago)']);
  });

  it('shows SchedulingGated from the PodScheduled condition', () => {
    const obj = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
    expect(cells(obj).slice(1, 4)).toEqual(['0/1', 'SchedulingGated', '0']);
  });

  it('shows Terminating for a deleted pod that has not finished, Unknown on a lost node', () => {
    const deleting = { deletionTimestamp: ago(10 * SECOND) };
    expect(cells(pod({ phase: 'Running', containerStatuses: [{ name: 'app', state: running }] }, undefined, deleting))[2]).toBe('Terminating');
    expect(cells(pod({ phase: 'Pending' }, undefined, deleting))[2]).toBe('Terminating');
    const done = { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { reason: 'Completed' } } }] };
    expect(cells(pod(done, undefined, deleting))[2]).toBe('Completed');
    expect(cells(pod({ phase: 'Running', reason: 'NodeLost' }, undefined, deleting))[2]).toBe('Unknown');
  });

  it('prints readiness gates, the first pod IP and the nominated node (printers_test TestPrintPodwide)', () => {
    const obj = pod(
      {
        phase: 'podPhase',
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        nominatedNodeName: 'node1',
        conditions: [
          { type: 'condition1', status: 'False' },
          { type: 'condition2', status: 'True' },
        ],
      },
      {
        nodeName: 'test1',
        containers: [{ name: 'a' }, { name: 'b' }],
        readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }],
      },
    );
    expect(cells(obj).slice(5)).toEqual(['1.1.1.1', 'test1', 'node1', '1/3']);
  });

  it('says <unknown> for a missing creation time', () => {
    expect(tableCells('', 'Pod', { metadata: { name: 'x' }, spec: { containers: [] }, status: {} }, NOW)).toEqual([
      'x', '0/0', '', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>',
    ]);
  });
});

describe('Service', () => {
  const svc = (spec: object, status: object = {}) => ({ metadata: meta('web', 3 * DAY), spec, status });
  const cells = (obj: object) => tableCells('', 'Service', obj, NOW);

  it('prints a ClusterIP service', () => {
    const obj = svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { tier: 'fe', app: 'web' } });
    expect(cells(obj)).toEqual(['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '3d', 'app=web,tier=fe']);
  });

  it('prints node ports and external IPs', () => {
    const obj = svc({
      type: 'NodePort',
      clusterIP: '10.96.100.1',
      externalIPs: ['192.0.2.1', '192.0.2.2'],
      ports: [
        { port: 80, nodePort: 30007, protocol: 'TCP' },
        { port: 53, nodePort: 30053, protocol: 'UDP' },
      ],
    });
    expect(cells(obj).slice(1, 5)).toEqual(['NodePort', '10.96.100.1', '192.0.2.1,192.0.2.2', '80:30007/TCP,53:30053/UDP']);
  });

  it('prints a load balancer as pending, then by its ingress addresses', () => {
    const spec = { type: 'LoadBalancer', clusterIP: '10.96.0.20', ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] };
    expect(cells(svc(spec))[3]).toBe('<pending>');
    const ingress = { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.1' }] } };
    // Sorted and never clipped: the server prints wide.
    expect(cells(svc(spec, ingress))[3]).toBe('203.0.113.1,203.0.113.9,lb.example.com');
    expect(cells(svc({ ...spec, externalIPs: ['198.51.100.7'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } }))[3]).toBe('203.0.113.9,198.51.100.7');
  });

  it('prints headless and ExternalName services', () => {
    expect(cells(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } })).slice(1, 5)).toEqual([
      'ClusterIP', 'None', '<none>', '<none>',
    ]);
    expect(cells(svc({ type: 'ExternalName', externalName: 'db.example.com' }))).toEqual([
      'web', 'ExternalName', '<none>', 'db.example.com', '<none>', '3d', '<none>',
    ]);
  });
});

describe('Endpoints and EndpointSlice', () => {
  it('lists up to three endpoints, then how many more', () => {
    const ep = {
      metadata: meta('web', 2 * HOUR),
      subsets: [
        {
          addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.1.3' }],
          notReadyAddresses: [{ ip: '10.244.1.9' }],
          ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }],
        },
      ],
    };
    expect(tableCells('', 'Endpoints', ep, NOW)).toEqual(['web', '10.244.1.2:80,10.244.1.3:80,10.244.1.2:9090 + 1 more...', '120m']);
  });

  it('prints <none> without subsets, bare IPs without ports, IPv6 in brackets', () => {
    expect(tableCells('', 'Endpoints', { metadata: meta('a', 0) }, NOW)).toEqual(['a', '<none>', '0s']);
    const headless = { metadata: meta('b', 0), subsets: [{ addresses: [{ ip: '10.0.0.1' }] }, { addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }] };
    expect(tableCells('', 'Endpoints', headless, NOW)[1]).toBe('10.0.0.1,[fd00::1]:8080');
    expect(tableCells('', 'Endpoints', { metadata: meta('c', 0), subsets: [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }, NOW)[1]).toBe('');
  });

  it('prints an EndpointSlice', () => {
    const slice = {
      metadata: meta('web-abc12', 90 * SECOND),
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'named', port: null }, {}, { port: 9090 }],
      endpoints: [{ addresses: ['10.244.1.2'] }, { addresses: ['10.244.1.3'] }],
    };
    expect(tableCells('discovery.k8s.io', 'EndpointSlice', slice, NOW)).toEqual(['web-abc12', 'IPv4', '80,named,* + 1 more...', '10.244.1.2,10.244.1.3', '90s']);
    expect(tableCells('discovery.k8s.io', 'EndpointSlice', { metadata: meta('e', 0), addressType: 'IPv4', ports: [], endpoints: [] }, NOW)).toEqual([
      'e', 'IPv4', '<unset>', '<unset>', '0s',
    ]);
  });
});

describe('Namespace and Node', () => {
  it('prints a namespace phase', () => {
    expect(tableCells('', 'Namespace', { metadata: meta('default', 10 * DAY), status: { phase: 'Active' } }, NOW)).toEqual(['default', 'Active', '10d']);
    expect(tableCells('', 'Namespace', { metadata: meta('old', 400 * DAY), status: { phase: 'Terminating' } }, NOW)).toEqual(['old', 'Terminating', '400d']);
  });

  const node = (extra: { labels?: object; unschedulable?: boolean; conditions?: object[] }) => ({
    metadata: meta('kind-control-plane', 26 * HOUR, { namespace: undefined, labels: extra.labels ?? {} }),
    spec: extra.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: extra.conditions ?? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'kind-control-plane' },
      ],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  });

  it('prints a ready control-plane node with its wide cells', () => {
    const obj = node({ labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'kind-control-plane' } });
    expect(tableCells('', 'Node', obj, NOW)).toEqual([
      'kind-control-plane', 'Ready', 'control-plane', '26h', 'v1.32.0',
      '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.8.0', 'containerd://1.7.24',
    ]);
  });

  it('adds SchedulingDisabled, and reads NotReady, Unknown and the roles', () => {
    expect(tableCells('', 'Node', node({ unschedulable: true }), NOW).slice(1, 3)).toEqual(['Ready,SchedulingDisabled', '<none>']);
    expect(tableCells('', 'Node', node({ conditions: [{ type: 'Ready', status: 'Unknown' }] }), NOW)[1]).toBe('NotReady');
    expect(tableCells('', 'Node', node({ conditions: [], unschedulable: true }), NOW)[1]).toBe('Unknown,SchedulingDisabled');
    const labels = { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/': 'x' };
    expect(tableCells('', 'Node', node({ labels }), NOW)[2]).toBe('infra,worker');
  });

  it('prints <unknown> for missing node info', () => {
    const bare = { metadata: { name: 'n1' }, status: {} };
    expect(tableCells('', 'Node', bare, NOW)).toEqual(['n1', 'Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim, Lease', () => {
  it('counts data keys as integers', () => {
    const cm = { metadata: meta('settings', 45 * SECOND), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } };
    expect(tableCells('', 'ConfigMap', cm, NOW)).toEqual(['settings', 3, '45s']);
    const secret = { metadata: meta('tls', 7 * MINUTE + 30 * SECOND), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } };
    expect(tableCells('', 'Secret', secret, NOW)).toEqual(['tls', 'kubernetes.io/tls', 2, '7m30s']);
    expect(tableCells('', 'ServiceAccount', { metadata: meta('default', 3 * HOUR + 5 * MINUTE) }, NOW)).toEqual(['default', 0, '3h5m']);
  });

  it('prints a bound claim and a pending one', () => {
    const bound = {
      metadata: meta('data', 2 * DAY + 4 * HOUR),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeName: 'pvc-123', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'], capacity: { storage: '2Gi' } },
    };
    expect(tableCells('', 'PersistentVolumeClaim', bound, NOW)).toEqual(['data', 'Bound', 'pvc-123', '2Gi', 'RWO,RWX', 'standard', '<unset>', '2d4h', 'Filesystem']);
    const pending = {
      metadata: meta('cache', MINUTE, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'slow', volumeMode: 'Block' },
      status: { phase: 'Pending' },
    };
    expect(tableCells('', 'PersistentVolumeClaim', pending, NOW)).toEqual(['cache', 'Pending', '', '', '', 'fast', '<unset>', '60s', 'Block']);
    const deleting = { ...pending, metadata: { ...pending.metadata, deletionTimestamp: ago(0) } };
    expect(tableCells('', 'PersistentVolumeClaim', deleting, NOW)[1]).toBe('Terminating');
  });

  it('prints a lease holder', () => {
    const lease = { metadata: meta('kube-controller-manager', 5 * MINUTE), spec: { holderIdentity: 'node-1_abc' } };
    expect(tableCells('coordination.k8s.io', 'Lease', lease, NOW)).toEqual(['kube-controller-manager', 'node-1_abc', '5m']);
    expect(tableCells('coordination.k8s.io', 'Lease', { metadata: meta('free', 0), spec: {} }, NOW)).toEqual(['free', '', '0s']);
  });
});

describe('Event', () => {
  it('prints a core/v1 event', () => {
    const event = {
      metadata: meta('web.17c1a', 10 * MINUTE),
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      source: { component: 'kubelet', host: 'worker' },
      firstTimestamp: ago(10 * MINUTE),
      lastTimestamp: ago(30 * SECOND),
      count: 12,
      type: 'Warning',
    };
    expect(tableCells('', 'Event', event, NOW)).toEqual([
      '30s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{app}', 'kubelet, worker', 'Back-off restarting failed container', '10m', 12, 'web.17c1a',
    ]);
  });

  it('falls back on eventTime, a count of 1 and the reporting controller', () => {
    const event = {
      metadata: meta('ns.1', 0),
      involvedObject: { kind: 'Namespace' },
      reason: 'Created',
      message: 'ok',
      source: {},
      eventTime: '2024-05-01T11:57:59.500000Z',
      reportingComponent: 'tkctl-controller',
      reportingInstance: 'node-1',
      type: 'Normal',
    };
    expect(tableCells('', 'Event', event, NOW)).toEqual(['2m', 'Normal', 'Created', 'namespace', '', 'tkctl-controller, node-1', 'ok', '2m', 1, 'ns.1']);
  });

  it('prints an events.k8s.io event from its own field names, the series winning', () => {
    const event = {
      metadata: meta('web.17c1b', HOUR),
      regarding: { kind: 'Deployment', name: 'web' },
      reason: 'ScalingReplicaSet',
      note: 'Scaled up replica set web-5d4 to 3',
      reportingController: 'deployment-controller',
      eventTime: ago(HOUR),
      series: { count: 4, lastObservedTime: ago(5 * MINUTE) },
      deprecatedCount: 0,
      type: 'Normal',
    };
    expect(tableCells('events.k8s.io', 'Event', event, NOW)).toEqual([
      '5m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-5d4 to 3', '60m', 4, 'web.17c1b',
    ]);
  });
});

describe('apps/v1', () => {
  const template = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'sidecar', image: 'busybox' }] } };

  it('prints a Deployment', () => {
    const deploy = {
      metadata: meta('web', HOUR),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, template },
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
    };
    expect(tableCells('apps', 'Deployment', deploy, NOW)).toEqual(['web', '2/3', 3, 2, '60m', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=web,tier in (be,fe)']);
    const fresh = { metadata: meta('new', 0), spec: { selector: { matchLabels: { app: 'new' } }, template }, status: {} };
    expect(tableCells('apps', 'Deployment', fresh, NOW).slice(1, 4)).toEqual(['0/1', 0, 0]);
  });

  it('prints a ReplicaSet and a DaemonSet', () => {
    const rs = {
      metadata: meta('web-5d4', HOUR),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4' } }, template },
      status: { replicas: 3, readyReplicas: 1 },
    };
    expect(tableCells('apps', 'ReplicaSet', rs, NOW)).toEqual(['web-5d4', 3, 3, 1, '60m', 'nginx,sidecar', 'nginx:1.25,busybox', 'app=web,pod-template-hash=5d4']);
    const ds = {
      metadata: meta('agent', 8 * DAY),
      spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'canary', operator: 'DoesNotExist' }] }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
    };
    expect(tableCells('apps', 'DaemonSet', ds, NOW)).toEqual([
      'agent', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '8d', 'nginx,sidecar', 'nginx:1.25,busybox', 'app,!canary',
    ]);
    const noSelector = { ...ds, spec: { template: { spec: {} } } };
    expect(tableCells('apps', 'DaemonSet', noSelector, NOW).slice(6)).toEqual(['<none>', '8d', '', '', '<none>']);
    const badSelector = { ...ds, spec: { ...ds.spec, selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } } };
    expect(tableCells('apps', 'DaemonSet', badSelector, NOW)[10]).toBe('<error>');
  });

  it('prints a StatefulSet and a ControllerRevision', () => {
    const sts = { metadata: meta('db', 30 * MINUTE), spec: { replicas: 3, template }, status: { replicas: 2, readyReplicas: 2 } };
    expect(tableCells('apps', 'StatefulSet', sts, NOW)).toEqual(['db', '2/3', '30m', 'nginx,sidecar', 'nginx:1.25,busybox']);
    const rev = {
      metadata: meta('db-7f9c', 30 * MINUTE, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', controller: true, uid: 'u' }] }),
      revision: 2,
    };
    expect(tableCells('apps', 'ControllerRevision', rev, NOW)).toEqual(['db-7f9c', 'statefulset.apps/db', 2, '30m']);
    const coreOwned = { ...rev, metadata: { ...rev.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', controller: true }] } };
    expect(tableCells('apps', 'ControllerRevision', coreOwned, NOW)[1]).toBe('pod/p');
    expect(tableCells('apps', 'ControllerRevision', { metadata: meta('orphan', 0), revision: 1 }, NOW)[1]).toBe('<none>');
  });
});

describe('batch/v1', () => {
  const jobTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } };

  it('prints a completed Job with its duration', () => {
    const job = {
      metadata: meta('pi', 3 * MINUTE),
      spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, template: jobTemplate },
      status: {
        succeeded: 1,
        startTime: ago(3 * MINUTE),
        completionTime: ago(3 * MINUTE - 12 * SECOND),
        conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
      },
    };
    expect(tableCells('batch', 'Job', job, NOW)).toEqual(['pi', 'Complete', '1/1', '12s', '3m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=abc']);
  });

  it('prints running, failed, suspended and terminating Jobs', () => {
    const base = { metadata: meta('work', 5 * MINUTE), spec: { parallelism: 3, template: jobTemplate }, status: { startTime: ago(4 * MINUTE), succeeded: 1 } };
    expect(tableCells('batch', 'Job', base, NOW).slice(1, 4)).toEqual(['Running', '1/1 of 3', '4m']);
    const failed = { ...base, status: { ...base.status, conditions: [{ type: 'Failed', status: 'True' }] } };
    expect(tableCells('batch', 'Job', failed, NOW)[1]).toBe('Failed');
    const suspended = { ...base, spec: { ...base.spec, completions: 5 }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } };
    expect(tableCells('batch', 'Job', suspended, NOW).slice(1, 4)).toEqual(['Suspended', '0/5', '']);
    const terminating = { ...suspended, metadata: { ...base.metadata, deletionTimestamp: ago(0) } };
    expect(tableCells('batch', 'Job', terminating, NOW)[1]).toBe('Terminating');
  });

  it('prints a CronJob', () => {
    const cj = {
      metadata: meta('hello', 2 * DAY),
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: jobTemplate } } },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(4 * MINUTE) },
    };
    expect(tableCells('batch', 'CronJob', cj, NOW)).toEqual(['hello', '*/5 * * * *', '<none>', 'False', 1, '4m', '2d', 'pi', 'perl:5.34', '<none>']);
    const idle = { ...cj, spec: { ...cj.spec, timeZone: 'Etc/UTC', suspend: true }, status: {} };
    expect(tableCells('batch', 'CronJob', idle, NOW).slice(2, 6)).toEqual(['Etc/UTC', 'True', 0, '<none>']);
  });
});

describe('HorizontalPodAutoscaler', () => {
  const hpa = (spec: object, status: object = {}) => ({
    metadata: meta('web', 20 * MINUTE),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, ...spec },
    status: { currentReplicas: 3, desiredReplicas: 3, ...status },
  });
  const cpu = (utilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });

  it('prints CPU utilization against its target', () => {
    const obj = hpa({ metrics: [cpu(50)] }, { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42, averageValue: '105m' } } }] });
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', obj, NOW)).toEqual(['web', 'Deployment/web', 'cpu: 42%/50%', '2', 10, 3, '20m']);
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', hpa({ metrics: [cpu(50)] }), NOW)[2]).toBe('cpu: <unknown>/50%');
  });

  it('prints value metrics and cuts the list after two', () => {
    const obj = hpa(
      {
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
          { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
        ],
      },
      { currentMetrics: [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '210Mi' } } }] },
    );
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', obj, NOW)[2]).toBe('memory: 210Mi/500Mi, <unknown>/10 + 1 more...');
    const objects = hpa({
      metrics: [
        { type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Ingress', name: 'web' }, target: { type: 'Value', value: '2k' } } },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
      ],
    }, { currentMetrics: [{ type: 'Object', object: { current: { value: '1500' } } }, { type: 'External', external: { current: { averageValue: '12' } } }] });
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', objects, NOW)[2]).toBe('1500/2k, 12/30 (avg)');
  });

  it('reads defaults and autoscaling/v1 objects as the API server does', () => {
    const defaulted = hpa({ minReplicas: undefined, metrics: undefined });
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', defaulted, NOW).slice(2, 4)).toEqual(['cpu: <unknown>/80%', '1']);
    const v1 = hpa({ targetCPUUtilizationPercentage: 60 }, { currentCPUUtilizationPercentage: 75 });
    expect(tableCells('autoscaling', 'HorizontalPodAutoscaler', v1, NOW)[2]).toBe('cpu: 75%/60%');
  });
});

describe('Ingress', () => {
  it('prints class, hosts, addresses and ports', () => {
    const ing = {
      metadata: meta('web', 6 * HOUR),
      spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.3' }, { hostname: 'lb.example.com' }] } },
    };
    expect(tableCells('networking.k8s.io', 'Ingress', ing, NOW)).toEqual(['web', 'nginx', 'a.example.com,b.example.com', '172.18.0.3,lb.example.com', '80, 443', '6h']);
  });

  it('prints * without hosts and counts further rules', () => {
    const bare = { metadata: meta('catch-all', 0), spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } };
    expect(tableCells('networking.k8s.io', 'Ingress', bare, NOW)).toEqual(['catch-all', '<none>', '*', '', '80', '0s']);
    const many = { metadata: meta('many', 0), spec: { rules: [{ host: 'a' }, {}, { host: 'b' }, { host: 'c' }, { host: 'd' }] } };
    expect(tableCells('networking.k8s.io', 'Ingress', many, NOW)[2]).toBe('a,b,c + 2 more...');
  });
});
