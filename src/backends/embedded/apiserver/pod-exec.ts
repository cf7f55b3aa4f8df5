// pods/NAME/exec on the embedded cluster: which container, what it sees (environment, mounted
// ConfigMaps and Secrets, downward API, hostname), and a session that runs the simulated shell
// against stdin as it arrives. kube-apiserver's and the kubelet's refusals, word for word.
import type { KubeObject } from './objects.js';
import type { Registry } from './registry.js';
import { findResource } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { SimulatedShell, type Sandbox } from '../kubelet/exec-shell.js';

type Obj = KubeObject & { spec?: any; status?: any; data?: Record<string, string>; stringData?: Record<string, string> };

export interface ExecOptions {
  container?: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const PODS = findResource('', 'v1', 'pods')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
const SECRETS = findResource('', 'v1', 'secrets')!;
const SERVICES = findResource('', 'v1', 'services')!;

export function execOptions(params: URLSearchParams): ExecOptions {
  const flag = (k: string) => ['true', '1'].includes(params.get(k) ?? '');
  return {
    container: params.get('container') || undefined,
    command: params.getAll('command'),
    stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty'),
  };
}

/** The pod and container an exec addresses, or kube's error for why it cannot run. */
export function execTarget(registry: Registry, namespace: string, name: string, opts: ExecOptions): { pod: Obj; container: any } {
  const pod = registry.get(PODS, namespace, name) as Obj;
  const containers: any[] = pod.spec?.containers ?? [];
  let containerName = opts.container;
  if (!containerName) {
    if (containers.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
    }
    containerName = containers[0].name as string;
  }
  const container = [...containers, ...(pod.spec?.initContainers ?? [])].find((c: any) => c.name === containerName);
  if (!container) throw badRequest(`container ${containerName} is not valid for pod ${name}`);
  if (opts.command.length === 0) throw badRequest('you must specify at least 1 command');
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === containerName);
  if (!status?.state?.running) throw new ApiError(500, '', `container not found ("${containerName}")`);
  return { pod, container };
}

function decode(secret: Obj, key: string): string | undefined {
  const v = secret.data?.[key];
  return v === undefined ? secret.stringData?.[key] : Buffer.from(v, 'base64').toString('utf8');
}

function tryGet(registry: Registry, r: typeof CONFIGMAPS, namespace: string, name: string): Obj | undefined {
  try {
    return registry.get(r, namespace, name) as Obj;
  } catch {
    return undefined;
  }
}

/** The downward API's fieldRef paths. */
function fieldValue(pod: Obj, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata?.[m[1] as 'labels' | 'annotations']?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'metadata.labels': return Object.entries(pod.metadata?.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.metadata?.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((p: any) => p.ip).join(',');
    case 'status.hostIPs': return (pod.status?.hostIPs ?? []).map((p: any) => p.ip).join(',');
    default: return '';
  }
}

/** Docker-style service links, as the kubelet sets them for every service in the pod's namespace. */
function serviceEnv(registry: Registry, pod: Obj): Record<string, string> {
  const env: Record<string, string> = {};
  const services = [
    ...(tryGet(registry, SERVICES, 'default', 'kubernetes') ? [tryGet(registry, SERVICES, 'default', 'kubernetes')!] : []),
    ...(pod.spec?.enableServiceLinks === false ? [] : registry.list(SERVICES, pod.metadata?.namespace).items as Obj[]),
  ];
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const prefix = String(svc.metadata?.name).toUpperCase().replace(/-/g, '_');
    const ports: any[] = svc.spec?.ports ?? [];
    if (!ports.length) continue;
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${prefix}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    const proto = (ports[0].protocol ?? 'TCP').toLowerCase();
    env[`${prefix}_PORT`] = `${proto}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const key = `${prefix}_PORT_${p.port}_${(p.protocol ?? 'TCP').toUpperCase()}`;
      env[key] = `${(p.protocol ?? 'TCP').toLowerCase()}://${ip}:${p.port}`;
      env[`${key}_PROTO`] = (p.protocol ?? 'TCP').toLowerCase();
      env[`${key}_PORT`] = String(p.port);
      env[`${key}_ADDR`] = ip;
    }
  }
  return env;
}

