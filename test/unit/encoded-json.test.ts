// The response encoder: byte for byte what JSON.stringify gives, with the JSON of frozen (shared)
// objects made once and reused.
import { describe, expect, it } from 'vitest';
import { encodeEnvelope, encodeJson, listItem, partialObjectMetadata } from '../../src/backends/embedded/apiserver/encoded-json.js';
import { tableJson, toTable } from '../../src/backends/embedded/apiserver/table-response.js';
import { RESOURCE_TYPES } from '../../src/backends/embedded/apiserver/resources.js';
import { DecodedObjects } from '../../src/backends/embedded/apiserver/decoded-objects.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const pod = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'x' }, resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } }] },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', args: ['a "quoted" arg', 'é ☃ \u2028'] }], nodeName: 'n1' },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }] },
});

describe('encoded JSON', () => {
  it('gives what JSON.stringify gives, for envelopes of any depth around shared and unshared values', () => {
    const shared = deepFreeze(pod('a'));
    const cases: unknown[] = [
      null, 1, 'x', [1, undefined, () => 1, 'y'], { a: undefined, b: () => 1, c: [undefined], d: { e: null } },
      { kind: 'PodList', metadata: { resourceVersion: '9' }, items: [shared, pod('b'), shared] },
      { when: new Date(0), nested: [[{ deep: [1, { deeper: shared }] }]] },
    ];
    for (const value of cases) {
      for (const depth of [0, 1, 2, 3, 6]) expect(encodeEnvelope(value, depth).join('')).toBe(JSON.stringify(value));
    }
  });

  it('makes a frozen object\'s JSON once: an object changed behind its back would show (it cannot be)', () => {
    const shared = deepFreeze(pod('a'));
    const first = encodeJson(shared);
    expect(first).toBe(JSON.stringify(shared));
    expect(encodeJson(shared)).toBe(first);
    // Not frozen: encoded afresh, so a change shows.
    const own = pod('b');
    expect(encodeJson(own)).toBe(JSON.stringify(own));
    own.metadata.name = 'c';
    expect(encodeJson(own)).toContain('"name":"c"');
  });

  it('list items lose apiVersion and kind; a shared object gives the same frozen item (and PartialObjectMetadata) each time', () => {
    const shared = deepFreeze(pod('a'));
    const item = listItem(shared);
    expect(item).toBe(listItem(shared));
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.keys(item)).toEqual(['metadata', 'spec', 'status']);
    const own = pod('b');
    expect(listItem(own)).not.toBe(listItem(own));
    expect(own.kind).toBe('Pod');
    expect(partialObjectMetadata(shared)).toBe(partialObjectMetadata(shared));
    expect(partialObjectMetadata(shared)).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: shared.metadata });
  });

  it('a shared object\'s JSON is one piece of a list: written as it is, not copied into a new string', () => {
    const shared = deepFreeze(pod('a'));
    const pieces = encodeEnvelope({ kind: 'PodList', items: [listItem(shared), listItem(shared)] }, 2);
    expect(pieces.filter((p) => p === encodeJson(listItem(shared)))).toHaveLength(2);
  });

  it('a Table of shared objects encodes as JSON.stringify does, for each includeObject', () => {
    const pods = RESOURCE_TYPES.find((r) => r.group === '' && r.plural === 'pods')!;
    const decoded = new DecodedObjects();
    const value = JSON.stringify(pod('a'));
    decoded.get('/k/a', value, 7);
    const shared = decoded.get('/k/a', value, 7);
    expect(Object.isFrozen(shared)).toBe(true);
    for (const include of ['None', 'Metadata', 'Object'] as const) {
      const table = toTable(pods, [shared, pod('b')], new Date('2026-01-01T01:00:00Z'), include, '7', 'token');
      expect(tableJson(table).join('')).toBe(JSON.stringify(table));
    }
  });
});
