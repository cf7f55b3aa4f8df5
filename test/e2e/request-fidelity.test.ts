// Request fidelity: for each command, the requests tkctl sends (method, path, query, content type
// and the body of every POST, PUT and PATCH) equal the ones real kubectl sends for the same
// command, read from both tools' --v=9 traces against one served cluster. Each command runs from
// the same state on both sides: its setup, then kubectl, its teardown, the setup again, then tkctl.
// tkctl talks to the served cluster through its remote backend, as it would to a real cluster.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, HAS_KUBECTL } from './harness.js';
import { servedPair, type ServedPair, type Step } from './served-pair.js';
import { decodeKubernetesProtobuf } from '../../src/backends/embedded/apiserver/protobuf.js';

interface SentRequest {
  method: string;
  path: string;
  query: string;
  contentType: string;
  body?: unknown;
}

/** The requests of a --v=9 trace, in order: each curl line with the request body logged before it. */
export function sentRequests(stderr: string, keepDiscovery = false): SentRequest[] {
  const out: SentRequest[] = [];
  let body: string | undefined;
  const lines = stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const logged = /\] "Request Body" body=(".*")$/.exec(line);
    if (logged) {
      body = JSON.parse(logged[1]!) as string;
      continue;
    }
    // klog's form for a value with line breaks: `body=<`, the lines tab-indented, then ` >`.
    if (/\] "Request Body" body=<$/.test(line)) {
      const text: string[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== ' >') text.push(lines[++i]!.slice(1));
      i++;
      body = text.join('\n') + '\n';
      continue;
    }
    const curl = /round_trippers\.go:\d+\] curl -v -X(\w+) (.*) '([^']*)'$/.exec(line);
    if (!curl) continue;
    const url = new URL(curl[3]!);
    let contentType = /-H "Content-Type: ([^"]*)"/.exec(curl[2]!)?.[1] ?? '';
    let sent = body;
    body = undefined;
    // kubectl's typed clients (create namespace, create deployment, autoscale, …) send protobuf;
    // tkctl sends the same object as JSON, which every API server takes alike. The object is
    // compared, decoded; the content type is the one difference this suite allows.
    if (contentType === 'application/vnd.kubernetes.protobuf' && sent) {
      sent = JSON.stringify(decodeKubernetesProtobuf(fromHexdump(sent))) + '\n';
      contentType = 'application/json';
    }
    if (!keepDiscovery && isDiscovery(url.pathname)) continue;
    out.push({
      method: curl[1]!,
      path: url.pathname,
      query: [...url.searchParams].map(([k, v]) => `${k}=${k === 'fieldSelector' ? unorderedTerms(v) : v}`).sort().join('&'),
      contentType,
      ...(['POST', 'PUT', 'PATCH'].includes(curl[1]!) ? { body: normaliseBody(sent ?? '') } : {}),
    });
  }
  return out;
}

/** The bytes of klog's hexdump of a binary body (`00000000  6b 38 73 00 …  |k8s.|`). */
function fromHexdump(dump: string): Uint8Array {
  const hex = dump.split('\n').flatMap((l) => /^[0-9a-f]{8}  (.*?)  \|/.exec(l)?.[1]!.split(/ +/).filter(Boolean) ?? []);
  return Uint8Array.from(hex.map((h) => parseInt(h, 16)));
}

/** kubectl builds describe's event selector from a Go map: its terms come in a different order each run. */
function unorderedTerms(selector: string): string {
  // Which object's events is compared by name and kind: the uid is new with every setup.
  return /^involvedObject\./.test(selector) ? selector.replace(/involvedObject\.uid=[0-9a-f-]{36}/, 'involvedObject.uid=UID').split(',').sort().join(',') : selector;
}

/** Discovery and OpenAPI: both tools cache them (differently), so they are compared apart. */
function isDiscovery(path: string): boolean {
  return /^\/(api|apis)(\/[^/]+){0,2}$/.test(path) && !/^\/api\/v1\/[^/]+$/.test(path) || path.startsWith('/openapi/');
}

/**
 * Bodies as data: JSON with keys sorted and the values that differ between any two runs replaced,
 * and whether the bytes end in a line break (Go's JSON encoder adds one; a patch has none).
 */
function normaliseBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return { json: normaliseJson(value), newline: text.endsWith('\n') };
}

function normaliseJson(value: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // A zero creationTimestamp is null in JSON and absent in protobuf: the same object.
      const keys = Object.keys(o).filter((k) => !(k === 'creationTimestamp' && o[k] === null)).sort();
      return Object.fromEntries(keys.map((k) => [k, /^(resourceVersion|uid|creationTimestamp|time)$/.test(k) ? 'V' : walk(o[k])]));
    }
    if (typeof v === 'string') {
      // Timestamps (restartedAt), and JSON inside strings (last-applied-configuration), as data too.
      if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v)) return 'TIME';
      if (/^\{.*\}\n?$/s.test(v)) {
        try {
          return walk(JSON.parse(v));
        } catch {
          return v;
        }
      }
    }
    return v;
  };
  return walk(value);
}

interface Case {
  /** The command, as both tools take it. */
  args: string[];
  /** tkctl commands that make the state the command starts from, and that remove what it leaves. */
  setup?: Step[];
  teardown?: Step[];
  /** Compare discovery requests too (for the discovery commands themselves). */
  discovery?: boolean;
  /** Standard input. */
  input?: string;
}

