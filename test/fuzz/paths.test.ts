// `-f` against awkward paths: directories of symlinks (to files, to directories, dangling), URLs
// that redirect (a local HTTP server), and files that vanish between listing and reading.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifests } from '../../src/manifests.js';
import { CliError } from '../../src/client/errors.js';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tkctl-paths-'));
  server = createServer((req, res) => {
    if (req.url === '/hop') return void res.writeHead(302, { location: '/manifest.yaml' }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/manifest.yaml') return void res.end(cm('fetched'));
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = async (paths: string[], recursive = false) => (await readManifests(paths, { recursive })).map((m) => m.object.metadata.name);

describe('-f with symlinks', () => {
  it('reads files linked into a directory and follows a linked directory with -R', async () => {
    const d = join(dir, 'links');
    mkdirSync(join(d, 'real/sub'), { recursive: true });
    writeFileSync(join(d, 'real/a.yaml'), cm('a'));
    writeFileSync(join(d, 'real/sub/b.yaml'), cm('b'));
    mkdirSync(join(d, 'view'));
    symlinkSync(join(d, 'real/a.yaml'), join(d, 'view/a-link.yaml'));
    symlinkSync(join(d, 'real/sub'), join(d, 'view/sub-link'));
    expect(await names([join(d, 'view')])).toEqual(['a']);
    expect(await names([join(d, 'view')], true)).toEqual(['a', 'b']);
  });

  it('a dangling link is a clear error naming it', async () => {
    const d = join(dir, 'dangling');
    mkdirSync(d);
    writeFileSync(join(d, 'a.yaml'), cm('a'));
    symlinkSync(join(d, 'gone.yaml'), join(d, 'b.yaml'));
    await expect(readManifests([d])).rejects.toThrow(new CliError(`error: open ${join(d, 'b.yaml')}: no such file or directory`));
  });

  it('a link to itself is a clear error', async () => {
    const d = join(dir, 'loop');
    mkdirSync(d);
    symlinkSync(join(d, 'self.yaml'), join(d, 'self.yaml'));
    await expect(readManifests([d])).rejects.toThrow(new CliError(`error: open ${join(d, 'self.yaml')}: too many levels of symbolic links`));
  });
});

describe('-f with URLs', () => {
  it('follows a redirect and names the URL as given', async () => {
    const [m] = await readManifests([`${base}/hop`]);
    expect(m).toEqual({ source: `${base}/hop`, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fetched' } } });
  });

  it('a redirect loop and a 404 are clear errors', async () => {
    await expect(readManifests([`${base}/loop`])).rejects.toThrow(CliError);
    await expect(readManifests([`${base}/nothing`])).rejects.toThrow(new CliError(`error: unable to read URL "${base}/nothing", server reported 404 Not Found, status code=404`));
  });
});

describe('-f with files that vanish', () => {
  it('a file removed between the directory listing and its reading is a clear error', async () => {
    // The listing keeps a.yaml and b.yaml; b is gone when it is read (a dangling link is the same
    // state from the reader's side, and deterministic).
    const d = join(dir, 'vanishing');
    mkdirSync(d);
    writeFileSync(join(d, 'a.yaml'), cm('a'));
    writeFileSync(join(d, 'gone.json'), cm('x'));
    symlinkSync(join(d, 'gone.json'), join(d, 'b.yaml'));
    rmSync(join(d, 'gone.json'));
    await expect(readManifests([d])).rejects.toThrow(new CliError(`error: open ${join(d, 'b.yaml')}: no such file or directory`));
    await expect(readManifests([join(d, 'missing.yaml')])).rejects.toThrow(new CliError(`error: the path "${join(d, 'missing.yaml')}" does not exist`));
  });
});
