import { describe, it, expect } from 'vitest';
import { parseFileSource, parseLiteralSource, configMapKeyProblems } from '../../src/generators/key-sources.js';
import { containerNameFor, serviceObject } from '../../src/generators/objects.js';
import { withSavedConfig } from '../../src/generators/send.js';
import { wrapWords } from '../../src/metadata-commands/word-wrap.js';
import { labelOutcome, parseLabelEdits, splitResourcesAndPairs, checkNoOverwrite } from '../../src/metadata-commands/metadata-edits.js';
import { selectResources } from '../../src/metadata-commands/api-resources.js';

describe('generator sources', () => {
  it('splits literals at the first "=" and names files by their base name', () => {
    expect(parseLiteralSource('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
    expect(() => parseLiteralSource('=x')).toThrow('error: invalid literal source =x, expected key=value');
    expect(parseFileSource('dir/app.env')).toEqual({ key: 'app.env', path: 'dir/app.env', keyGiven: false });
    expect(() => parseFileSource('a=b=c')).toThrow("error: key names or file paths cannot contain '='");
    expect(configMapKeyProblems('..x')).toEqual(["must not start with '..'"]);
  });

  it('names containers as kubectl does', () => {
    expect(containerNameFor('registry.k8s.io/pause:3.9')).toBe('pause');
    expect(containerNameFor('my_app.v2@sha256:abc', () => 'xxxxx')).toBe('my-app-v2-xxxxx');
  });

  it('builds service ports with kubectl\'s names', () => {
    const svc = serviceObject({ name: 's', type: 'NodePort', tcp: ['80:http'], nodePort: 30080 });
    expect(svc.spec.ports).toEqual([{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }]);
    expect(() => serviceObject({ name: 's', type: 'NodePort', tcp: [], clusterIP: 'None' })).toThrow('ClusterIP=None can only be used with ClusterIP service type');
  });

  it('saves the configuration as the struct-ordered JSON kubectl writes', () => {
    const saved = withSavedConfig({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: null }, spec: {}, status: {} });
    expect(saved.metadata['annotations']['kubectl.kubernetes.io/last-applied-configuration'])
      .toBe('{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},"spec":{},"status":{}}\n');
  });
});

describe('label and annotate edits', () => {
  it('splits resources from pairs and refuses resources after pairs', () => {
    expect(splitResourcesAndPairs(['pod', 'x', 'a=b', 'c-'], 'label')).toEqual({ resources: ['pod', 'x'], pairs: ['a=b', 'c-'] });
    expect(() => splitResourcesAndPairs(['pod', 'a=b', 'x'], 'label')).toThrow('error: all resources must be specified before label changes: x');
  });

  it('validates label values and overwrites', () => {
    expect(() => parseLabelEdits(['a=b', 'a-'])).toThrow('can not both modify and remove a label in the same command');
    expect(() => checkNoOverwrite('label', { app: 'nginx' }, { app: 'web' })).toThrow("error: 'app' already has a value (nginx), and --overwrite is false");
    expect(() => checkNoOverwrite('label', { app: 'nginx' }, { app: 'nginx' })).not.toThrow();
  });

  it('words the outcome as kubectl does', () => {
    expect(labelOutcome({ l: { a: '1' } }, { l: {} }, false)).toBe('unlabeled');
    expect(labelOutcome({ l: { a: '1' } }, { l: {} }, true)).toBe('labeled');
    expect(labelOutcome({ l: {} }, { l: {} }, false)).toBe('not labeled');
  });
});

describe('explain word wrap (go-wordwrap)', () => {
  it('breaks at spaces within the limit and keeps long words whole', () => {
    expect(wrapWords('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapWords('https://example.com/a/very/long/url x', 10)).toBe('https://example.com/a/very/long/url\nx');
    expect(wrapWords('one\ntwo', 80)).toBe('one\ntwo');
  });
});

describe('api-resources', () => {
  const r = (group: string, plural: string, kind: string, namespaced = true) =>
    ({ group, version: 'v1', kind, plural, singular: '', namespaced, shortNames: [], categories: [], verbs: ['get'] });
  it('sorts by group then name, stably', () => {
    const rows = selectResources([r('apps', 'deployments', 'Deployment'), r('', 'pods', 'Pod'), r('', 'configmaps', 'ConfigMap'), r('batch', 'jobs', 'Job')], { 'no-headers': false });
    expect(rows.map((x) => x.plural)).toEqual(['configmaps', 'pods', 'deployments', 'jobs']);
  });
});
