import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  createJsonMergePatch,
  jsonMergePatch,
  jsonPatch,
  PatchError,
  schemaNameFor,
  strategicMergePatch,
  threeWayJsonMergePatch,
  threeWayStrategicMergePatch,
  twoWayStrategicMergePatch,
} from '../../src/patch/index.js';

const pod = 'io.k8s.api.core.v1.Pod';
const deployment = 'io.k8s.api.apps.v1.Deployment';

function podWith(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

function caught(action: () => unknown): PatchError {
  try {
    action();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('schemaNameFor', () => {
  it('maps core and grouped kinds to their definitions', () => {
    expect(schemaNameFor('v1', 'Pod')).toBe(pod);
    expect(schemaNameFor('apps/v1', 'Deployment')).toBe(deployment);
    expect(schemaNameFor('networking.k8s.io/v1', 'Ingress')).toBe('io.k8s.api.networking.v1.Ingress');
  });

  it('knows no custom resources', () => {
    expect(schemaNameFor('example.com/v1', 'Widget')).toBeUndefined();
  });
});

describe('strategicMergePatch', () => {
  const live = podWith({
    containers: [
      { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'busybox', env: [{ name: 'MODE', value: 'a' }, { name: 'DEBUG', value: '1' }] },
    ],
    tolerations: [{ key: 'a', operator: 'Exists' }],
  });

  it('merges containers by name and leaves the input alone', () => {
    const before = JSON.stringify(live);
    const result = strategicMergePatch(live, { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } }, pod);
    expect(result.spec).toEqual({
      containers: [
        { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'sidecar', image: 'busybox', env: [{ name: 'MODE', value: 'a' }, { name: 'DEBUG', value: '1' }] },
      ],
      tolerations: [{ key: 'a', operator: 'Exists' }],
    });
    expect(JSON.stringify(live)).toBe(before);
  });

  it('puts a container the live list lacks first, as kube-apiserver does without $setElementOrder', () => {
    const result = strategicMergePatch(live, { spec: { containers: [{ name: 'logger', image: 'fluentd' }] } }, pod);
    const names = (result.spec as { containers: { name: string }[] }).containers.map((c) => c.name);
    expect(names).toEqual(['logger', 'nginx', 'sidecar']);
  });

  it('deletes an env item with $patch: delete', () => {
    const patch = { spec: { containers: [{ name: 'sidecar', env: [{ name: 'DEBUG', $patch: 'delete' }] }] } };
    const result = strategicMergePatch(live, patch, pod) as { spec: { containers: { env?: unknown }[] } };
    expect(result.spec.containers[1]!.env).toEqual([{ name: 'MODE', value: 'a' }]);
  });

  it('merges ports by containerPort', () => {
    const patch = {
      spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }] }] },
    };
    const result = strategicMergePatch(live, patch, pod) as { spec: { containers: { ports?: unknown }[] } };
    expect(result.spec.containers[0]!.ports).toEqual([
      { containerPort: 80, protocol: 'TCP', name: 'http' },
      { containerPort: 443, name: 'https' },
    ]);
  });

  it('replaces lists without a patch strategy', () => {
    const result = strategicMergePatch(live, { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } }, pod);
    expect((result.spec as { tolerations: unknown }).tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('unions merging lists of scalars and deletes with $deleteFromPrimitiveList', () => {
    const object = podWith({}, { name: 'web', finalizers: ['a.example.com/x', 'b.example.com/y'] });
    const added = strategicMergePatch(object, { metadata: { finalizers: ['c.example.com/z', 'a.example.com/x'] } }, pod);
    expect((added.metadata as { finalizers: string[] }).finalizers).toEqual(['c.example.com/z', 'a.example.com/x', 'b.example.com/y']);
    const removed = strategicMergePatch(object, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'] } }, pod);
    expect((removed.metadata as { finalizers: string[] }).finalizers).toEqual(['b.example.com/y']);
  });

  it('deletes a map key with null and replaces or deletes maps with $patch', () => {
    const object = podWith({}, { name: 'web', labels: { app: 'web', tier: 'frontend' } });
    expect(strategicMergePatch(object, { metadata: { labels: { tier: null } } }, pod).metadata).toEqual({
      name: 'web',
      labels: { app: 'web' },
    });
    expect(strategicMergePatch(object, { metadata: { labels: { $patch: 'replace', team: 'a' } } }, pod).metadata).toEqual({
      name: 'web',
      labels: { team: 'a' },
    });
    expect(strategicMergePatch(object, { metadata: { labels: { $patch: 'delete' } } }, pod).metadata).toEqual({
      name: 'web',
      labels: {},
    });
  });

  it('treats keys such as constructor and __proto__ as plain members', () => {
    const configMap = { data: { constructor: 'a', keep: 'b' } };
    const patch = JSON.parse('{"data":{"constructor":null,"__proto__":"c","toString":"d"}}');
    const result = strategicMergePatch(configMap, patch, 'io.k8s.api.core.v1.ConfigMap');
    expect(JSON.stringify(result)).toBe('{"data":{"keep":"b","__proto__":"c","toString":"d"}}');
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(JSON.stringify(jsonMergePatch(configMap, patch))).toBe('{"data":{"keep":"b","__proto__":"c","toString":"d"}}');
  });

  it('replaces a merging list with a $patch: replace item', () => {
    const patch = { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'alpine' }] } };
    const result = strategicMergePatch(live, patch, pod);
    expect((result.spec as { containers: unknown }).containers).toEqual([{ name: 'only', image: 'alpine' }]);
  });

  it('orders a list by $setElementOrder, keeping server-only items in place', () => {
    const patch = {
      spec: { containers: [{ name: 'nginx', image: 'nginx:2' }], '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] },
    };
    const result = strategicMergePatch(live, patch, pod) as { spec: { containers: { name: string; image: string }[] } };
    expect(result.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['sidecar=busybox', 'nginx=nginx:2']);
  });

  it('clears the fields $retainKeys does not list: Deployment strategy from RollingUpdate to Recreate', () => {
    const live = {
      spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    };
    const withRetainKeys = strategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, deployment);
    expect(withRetainKeys.spec).toEqual({ replicas: 2, strategy: { type: 'Recreate' } });
    // Without the directive the old rollingUpdate stays, which validation then rejects.
    const without = strategicMergePatch(live, { spec: { strategy: { type: 'Recreate' } } }, deployment);
    expect((without.spec as { strategy: unknown }).strategy).toEqual({
      type: 'Recreate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
  });

  it('rejects a field $retainKeys does not list with 400', () => {
    const error = caught(() =>
      strategicMergePatch({ spec: { strategy: {} } }, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, deployment),
    );
    expect([error.code, error.reason, error.message]).toEqual([400, 'BadRequest', 'invalid patch format of retainKeys']);
  });

  it('reports a missing merge key as kube-apiserver does', () => {
    const error = caught(() => strategicMergePatch(live, { spec: { containers: [{ image: 'nginx' }] } }, pod));
    expect(error.code).toBe(500);
    expect(error.message).toBe('map: map[image:nginx] does not contain declared merge key: name');
  });

  it('reports an unknown directive', () => {
    const error = caught(() => strategicMergePatch(live, { spec: { $patch: 'merge-all' } }, pod));
    expect(error.message).toBe('unknown patch type: merge-all in map: map[$patch:merge-all]');
  });

  it('reports a patch list out of $setElementOrder order', () => {
    const patch = {
      spec: {
        containers: [{ name: 'sidecar' }, { name: 'nginx' }],
        '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
      },
    };
    expect(caught(() => strategicMergePatch(live, patch, pod)).message).toContain("doesn't match $setElementOrder list");
  });
});