/** $(VAR) references in env values, as the kubelet expands them; $$ escapes. */
function expandRefs(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][\w.-]*)\)/g, (all, name) => (all === '$$' ? '$' : name in env ? env[name]! : all));
}

export function containerEnvironment(registry: Registry, pod: Obj, container: any): Record<string, string> {
  const ns = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? '',
  };
  for (const from of container.envFrom ?? []) {
    const source = from.configMapRef ? tryGet(registry, CONFIGMAPS, ns, from.configMapRef.name) : from.secretRef ? tryGet(registry, SECRETS, ns, from.secretRef.name) : undefined;
    if (!source) continue;
    for (const key of Object.keys(source.data ?? {})) {
      env[`${from.prefix ?? ''}${key}`] = from.secretRef ? decode(source, key) ?? '' : source.data![key]!;
    }
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom;
    let value: string | undefined;
    if (!ref) value = expandRefs(e.value ?? '', env);
    else if (ref.fieldRef) value = fieldValue(pod, ref.fieldRef.fieldPath);
    else if (ref.configMapKeyRef) value = tryGet(registry, CONFIGMAPS, ns, ref.configMapKeyRef.name)?.data?.[ref.configMapKeyRef.key];
    else if (ref.secretKeyRef) {
      const secret = tryGet(registry, SECRETS, ns, ref.secretKeyRef.name);
      value = secret && decode(secret, ref.secretKeyRef.key);
    } else if (ref.resourceFieldRef) value = resourceField(container, ref.resourceFieldRef.resource);
    if (value !== undefined) env[e.name] = value;
  }
  return { ...serviceEnv(registry, pod), ...env, HOME: '/root' };
}

function resourceField(container: any, resource: string): string {
  const [kind, name] = resource.split('.');
  const v = container.resources?.[kind === 'limits' ? 'limits' : 'requests']?.[name ?? ''];
  return v === undefined ? '' : String(v);
}

/** The files a volume projects: key (or item path) -> content. */
function volumeFiles(registry: Registry, pod: Obj, volume: any): Record<string, string> | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  const pick = (data: Record<string, string>, items: any[] | undefined) =>
    Object.fromEntries(items?.length ? items.filter((i) => i.key in data).map((i) => [i.path, data[i.key]!]) : Object.entries(data));
  if (volume.configMap) {
    const cm = tryGet(registry, CONFIGMAPS, ns, volume.configMap.name);
    return cm && pick({ ...cm.data }, volume.configMap.items);
  }
  if (volume.secret) {
    const secret = tryGet(registry, SECRETS, ns, volume.secret.secretName);
    if (!secret) return undefined;
    const data = Object.fromEntries(Object.keys(secret.data ?? {}).map((k) => [k, decode(secret, k) ?? '']));
    return pick(data, volume.secret.items);
  }
  if (volume.downwardAPI) {
    return Object.fromEntries((volume.downwardAPI.items ?? []).filter((i: any) => i.fieldRef).map((i: any) => [i.path, fieldValue(pod, i.fieldRef.fieldPath)]));
  }
  if (volume.projected) {
    return Object.assign({}, ...(volume.projected.sources ?? []).map((s: any) => volumeFiles(registry, pod, s.configMap ? { configMap: s.configMap } : s.secret ? { secret: { ...s.secret, secretName: s.secret.name } } : s.downwardAPI ? { downwardAPI: s.downwardAPI } : {}) ?? {}));
  }
  return volume.emptyDir ? {} : undefined;
}

export function containerSandbox(registry: Registry, pod: Obj, container: any): Sandbox {
  const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const files: Record<string, string> = {
    '/etc/hostname': `${hostname}\n`,
    '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${pod.status?.podIP ?? ''}\t${hostname}\n`,
  };
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    const projected: Record<string, string> | undefined = volume && volumeFiles(registry, pod, volume);
    if (!projected) continue;
    const at = String(mount.mountPath).replace(/\/+$/, '');
    if (mount.subPath) {
      if (mount.subPath in projected) files[at] = projected[mount.subPath]!;
      continue;
    }
    for (const [path, content] of Object.entries(projected)) files[`${at}/${path}`] = content;
  }
  return { env: containerEnvironment(registry, pod, container), files, hostname };
}

export interface ExecOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
}

