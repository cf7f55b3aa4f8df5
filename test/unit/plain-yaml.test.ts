// The kubeconfig fast path must give exactly what the full YAML parser gives, or step aside.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parsePlainYaml } from '../../src/kubeconfig/plain-yaml.js';
import { serializeKubeconfig, type KubeConfig } from '../../src/kubeconfig/index.js';

/** What the full parser makes of the text, or undefined where it reports an error. */
function full(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

const written: KubeConfig = {
  apiVersion: 'v1',
  kind: 'Config',
  preferences: {},
  'current-context': 'kind-dev',
  clusters: [
    {
      name: 'kind-dev',
      cluster: {
        server: 'https://127.0.0.1:39731',
        'certificate-authority-data': Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64'),
        'tls-server-name': 'kubernetes',
        extensions: [{ name: 'tkctl.dev/embedded', extension: { cluster: 'dev', home: '/home/u/.tkctl' } }],
      },
    },
    { name: 'insecure', cluster: { server: 'https://10.0.0.1:6443', 'insecure-skip-tls-verify': true, 'proxy-url': 'http://proxy:3128' } },
  ],
  users: [
    { name: 'kind-dev', user: { token: '84538c66a4638f89846bc1e1d52d77943f9dd6e6b3648c3a18160cd4a279f4d4' } },
    {
      name: 'eks',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod'],
          env: [{ name: 'AWS_PROFILE', value: 'prod' }],
          interactiveMode: 'IfAvailable',
          provideClusterInfo: false,
        },
      },
    },
    { name: 'basic', user: { username: 'admin', password: 'it is: a "secret"' } },
  ],
  contexts: [
    { name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev', namespace: 'team-a' } },
    { name: 'empty', context: { cluster: '', user: '' } },
  ],
} as KubeConfig;

describe('the kubeconfig YAML fast path', () => {
  it('reads the kubeconfig files tkctl and kubectl write as the full parser does', () => {
    const text = serializeKubeconfig(written);
    expect(parsePlainYaml(text)).toBeDefined();
    expect(parsePlainYaml(text)).toEqual(full(text));
  });

  it('reads hand-written layouts: indented lists, comments, quotes, nulls and booleans', () => {
    const text = [
      '# my clusters',
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: a',
      '    cluster:',
      "      server: 'https://a.example:443'",
      '      insecure-skip-tls-verify: True',
      'users:',
      '  - name: u',
      '    user:',
      '      token: "abc"',
      'contexts: []',
      'current-context:',
      'preferences: ~',
      '',
    ].join('\n');
    expect(parsePlainYaml(text)).toBeDefined();
    expect(parsePlainYaml(text)).toEqual(full(text));
  });

  it('steps aside for what it does not read: numbers, anchors, flow maps, block scalars, escapes, tabs, duplicates', () => {
    for (const text of [
      'a: 1\n',
      'a: 0x1f\n',
      'a: .5\n',
      'a: &x b\nc: *x\n',
      'a: {b: c}\n',
      'a: |\n  text\n',
      'a: "tab\\tinside"\n',
      'a:\tb\n',
      'a: b\na: c\n',
      'a: b # comment\n',
      '---\na: b\n',
      'a: b\n  c: d\n',
      '- - a\n',
      'a: b:\n',
      '1: a\n',
      '__proto__: a\n',
      '  a: b\n',
      '',
    ]) {
      expect(parsePlainYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('never disagrees with the full parser on mutated kubeconfigs (seeded)', () => {
    const base = serializeKubeconfig(written).split('\n');
    const pieces = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '{', '}', '[', ']', '&a', '*a', '!', '|', '>', '?', '0', '1.5', 'true', 'null', '~', ',', '\\', '%', '@', '`', 'x'];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let fastPaths = 0;
    for (let round = 0; round < 3000; round++) {
      const lines = [...base];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const i = random(lines.length);
        const line = lines[i]!;
        const at = random(line.length + 1);
        switch (random(4)) {
          case 0:
            lines[i] = line.slice(0, at) + pieces[random(pieces.length)] + line.slice(at);
            break;
          case 1:
            lines[i] = line.slice(0, at) + line.slice(at + 1 + random(3));
            break;
          case 2:
            lines.splice(random(lines.length), 0, line);
            break;
          default:
            lines[i] = ' '.repeat(random(6)) + line.trimStart();
        }
      }
      const text = lines.join('\n');
      const fast = parsePlainYaml(text);
      if (fast === undefined) continue;
      fastPaths++;
      expect(fast, text).toEqual(full(text));
    }
    // The mutations leave many documents inside the subset: the comparison is not vacuous.
    expect(fastPaths).toBeGreaterThan(300);
  });
});