describe('threeWayStrategicMergePatch', () => {
  const lastApplied = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.25' },
            { name: 'logger', image: 'busybox' },
          ],
        },
      },
    },
  };
  const live = {
    ...lastApplied,
    metadata: { name: 'web', uid: 'u-1', resourceVersion: '7', labels: { app: 'web', tier: 'frontend', team: 'blue' } },
    spec: {
      replicas: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' },
            { name: 'logger', image: 'busybox', imagePullPolicy: 'Always' },
          ],
          restartPolicy: 'Always',
        },
      },
    },
    status: { replicas: 5 },
  };

  it('removes a label and a container that left the configuration, keeping what others set', () => {
    const modified = {
      ...lastApplied,
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } },
    };
    const patch = threeWayStrategicMergePatch(lastApplied, modified, live, deployment);
    expect(patch).toEqual({
      metadata: { labels: { tier: null } },
      spec: {
        replicas: 2,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ name: 'logger', $patch: 'delete' }],
          },
        },
      },
    });
    const result = strategicMergePatch(live, patch, deployment);
    expect(result.metadata).toEqual({ name: 'web', uid: 'u-1', resourceVersion: '7', labels: { app: 'web', team: 'blue' } });
    expect((result.spec as { template: unknown }).template).toEqual({
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }], restartPolicy: 'Always' },
    });
  });

  it('is empty when the configuration did not change', () => {
    expect(threeWayStrategicMergePatch(lastApplied, lastApplied, live, deployment)).toEqual({ spec: { replicas: 2 } });
    const settled = { ...live, spec: { ...live.spec, replicas: 2 } };
    expect(threeWayStrategicMergePatch(lastApplied, lastApplied, settled, deployment)).toEqual({});
  });

  it('sends $retainKeys when the strategy changes from RollingUpdate to Recreate', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const modified = { spec: { strategy: { type: 'Recreate' } } };
    const current = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } } };
    const patch = threeWayStrategicMergePatch(original, modified, current, deployment);
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    expect(strategicMergePatch(current, patch, deployment)).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('switches a volume source through $retainKeys on volumes', () => {
    const original = podWith({ volumes: [{ name: 'data', emptyDir: {} }] });
    const modified = podWith({ volumes: [{ name: 'data', configMap: { name: 'cfg' } }] });
    const patch = threeWayStrategicMergePatch(original, modified, original, pod);
    expect(patch).toEqual({
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }],
        volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, emptyDir: null, name: 'data' }],
      },
    });
    expect(strategicMergePatch(original, patch, pod).spec).toEqual({ volumes: [{ name: 'data', configMap: { name: 'cfg' } }] });
  });

  it('adds an env var in the configured order', () => {
    const original = podWith({ containers: [{ name: 'app', env: [{ name: 'A', value: '1' }] }] });
    const modified = podWith({ containers: [{ name: 'app', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] }] });
    const patch = threeWayStrategicMergePatch(original, modified, original, pod);
    expect(patch).toEqual({
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }],
        containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }], env: [{ name: 'B', value: '2' }] }],
      },
    });
    expect(strategicMergePatch(original, patch, pod).spec).toEqual(modified.spec);
  });
});