const SHELLS = ['sh', 'bash', 'ash', 'dash'];
const FILTERS = ['cat', 'grep', 'head', 'tail', 'wc', 'sort'];

/** Whether a command reads its stdin: a shell without -c, a filter without files, a script that runs one. */
function readsStdin(command: string[]): boolean {
  const [cmd = '', ...args] = command;
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (SHELLS.includes(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c/.test(a));
    return c < 0 || /(^|[;&|(\s])(cat|read|grep|head|tail|wc|sort)(\s*($|[;&|)])|\s+-)/.test(args[c + 1] ?? '');
  }
  const files = args.filter((a) => !a.startsWith('-'));
  return FILTERS.includes(name) && files.length <= (name === 'grep' ? 1 : 0);
}

const PROMPT = '# ';

/**
 * One exec: a command run at once, or — for a shell (or cat) given stdin — fed as input arrives.
 * With a TTY, input is echoed and line-edited, output lines end in CRLF, and the shell prompts.
 */
export class ExecSession {
  private readonly shell: SimulatedShell;
  /** Reads stdin: run when input arrives (a shell, line by line) or ends (anything else). */
  private readonly readsInput: boolean;
  private pending = '';
  private lineNo = 0;
  private done = false;
  private lastCode = 0;

  constructor(sandbox: Sandbox, private readonly opts: ExecOptions, private readonly out: ExecOutput) {
    this.shell = new SimulatedShell(sandbox);
    this.readsInput = opts.stdin && readsStdin(opts.command);
  }

  start(): void {
    if (!this.readsInput) {
      const r = this.shell.runArgv(this.opts.command, '');
      this.emit(r.stdout, r.stderr);
      this.finish(r.code);
    } else if (this.isShell() && this.opts.tty) this.write(PROMPT);
  }

  /** Input from the client's stdin. */
  input(data: string): void {
    if (this.done) return;
    if (!this.opts.tty) {
      this.pending += data;
      if (!this.isShell()) return;
      let nl: number;
      while (!this.done && (nl = this.pending.indexOf('\n')) >= 0) {
        const line = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        this.runShellLine(line);
      }
      return;
    }
    for (const ch of data) {
      if (this.done) return;
      if (ch === '\r' || ch === '\n') {
        this.write('\r\n');
        const line = this.pending;
        this.pending = '';
        if (this.isShell()) this.runShellLine(line);
        else this.write(`${line}\r\n`);
        if (!this.done && this.isShell()) this.write(PROMPT);
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.pending) {
          this.pending = this.pending.slice(0, -1);
          this.write('\b \b');
        }
      } else if (ch === '\x03') {
        this.pending = '';
        this.write('^C\r\n');
        if (this.isShell()) this.write(PROMPT);
        else this.finish(130);
      } else if (ch === '\x04') {
        if (!this.pending) this.endInput();
      } else {
        this.pending += ch;
        this.write(ch);
      }
    }
  }

  /** The client closed stdin. */
  endInput(): void {
    if (this.done) return;
    if (this.isShell()) {
      if (this.pending) this.runShellLine(this.pending);
      if (this.opts.tty && !this.done) this.write('exit\r\n');
      this.finish(this.lastCode);
      return;
    }
    const r = this.shell.runArgv(this.opts.command, this.pending);
    this.emit(r.stdout, r.stderr);
    this.finish(r.code);
  }

  /** An interactive shell: one without -c, fed line by line. */
  private isShell(): boolean {
    const [cmd = '', ...args] = this.opts.command;
    return SHELLS.includes(cmd.slice(cmd.lastIndexOf('/') + 1)) && !args.some((a) => /^-[a-z]*c/.test(a));
  }

  private runShellLine(line: string): void {
    const r = this.shell.runLine(line, '', ++this.lineNo);
    this.lastCode = r.code;
    this.emit(r.stdout, r.stderr);
    if (r.exited) this.finish(r.code);
  }

  private emit(stdout: string, stderr: string): void {
    if (stdout && this.opts.stdout) this.write(stdout);
    if (stderr) {
      if (this.opts.tty) this.write(stderr);
      else if (this.opts.stderr) this.out.stderr(stderr);
    }
  }

  private write(text: string): void {
    this.out.stdout(this.opts.tty ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.out.exit(code);
  }
}
