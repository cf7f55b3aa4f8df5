// logs, exec, top on the embedded cluster, in-process: the pods/log subresource, the simulated
// exec shell and its sandbox, the metrics API and kubectl's printing of it.
import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { SchedulerController } from '../../src/backends/embedded/scheduler/scheduler.js';
import { KubeletController } from '../../src/backends/embedded/kubelet/kubelet.js';
import { NodeHeartbeatController } from '../../src/backends/embedded/kubelet/node-heartbeat.js';
import { SimulatedShell } from '../../src/backends/embedded/kubelet/exec-shell.js';
import { ExecSession, containerSandbox, execTarget } from '../../src/backends/embedded/apiserver/pod-exec.js';
import { formatLines, rfc3339Nano } from '../../src/backends/embedded/apiserver/pod-log.js';
import { exitStatus } from '../../src/backends/embedded/apiserver/stream-upgrade.js';
import { exitCodeOf } from '../../src/pod-commands/exec-channel.js';
import { runLogs, logQuery } from '../../src/pod-commands/logs.js';
import { topNodes, topPods } from '../../src/pod-commands/top.js';
import { byLogging } from '../../src/pod-commands/pod-for-object.js';
import { parsePortPair, listenAddresses } from '../../src/pod-commands/port-forward.js';
import { webSocketUrl } from '../../src/backends/remote/channel.js';
import { StatusError } from '../../src/client/errors.js';

const s = useScenario(() => [new NodeHeartbeatController(), new SchedulerController(), new KubeletController()]);

const pod = (name: string, spec: any, annotations?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(annotations ? { annotations } : {}) }, spec,
});

async function createPod(p: any): Promise<void> {
  await s.client.request('POST', '/api/v1/namespaces/default/pods', { body: p });
  await s.settle();
}

async function logText(name: string, query: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await s.client.transport.request({ method: 'GET', path: `/api/v1/namespaces/default/pods/${name}/log`, query });
  return { status: res.status, body: res.body };
}