describe('twoWayStrategicMergePatch', () => {
  it('diffs labels and merging lists', () => {
    const original = podWith({ containers: [{ name: 'a', image: 'x' }] }, { name: 'p', labels: { app: 'a' } });
    const modified = podWith({ containers: [{ name: 'a', image: 'y' }] }, { name: 'p', labels: { app: 'b', env: 'prod' } });
    expect(twoWayStrategicMergePatch(original, modified, pod)).toEqual({
      metadata: { labels: { app: 'b', env: 'prod' } },
      spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ image: 'y', name: 'a' }] },
    });
  });
});

describe('jsonMergePatch', () => {
  // The examples of RFC 7386, appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (original, patch, expected) => {
    expect(jsonMergePatch(original, patch)).toEqual(expected);
  });

  it('rejects a null patch as kube-apiserver does', () => {
    const error = caught(() => jsonMergePatch({ a: 1 }, null));
    expect([error.code, error.message]).toEqual([400, 'Invalid JSON Patch']);
  });

  it('computes the patch between two documents', () => {
    expect(createJsonMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: 1, b: { c: 4 }, e: [1, 2] })).toEqual({
      b: { c: 4, d: null },
      e: [1, 2],
    });
  });
});

describe('threeWayJsonMergePatch', () => {
  const original = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, color: 'red', tags: ['a'] } };
  const current = { ...original, metadata: { name: 'w', uid: 'u' }, spec: { ...original.spec, owner: 'ops' }, status: { ready: true } };

  it('deletes what left the configuration and keeps what others set', () => {
    const modified = { ...original, spec: { size: 2, tags: ['a', 'b'] } };
    expect(threeWayJsonMergePatch(original, modified, current)).toEqual({ spec: { color: null, size: 2, tags: ['a', 'b'] } });
  });

  it('is {} when nothing changes', () => {
    expect(threeWayJsonMergePatch(original, original, current)).toEqual({});
  });
});

