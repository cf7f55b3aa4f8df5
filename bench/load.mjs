// The served API under load: 64 concurrent connections against `tkctl cluster serve` holding
// 5,000 pods. Single-object GETs at a fixed rate, LISTs as a Table, watch delivery, and a mixed
// GET/LIST/PATCH phase; p50/p99 latency, throughput and the serve process's memory are printed
// with each target met (ok) or MISSED. Bounded: about a minute and a half. Run with `npm run bench:load`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/tkctl.cjs');
const PODS = Number(process.env.LOAD_PODS ?? 5000);
const CONNECTIONS = 64;
const PHASE_MS = Number(process.env.LOAD_PHASE_MS ?? 10_000);

const dir = mkdtempSync(join(tmpdir(), 'tkctl-load-'));
const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TKCTL_HOME: join(dir, 'tkctl') };
const quantile = (xs, q) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] : NaN);
const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const created = spawnSync(process.execPath, [BIN, 'cluster', 'create', 'load'], { env, encoding: 'utf8' });
if (created.status !== 0) throw new Error(`cluster create failed: ${created.stderr}`);
// Serve runs with Node's inspector on a loopback port of the bench's own choosing, so the bench can
// ask V8 for a full collection and the heap left live after it (the memory verdict); no endpoint of
// tkctl's own is involved.
const serve = spawn(process.execPath, ['--inspect=127.0.0.1:0', BIN, 'cluster', 'serve', 'load'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
const inspectorUrl = await new Promise((res, rej) => {
  let err = '';
  serve.stderr.on('data', (d) => {
    err += d;
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(err)?.[1];
    if (url && err.includes('Serving cluster')) res(url);
  });
  serve.on('exit', () => rej(new Error(`serve exited: ${err}`)));
});
const inspector = new WebSocket(inspectorUrl);
await new Promise((res, rej) => { inspector.once('open', res); inspector.once('error', rej); });
let inspectorCalls = 0;
/** One Chrome DevTools Protocol call to the serve process. */
function devtools(method) {
  const id = ++inspectorCalls;
  inspector.send(JSON.stringify({ id, method }));
  return new Promise((res) => {
    const answer = (data) => {
      const message = JSON.parse(data);
      if (message.id === id) inspector.off('message', answer), res(message.result);
    };
    inspector.on('message', answer);
  });
}
/** The serve process's JavaScript heap left live after a full garbage collection, in MB. */
async function liveHeapMb() {
  await devtools('HeapProfiler.collectGarbage');
  return (await devtools('Runtime.getHeapUsage')).usedSize / 2 ** 20;
}

// Never leave the server behind, whatever ends this script.
process.on('exit', () => serve.kill('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** CPU seconds the process has used (user + system). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Waits (at most `limitMs`) until the control plane in `serve` has caught up: under 20% of a core for a second. */
async function quiet(limitMs) {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    const before = cpuSeconds(serve.pid);
    await new Promise((res) => setTimeout(res, 1000));
    if (cpuSeconds(serve.pid) - before < 0.2) break;
  }
  return (performance.now() - started) / 1000;
}

// The serve process's RSS twice a second. RSS rises and falls with each garbage collection, so
// the rounds of the mixed load are compared by their medians, each taken over its own round.
const rss = [];
const sampler = setInterval(() => rss.push(rssMb(serve.pid)), 500);
const kc = parse(readFileSync(env.KUBECONFIG, 'utf8'));
const token = kc.users[0].user.token;
const pool = new Pool(kc.clusters[0].cluster.server, {
  connections: CONNECTIONS, pipelining: 1,
  connect: { ca: Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString() },
});
const statuses = new Map();
const unexpected = [];

/** One request; `client` names the User-Agent, since the server limits each client separately. */
async function call(method, path, { client = 'load/0', body, contentType = 'application/json', accept } = {}) {
  const started = performance.now();
  const headers = { authorization: `Bearer ${token}`, 'user-agent': client, 'content-type': contentType };
  if (accept) headers.accept = accept;
  const res = await pool.request({ method, path, body, headers });
  const text = await res.body.text();
  const took = performance.now() - started;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode >= 300 && res.statusCode !== 409 && res.statusCode !== 429) unexpected.push(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
  return { status: res.statusCode, took, text };
}

const podBody = (name) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'load' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

try {
  console.log(`creating ${PODS} pods over HTTPS...`);
  const createStarted = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async (_, w) => {
    while (next < PODS) {
      const i = next++;
      const r = await call('POST', '/api/v1/namespaces/default/pods', { client: `creator/${w}`, body: podBody(`pod-${i}`) });
      if (r.status === 429) next--, await new Promise((res) => setTimeout(res, 1000));
    }
  }));
  console.log(`created in ${((performance.now() - createStarted) / 1000).toFixed(1)} s; serve RSS ${rssMb(serve.pid).toFixed(0)} MB`);
  console.log(`control plane quiet after ${(await quiet(90_000)).toFixed(0)} s more\n`);
  const rssStart = rssMb(serve.pid);
  const heapStart = await liveHeapMb();

  // Single-object GETs paced at 1,000/s over all connections, each connection its own client.
  {
    const rate = 1000;
    const lat = [];
    const started = performance.now();
    let sent = 0;
    const inFlight = [];
    while (performance.now() - started < PHASE_MS) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; sent < due; sent++) {
        inFlight.push(call('GET', `/api/v1/namespaces/default/pods/pod-${sent % PODS}`, { client: `getter/${sent % CONNECTIONS}` }).then((r) => lat.push(r.took)));
      }
      await new Promise((res) => setTimeout(res, 1));
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    const p99 = quantile(lat, 0.99);
    console.log(`GET one pod at ${rate}/s offered    ${(lat.length / seconds).toFixed(0).padStart(5)}/s done   p50 ${ms(quantile(lat, 0.5))}   p99 ${ms(p99)} (target p99 <= 20 ms) ${verdict(p99 <= 20)}`);
  }

  // LIST of every pod as a Table, as kubectl get pods asks for it.
  {
    const lat = [];
    let rows = 0;
    for (let i = 0; i < 20; i++) {
      const r = await call('GET', '/api/v1/namespaces/default/pods?limit=500000', { client: 'lister', accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
      rows = JSON.parse(r.text).rows.length;
      lat.push(r.took);
    }
    const p99 = quantile(lat, 0.99);
    console.log(`LIST ${rows} pods as a Table           p50 ${ms(quantile(lat, 0.5))}   p99 ${ms(p99)} (target <= 300 ms) ${verdict(p99 <= 300)}`);
  }

  // Watch delivery: the time from sending a PATCH to each of 8 watchers receiving its event.
  {
    const sentAt = new Map();
    const lat = [];
    const rv = JSON.parse((await call('GET', '/api/v1/namespaces/default/pods?limit=1', { client: 'watch-setup' })).text).metadata.resourceVersion;
    const watchers = await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      const res = await pool.request({
        method: 'GET', path: `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dpod-0`,
        headers: { authorization: `Bearer ${token}`, 'user-agent': `watcher/${w}` },
      });
      let buffer = '';
      res.body.on('data', (chunk) => {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const event = JSON.parse(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          const seq = event.object?.metadata?.annotations?.['load/seq'];
          if (sentAt.has(seq)) lat.push(performance.now() - sentAt.get(seq));
        }
      });
      res.body.on('error', () => {});
      return res;
    }));
    for (let i = 0; i < 200; i++) {
      sentAt.set(String(i), performance.now());
      await call('PATCH', '/api/v1/namespaces/default/pods/pod-0', { client: 'patcher', contentType: 'application/merge-patch+json', body: JSON.stringify({ metadata: { annotations: { 'load/seq': String(i) } } }) });
      await new Promise((res) => setTimeout(res, 20));
    }
    await new Promise((res) => setTimeout(res, 500));
    for (const w of watchers) w.body.destroy();
    const p99 = quantile(lat, 0.99);
    console.log(`watch delivery (${lat.length} events, 8 watchers)  p50 ${ms(quantile(lat, 0.5))}   p99 ${ms(p99)} (target p99 <= 50 ms) ${verdict(p99 <= 50 && lat.length === 1600)}`);
  }

  // Mixed: every connection busy with GETs, paged LISTs and PATCHes at once. Run twice: the first
  // round warms the server up (heap, caches), so memory that still grows in the second is a leak.
  // The verdict compares the heap left live after a full collection at the end of each round: RSS
  // also holds garbage V8 has promoted and not yet collected (it puts off full collections while
  // the heap is far below its limit), so RSS medians are printed beside it, not judged.
  const mixed = async () => {
    const byKind = { GET: [], LIST: [], PATCH: [] };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = 0; performance.now() - started < PHASE_MS; i++) {
        const pod = `pod-${(c * 97 + i) % PODS}`;
        const kind = i % 10 === 0 ? 'LIST' : i % 4 === 0 ? 'PATCH' : 'GET';
        const r = kind === 'LIST'
          ? await call('GET', '/api/v1/namespaces/default/pods?limit=500', { client: `mixed/${c}` })
          : kind === 'PATCH'
            ? await call('PATCH', `/api/v1/namespaces/default/pods/${pod}`, { client: `mixed/${c}`, contentType: 'application/strategic-merge-patch+json', body: JSON.stringify({ metadata: { labels: { round: String(i) } } }) })
            : await call('GET', `/api/v1/namespaces/default/pods/${pod}`, { client: `mixed/${c}` });
        byKind[kind].push(r.took);
      }
    }));
    return { byKind, seconds: (performance.now() - started) / 1000 };
  };
  const warmFrom = rss.length;
  await mixed();
  const rssWarm = quantile(rss.slice(warmFrom), 0.5);
  const heapWarm = await liveHeapMb();
  const secondFrom = rss.length;
  const { byKind, seconds } = await mixed();
  const rssEnd = quantile(rss.slice(secondFrom), 0.5);
  const heapEnd = await liveHeapMb();
  for (const [kind, lat] of Object.entries(byKind)) {
    console.log(`mixed ${kind.padEnd(5)} (64 connections)        ${(lat.length / seconds).toFixed(0).padStart(5)}/s   p50 ${ms(quantile(lat, 0.5))}   p99 ${ms(quantile(lat, 0.99))}`);
  }

  console.log(`\nserve heap live after a full collection: after creating ${heapStart.toFixed(0)} MB, after a warm-up round of the mixed load ${heapWarm.toFixed(0)} MB, ` +
    `after a second round ${heapEnd.toFixed(0)} MB (target: steady, the second round's <= 10% over the warm-up's ${verdict(heapEnd <= heapWarm * 1.1)})`);
  console.log(`serve RSS: after creating ${rssStart.toFixed(0)} MB, during the warm-up round ${rssWarm.toFixed(0)} MB, ` +
    `during the second round ${rssEnd.toFixed(0)} MB (medians), peak ${Math.max(...rss).toFixed(0)} MB`);
  console.log(`statuses: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`errors other than 409/429: ${unexpected.length} ${verdict(unexpected.length === 0)}`);
  for (const u of unexpected.slice(0, 5)) console.log(`  ${u}`);
} finally {
  clearInterval(sampler);
  inspector.close();
  await pool.close().catch(() => {});
  serve.kill('SIGTERM');
  await new Promise((res) => serve.once('exit', res));
  rmSync(dir, { recursive: true, force: true });
}