describe('pods/log', () => {
  it('serves what the container wrote by now, with tail, since and timestamps', async () => {
    await createPod(pod('hello', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 5; echo bye'] }] }));
    expect(await logText('hello')).toEqual({ status: 200, body: 'hello\n' });
    s.advance(6);
    await s.settle();
    expect((await logText('hello')).body).toBe('hello\nbye\n');
    expect((await logText('hello', { tailLines: '1' })).body).toBe('bye\n');
    expect((await logText('hello', { sinceSeconds: '3' })).body).toBe('bye\n');
    expect((await logText('hello', { timestamps: 'true' })).body).toBe('2025-03-04T05:06:07Z hello\n2025-03-04T05:06:12Z bye\n');
    expect((await logText('hello', { limitBytes: '3' })).body).toBe('hel');
  });

  it("answers kube's errors for an ambiguous, unknown, waiting or never-restarted container", async () => {
    await createPod(pod('two', { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx' }] }));
    await createPod(pod('slow', { containers: [{ name: 'c', image: 'nginx' }] }, { 'sim.tkctl.dev/start-delay': '30s' }));
    const message = async (name: string, q: Record<string, string> = {}) => JSON.parse((await logText(name, q)).body).message;
    expect(await message('two')).toBe('a container name must be specified for pod two, choose one of: [a b]');
    expect(await message('two', { container: 'x' })).toBe('container x is not valid for pod two');
    expect(await message('two', { container: 'a', previous: 'true' })).toBe('previous terminated container "a" in pod "two" not found');
    expect(await message('slow')).toBe('container "c" in pod "slow" is waiting to start: ContainerCreating');
    expect((await logText('slow')).status).toBe(400);
  });

  it('formats RFC3339Nano without trailing zeros, and --tail=0 prints nothing', () => {
    expect(rfc3339Nano(Date.parse('2025-01-02T03:04:05.120Z'))).toBe('2025-01-02T03:04:05.12Z');
    const lines = [{ at: 0, text: 'a' }, { at: 1000, text: 'b' }];
    expect(formatLines(lines, { previous: false, follow: false, timestamps: false, tailLines: 0 }, undefined)).toEqual([]);
  });
});

describe('logs command', () => {
  it('picks the first container with kubectl\'s notice, and prefixes lines', async () => {
    await createPod(pod('duo', { containers: [
      { name: 'main', image: 'busybox', command: ['sh', '-c', 'echo from-main; sleep 3600'] },
      { name: 'side', image: 'busybox', command: ['sh', '-c', 'echo from-side; sleep 3600'] },
    ] }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    await runLogs(s.client, { args: ['duo'], namespace: 'default' }, io);
    expect(out).toBe('from-main\n');
    expect(err).toBe('Defaulted container "main" out of: main, side\n');
    out = '';
    await runLogs(s.client, { args: ['duo'], namespace: 'default', allContainers: true, prefix: true }, io);
    expect(out).toBe('[pod/duo/main] from-main\n[pod/duo/side] from-side\n');
  });

  it('says which pod is not found, in the namespace', async () => {
    await expect(runLogs(s.client, { args: ['nope'], namespace: 'default' }, { out: () => {}, err: () => {} }))
      .rejects.toThrow('error: error from server (NotFound): pods "nope" not found in namespace "default"');
  });

  it('sends kubectl\'s query: a selector defaults the tail to 10', () => {
    expect(logQuery({ args: [], namespace: 'default', selector: 'app=x' }, 'c')).toEqual({ container: 'c', tailLines: '10' });
    expect(logQuery({ args: ['p'], namespace: 'default', since: '1m', follow: true }, 'c')).toEqual({ container: 'c', follow: 'true', sinceSeconds: '60' });
  });

  it('orders pods for logging: running and ready before pending', () => {
    const running = { metadata: { name: 'b' }, spec: { nodeName: 'n' }, status: { phase: 'Running' } };
    const pending = { metadata: { name: 'a' }, spec: {}, status: { phase: 'Pending' } };
    expect([pending, running].sort(byLogging).map((p) => p.metadata.name)).toEqual(['b', 'a']);
  });
});

describe('exec sandbox', () => {
  it('sees env, envFrom, downward API, secrets and mounted ConfigMap files', async () => {
    await s.client.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'cfg' }, data: { key: 'value1' } } });
    await s.client.request('POST', '/api/v1/namespaces/default/secrets', { body: { metadata: { name: 'sec' }, data: { pw: Buffer.from('s3cret').toString('base64') } } });
    await createPod(pod('nginx', {
      containers: [{
        name: 'nginx', image: 'nginx',
        env: [{ name: 'A', value: 'x' }, { name: 'B', value: '$(A)-y' }, { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } }],
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
        volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'cfg' } }],
    }));
    const opts = { command: ['sh'], stdin: false, stdout: true, stderr: true, tty: false };
    const { pod: p, container } = execTarget(s.server.registry, 'default', 'nginx', opts);
    const shell = new SimulatedShell(containerSandbox(s.server.registry, p, container));
    expect(shell.runArgv(['printenv', 'HOSTNAME', 'B', 'NS', 'PW', 'CFG_key'], '')).toEqual({ stdout: 'nginx\nx-y\ndefault\ns3cret\nvalue1\n', stderr: '', code: 0 });
    expect(shell.runArgv(['cat', '/etc/config/key'], '').stdout).toBe('value1');
    expect(shell.runArgv(['ls', '/etc/config'], '').stdout).toBe('key\n');
    expect(shell.runArgv(['cat', '/nope'], '')).toEqual({ stdout: '', stderr: 'cat: /nope: No such file or directory\n', code: 1 });
    expect(shell.runArgv(['sh', '-c', 'echo $A; hostname && false || echo fell; exit 7'], '')).toEqual({ stdout: 'x\nnginx\nfell\n', stderr: '', code: 7 });
    expect(shell.runArgv(['sh', '-c', 'env | grep CFG_'], '').stdout).toBe('CFG_key=value1\n');
    expect(shell.runArgv(['sh', '-c', 'curl x'], '')).toEqual({ stdout: '', stderr: 'sh: 1: curl: not found\n', code: 127 });
    expect(shell.runArgv(['python'], '').code).toBe(127);
  });

  it('refuses containers that do not exist or are not running, as kube words it', async () => {
    await createPod(pod('slow', { containers: [{ name: 'c', image: 'nginx' }] }, { 'sim.tkctl.dev/start-delay': '30s' }));
    const opts = (container?: string) => ({ container, command: ['ls'], stdin: false, stdout: true, stderr: true, tty: false });
    expect(() => execTarget(s.server.registry, 'default', 'slow', opts('x'))).toThrow('container x is not valid for pod slow');
    expect(() => execTarget(s.server.registry, 'default', 'slow', opts())).toThrow('container not found ("c")');
  });

  it('feeds a shell its stdin line by line and ends with its exit code', () => {
    let out = '';
    let code: number | undefined;
    const session = new ExecSession({ env: { HOSTNAME: 'p' }, files: {}, hostname: 'p' }, { command: ['sh'], stdin: true, stdout: true, stderr: true, tty: false },
      { stdout: (t) => (out += t), stderr: (t) => (out += t), exit: (c) => (code = c) });
    session.start();
    session.input('hostname\necho a');
    expect(out).toBe('p\n');
    session.input('\nexit 3\n');
    expect(out).toBe('p\na\n');
    expect(code).toBe(3);
  });

  it('echoes and prompts on a TTY, with CRLF line ends', () => {
    let out = '';
    const session = new ExecSession({ env: {}, files: {}, hostname: 'p' }, { command: ['sh'], stdin: true, stdout: true, stderr: false, tty: true },
      { stdout: (t) => (out += t), stderr: () => {}, exit: () => {} });
    session.start();
    session.input('hostname\r');
    expect(out).toBe('# hostname\r\np\r\n# ');
  });

  it('reports the exit code through the channel Status, as the kubelet does', () => {
    expect(exitCodeOf(exitStatus(0, ['true']))).toBe(0);
    expect(JSON.parse(exitStatus(127, ['foo'])).message).toBe('command terminated with non-zero exit code: error executing command [foo], exit code 127');
    expect(exitCodeOf(exitStatus(127, ['foo']))).toBe(127);
  });
});

describe('metrics API and top', () => {
  it('serves PodMetrics and NodeMetrics, printed with kubectl\'s columns', async () => {
    await createPod(pod('web', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '250m', memory: '64Mi' } } }] }));
    await createPod(pod('idle', { containers: [{ name: 'c', image: 'nginx' }] }, { 'sim.tkctl.dev/cpu': '5m' }));
    const m = await s.client.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web');
    expect(m.kind).toBe('PodMetrics');
    expect(m.containers).toEqual([{ name: 'c', usage: { cpu: '250000000n', memory: '65536Ki' } }]);
    const pods = await topPods(s.client, { namespace: 'default' });
    expect(pods.stdout).toBe('NAME   CPU(cores)   MEMORY(bytes)   \nidle   5m           4Mi             \nweb    250m         64Mi            \n');
    const sorted = await topPods(s.client, { namespace: 'default', sortBy: 'cpu', noHeaders: true });
    expect(sorted.stdout.split('\n')[0]).toMatch(/^web /);
    const nodes = await topNodes(s.client, {});
    expect(nodes.stdout.split('\n')[0]).toBe('NAME                 CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    expect(nodes.stdout).toMatch(/^kind-control-plane {3}\d+m {2,}\d+% /m);
  });

  it('says NotFound for a pod without metrics, and nothing for an empty namespace', async () => {
    await expect(s.client.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/none')).rejects.toThrow(StatusError);
    expect(await topPods(s.client, { namespace: 'empty' })).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n' });
  });
});

describe('port-forward arguments', () => {
  it('parses port pairs and listen addresses as kubectl does', () => {
    expect(parsePortPair('8080:80')).toEqual({ local: 8080, remote: '80' });
    expect(parsePortPair(':80')).toEqual({ local: 0, remote: '80' });
    expect(parsePortPair('80')).toEqual({ local: 80, remote: '80' });
    expect(listenAddresses(['localhost'])).toEqual(['127.0.0.1', '::1']);
    expect(webSocketUrl('https://h:6443/', '/x', { command: ['sh', '-c'], stdout: 'true', container: 'c' }))
      .toBe('wss://h:6443/x?command=sh&command=-c&container=c&stdout=true');
  });
});