let pair: ServedPair | undefined;

const CM = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fid-cm\n  labels:\n    app: fid\ndata:\n  key: ${value}\n`;
const DEPLOY = readFileSync(join(FIXTURES, 'nginx-deployment.yaml'), 'utf8').replaceAll('nginx-deployment', 'fid-deploy');

const deploy: Step[] = [{ args: ['apply', '-f', '-'], input: DEPLOY }];
const steps = (...commands: string[][]): Step[] => commands.map((args) => ({ args }));
const cases: Case[] = [
  { args: ['get', 'pods'] },
  { args: ['get', 'pods', '-A', '-o', 'wide'] },
  { args: ['get', 'pods,svc', '-l', 'app in (fid)', '--field-selector', 'status.phase=Running'] },
  { args: ['get', 'deploy', 'fid-deploy', '-o', 'yaml'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['get', 'cm', '--chunk-size=1'] },
  { args: ['describe', 'deploy', 'fid-deploy'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['create', '-f', 'fid-cm.yaml'], teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['create', '-f', 'fid-cm.yaml', '--save-config'], teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['apply', '-f', 'fid-cm.yaml'], teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['apply', '-f', 'fid-cm2.yaml'], setup: steps(['apply', '-f', 'fid-cm.yaml']), teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['apply', '--server-side', '-f', 'fid-cm.yaml'], teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['apply', '-f', 'fid-cm.yaml', '--dry-run=server'] },
  { args: ['delete', 'cm', 'fid-cm'], setup: steps(['create', '-f', 'fid-cm.yaml']) },
  { args: ['delete', 'cm', '-l', 'app=fid'], setup: steps(['create', '-f', 'fid-cm.yaml']) },
  { args: ['delete', 'deploy', 'fid-deploy', '--cascade=orphan', '--wait=false'], setup: deploy, teardown: steps(['delete', 'rs', '-l', 'app=nginx']) },
  { args: ['create', 'namespace', 'fid-ns'], teardown: steps(['delete', 'ns', 'fid-ns', '--wait=false']) },
  { args: ['create', 'deployment', 'fid-web', '--image=nginx:1.27', '--replicas=2', '--port=80'], teardown: steps(['delete', 'deploy', 'fid-web']) },
  { args: ['create', 'configmap', 'fid-lit', '--from-literal=a=1', '--from-literal=b=2'], teardown: steps(['delete', 'cm', 'fid-lit']) },
  { args: ['create', 'secret', 'generic', 'fid-secret', '--from-literal=password=s3cr3t'], teardown: steps(['delete', 'secret', 'fid-secret']) },
  { args: ['create', 'service', 'clusterip', 'fid-svc', '--tcp=80:8080'], teardown: steps(['delete', 'svc', 'fid-svc']) },
  { args: ['run', 'fid-run', '--image=nginx:1.27', '--labels=app=fid', '--port=80'], teardown: steps(['delete', 'pod', 'fid-run', '--grace-period=0', '--force']) },
  { args: ['label', 'cm', 'fid-cm', 'tier=web'], setup: steps(['create', '-f', 'fid-cm.yaml']), teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['label', 'cm', 'fid-cm', 'app-'], setup: steps(['create', '-f', 'fid-cm.yaml']), teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['annotate', 'cm', 'fid-cm', 'note=hello', '--overwrite'], setup: steps(['create', '-f', 'fid-cm.yaml']), teardown: steps(['delete', 'cm', 'fid-cm']) },
  { args: ['scale', 'deploy', 'fid-deploy', '--replicas=2'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['set', 'image', 'deploy/fid-deploy', 'nginx=nginx:1.27'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['set', 'env', 'deploy/fid-deploy', 'MODE=fast'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['rollout', 'restart', 'deploy/fid-deploy'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['rollout', 'pause', 'deploy/fid-deploy'], setup: deploy, teardown: steps(['delete', 'deploy', 'fid-deploy']) },
  { args: ['autoscale', 'deploy', 'fid-deploy', '--min=1', '--max=5', '--cpu-percent=50'], setup: deploy, teardown: steps(['delete', 'hpa', 'fid-deploy'], ['delete', 'deploy', 'fid-deploy']) },
  { args: ['version'] },
  { args: ['cluster-info'] },
  { args: ['api-versions'], discovery: true },
  { args: ['api-resources'], discovery: true },
];

beforeAll(async () => {
  if (!HAS_KUBECTL) return;
  pair = await servedPair();
  writeFileSync(join(pair.sb.dir, 'fid-cm.yaml'), CM('one'));
  writeFileSync(join(pair.sb.dir, 'fid-cm2.yaml'), CM('two'));
}, 120_000);

afterAll(async () => {
  await pair?.stop();
});

describe.skipIf(!HAS_KUBECTL)('request fidelity: tkctl sends what kubectl sends', () => {
  for (const c of cases) {
    it(c.args.join(' '), async () => {
      const { kubectl: k, tkctl: t } = await pair!.both({ ...c, args: [...c.args, '--v=9'] });
      expect(t.code, t.stderr).toBe(k.code);
      const theirs = sentRequests(k.stderr, c.discovery);
      expect(theirs.length, 'kubectl sent requests').toBeGreaterThan(0);
      expect(sentRequests(t.stderr, c.discovery)).toEqual(theirs);
    }, 90_000);
  }
});
