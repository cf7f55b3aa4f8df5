// What the simulated runtime knows about images: their full names and digests as containerd
// reports them, their sizes, what the well-known ones do when started without a command.
import { createHash } from '../../../lazy-crypto.js';
import type { Step } from './shell.js';

/** "nginx:1.14.2" -> "docker.io/library/nginx:1.14.2", as containerd names images. */
export function normalizeImage(image: string): string {
  const [named, digest] = image.split('@', 2) as [string, string | undefined];
  const slash = named.indexOf('/');
  const first = slash < 0 ? '' : named.slice(0, slash);
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let full = hasRegistry ? named : `docker.io/${slash < 0 ? 'library/' : ''}${named}`;
  if (!digest && !/:[^/]+$/.test(full)) full += ':latest';
  return digest ? `${full}@${digest}` : full;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The image's repo digest: a stable made-up sha256 per image name. */
export function imageID(image: string): string {
  return remembered(ids, image, () => {
    const full = normalizeImage(image);
    if (full.includes('@')) return full;
    return `${full.replace(/:[^/:]+$/, '')}@sha256:${sha256(full)}`;
  });
}

// What is made up per image is worked out once per image (every pod of a deployment asks again).
const ids = new Map<string, string>();
const sizes = new Map<string, number>();
const MAX_IMAGES = 256;

function remembered<T>(known: Map<string, T>, image: string, work: () => T): T {
  let value = known.get(image);
  if (value === undefined) {
    if (known.size >= MAX_IMAGES) known.clear();
    known.set(image, (value = work()));
  }
  return value;
}

/** A containerd container ID, different for every run of a container. */
export function containerID(podUid: string, container: string, restartCount: number): string {
  return `containerd://${sha256(`${podUid}/${container}/${restartCount}`)}`;
}

/** The ID of a pod's sandbox (its pause container), as the runtime names it in port-forward errors. */
export function sandboxID(podUid: string): string {
  return sha256(`${podUid}/sandbox`);
}

/** The image's size in bytes, as the Pulled event reports it. */
export function imageSize(image: string): number {
  return remembered(sizes, image, () => {
    const known = KNOWN.find((k) => k.matches(repository(image)));
    const base = known?.size ?? 50_000_000;
    return base + (Number.parseInt(sha256(image).slice(0, 6), 16) % 1_000_000);
  });
}

function repository(image: string): string {
  const full = normalizeImage(image).replace(/@.*$/, '');
  return full.replace(/:[^/:]+$/, '').replace(/^docker\.io\/(library\/)?/, '');
}

function tag(image: string): string {
  return /:([^/:@]+)(@|$)/.exec(normalizeImage(image))?.[1] ?? 'latest';
}

interface KnownImage {
  matches(repo: string): boolean;
  size: number;
  /** What the image's entrypoint does when the pod gives no command. */
  steps(image: string): Step[];
}

const NGINX_ENTRYPOINT = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

/** nginx images before 1.19 had no entrypoint scripts and log nothing until the first request. */
function nginxSteps(image: string): Step[] {
  const [major, minor] = tag(image).split('.').map((n) => Number.parseInt(n, 10));
  const old = major !== undefined && minor !== undefined && !Number.isNaN(minor) && (major < 1 || (major === 1 && minor < 19));
  return [...(old ? [] : NGINX_ENTRYPOINT.map((text): Step => ({ kind: 'echo', text }))), { kind: 'block' }];
}

const exitsAtOnce = (): Step[] => [];

const KNOWN: KnownImage[] = [
  { matches: (r) => r === 'nginx' || r.endsWith('/nginx'), size: 72_000_000, steps: nginxSteps },
  // Shell images run `sh` with no input by default: it exits 0 at once (hence CrashLoopBackOff).
  { matches: (r) => ['busybox', 'alpine', 'ubuntu', 'debian', 'centos', 'fedora'].includes(r), size: 4_000_000, steps: exitsAtOnce },
  { matches: (r) => r === 'registry.k8s.io/pause' || r.endsWith('/pause'), size: 320_000, steps: () => [{ kind: 'block' }] },
];

/** The steps an image runs with no command given: what it is known to do, else serve forever. */
export function imageDefaultSteps(image: string): Step[] {
  const known = KNOWN.find((k) => k.matches(repository(image)));
  return known ? known.steps(image) : [{ kind: 'block' }];
}