describe('jsonPatch', () => {
  const doc = { metadata: { name: 'x', labels: { app: 'a' } }, spec: { ports: [80, 443] } };

  it('applies add, remove, replace, move, copy and test', () => {
    const result = jsonPatch(doc, [
      { op: 'test', path: '/metadata/name', value: 'x' },
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'add', path: '/spec/ports/-', value: 8080 },
      { op: 'add', path: '/spec/ports/0', value: 22 },
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'replace', path: '/metadata/name', value: 'y' },
      { op: 'copy', from: '/metadata/name', path: '/metadata/generateName' },
      { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/role' },
    ]);
    expect(result).toEqual({
      metadata: { name: 'y', generateName: 'y', labels: { role: 'web' } },
      spec: { ports: [22, 80, 443, 8080] },
    });
    expect(doc.spec.ports).toEqual([80, 443]);
  });

  it('escapes ~1 and ~0 in paths and counts negative indices from the end', () => {
    const object = { metadata: { annotations: { 'example.com/a~b': '1' } }, list: [1, 2, 3] };
    const result = jsonPatch(object, [
      { op: 'remove', path: '/metadata/annotations/example.com~1a~0b' },
      { op: 'remove', path: '/list/-1' },
    ]);
    expect(result).toEqual({ metadata: { annotations: {} }, list: [1, 2] });
  });

  it('replaces a missing object member by adding it (evanphx/json-patch v4)', () => {
    expect(jsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toEqual({ a: 1, b: 2 });
  });

  it('answers 422 with a fixed message for an operation that does not apply', () => {
    const removeMissing = caught(() => jsonPatch(doc, [{ op: 'remove', path: '/metadata/labels/nope' }]));
    expect([removeMissing.code, removeMissing.reason, removeMissing.message]).toEqual([
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
    ]);
    expect(removeMissing.detail).toBe("error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value");
    const failedTest = caught(() => jsonPatch(doc, [{ op: 'test', path: '/metadata/name', value: 'z' }]));
    expect(failedTest.detail).toBe('testing value /metadata/name failed: test failed');
    const missingParent = caught(() => jsonPatch(doc, [{ op: 'add', path: '/status/phase', value: 'Running' }]));
    expect(missingParent.detail).toBe('add operation does not apply: doc is missing path: "/status/phase": missing value');
  });

  it('answers 400 for a patch that is not a list of operations', () => {
    const error = caught(() => jsonPatch(doc, { op: 'add' }));
    expect([error.code, error.message]).toEqual([400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch']);
  });
});

describe('applyPatch', () => {
  const object = podWith({ containers: [{ name: 'a', image: 'x' }] }, { name: 'p', labels: { app: 'a' } });

  it('dispatches on the content type', () => {
    expect(applyPatch('application/merge-patch+json', object, { metadata: { labels: null } })).toEqual(
      podWith({ containers: [{ name: 'a', image: 'x' }] }, { name: 'p' }),
    );
    expect(applyPatch('application/json-patch+json', object, [{ op: 'remove', path: '/metadata/labels' }])).toEqual(
      podWith({ containers: [{ name: 'a', image: 'x' }] }, { name: 'p' }),
    );
    expect(
      applyPatch('application/strategic-merge-patch+json', object, { spec: { containers: [{ name: 'b', image: 'y' }] } }, pod),
    ).toEqual(podWith({ containers: [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }] }, { name: 'p', labels: { app: 'a' } }));
  });

  it('refuses strategic merge for kinds without a schema with 415', () => {
    const error = caught(() => applyPatch('application/strategic-merge-patch+json', object, {}));
    expect(error.code).toBe(415);
    expect(error.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('refuses a strategic merge patch that is not an object with 400', () => {
    const error = caught(() => applyPatch('application/strategic-merge-patch+json', object, [1], pod));
    expect([error.code, error.message]).toEqual([400, 'json: cannot unmarshal array into Go value of type map[string]interface {}']);
  });
});
