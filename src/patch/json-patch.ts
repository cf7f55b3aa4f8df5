// JSON patch (RFC 6902) as kube-apiserver applies it with evanphx/json-patch v4, quirks included:
// negative array indices count from the end, "replace" of a missing object member adds it, and
// "copy" from a missing member copies null.
import { PatchError, badRequest, unprocessable } from './errors.js';
import { deepClone, deepEqual, has, isMap, jsonTypeWord, setKey, type JsonMap } from './json-value.js';

/** kube-apiserver's limit on the number of operations in one JSON patch. */
const maxOperations = 10000;

type Container = JsonMap | unknown[];

/** Applies JSON patch operations to `original` (not mutated). */
export function jsonPatch(original: unknown, ops: unknown): unknown {
  const operations = decodeOperations(ops);
  if (operations.length > maxOperations) {
    throw new PatchError(
      `The allowed maximum operations in a JSON patch is ${maxOperations}, got ${operations.length}`,
      413,
      'RequestEntityTooLarge',
    );
  }
  const doc = { root: deepClone(original) as Container };
  for (const op of operations) {
    try {
      applyOperation(doc, op);
    } catch (error) {
      if (error instanceof OperationError) throw unprocessable(error.message);
      throw error;
    }
  }
  return doc.root;
}

function decodeOperations(ops: unknown): JsonMap[] {
  if (ops === null) return [];
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${jsonTypeWord(ops)} into Go value of type jsonpatch.Patch`);
  for (const op of ops) {
    if (op !== null && !isMap(op)) {
      throw badRequest(`json: cannot unmarshal ${jsonTypeWord(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  return ops.map((op) => (op === null ? {} : op));
}

/** An operation that does not apply; kube-apiserver answers 422 for it. */
class OperationError extends Error {}

const missing = 'missing value';
const invalidIndex = 'invalid index referenced';

function applyOperation(doc: { root: Container }, op: JsonMap): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      return add(doc, op);
    case 'remove':
      return remove(doc, op);
    case 'replace':
      return replace(doc, op);
    case 'move':
      return move(doc, op);
    case 'test':
      return test(doc, op);
    case 'copy':
      return copy(doc, op);
    default:
      throw new OperationError(`Unexpected kind: ${kind}`);
  }
}

function stringField(op: JsonMap, field: 'path' | 'from'): string | undefined {
  const value = op[field];
  return typeof value === 'string' ? value : undefined;
}

/** The value of an operation; an absent value counts as null, as in evanphx/json-patch. */
function opValue(op: JsonMap): unknown {
  return op.value === undefined ? null : deepClone(op.value);
}

function add(doc: { root: Container }, op: JsonMap): void {
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`add operation failed to decode path: ${missing}`);
  const [container, key] = findContainer(doc.root, path);
  if (!container) throw new OperationError(`add operation does not apply: doc is missing path: "${path}": ${missing}`);
  wrap(`error in add for path: '${path}'`, () => addTo(container, key, opValue(op)));
}

function remove(doc: { root: Container }, op: JsonMap): void {
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`remove operation failed to decode path: ${missing}`);
  const [container, key] = findContainer(doc.root, path);
  if (!container) throw new OperationError(`remove operation does not apply: doc is missing path: "${path}": ${missing}`);
  wrap(`error in remove for path: '${path}'`, () => removeFrom(container, key));
}

function replace(doc: { root: Container }, op: JsonMap): void {
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`replace operation failed to decode path: operation missing path field: ${missing}`);
  if (path === '') {
    const value = opValue(op);
    if (!isMap(value) && !Array.isArray(value)) {
      throw new OperationError('replace operation value must be object or array: %!w(<nil>)');
    }
    doc.root = value;
    return;
  }
  const [container, key] = findContainer(doc.root, path);
  if (!container) throw new OperationError(`replace operation does not apply: doc is missing path: ${path}: ${missing}`);
  if (Array.isArray(container)) {
    try {
      getFrom(container, key);
    } catch {
      throw new OperationError(`replace operation does not apply: doc is missing key: ${path}: ${missing}`);
    }
    container[arrayIndex(key, container.length)] = opValue(op);
  } else {
    setKey(container, key, opValue(op));
  }
}

function move(doc: { root: Container }, op: JsonMap): void {
  const from = stringField(op, 'from');
  if (from === undefined) throw new OperationError(`move operation failed to decode from: operation, missing from field: ${missing}`);
  const [source, fromKey] = findContainer(doc.root, from);
  if (!source) throw new OperationError(`move operation does not apply: doc is missing from path: ${from}: ${missing}`);
  const value = wrap(`error in move for path: '${fromKey}'`, () => getFrom(source, fromKey));
  wrap(`error in move for path: '${fromKey}'`, () => removeFrom(source, fromKey));
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`move operation failed to decode path: operation missing path field: ${missing}`);
  const [target, key] = findContainer(doc.root, path);
  if (!target) throw new OperationError(`move operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  wrap(`error in move for path: '${path}'`, () => addTo(target, key, value ?? null));
}

function copy(doc: { root: Container }, op: JsonMap): void {
  const from = stringField(op, 'from');
  if (from === undefined) throw new OperationError(`copy operation failed to decode from: operation, missing from field: ${missing}`);
  const [source, fromKey] = findContainer(doc.root, from);
  if (!source) throw new OperationError(`copy operation does not apply: doc is missing from path: ${from}: ${missing}`);
  const value = wrap(`error in copy for from: '${from}'`, () => getFrom(source, fromKey));
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`copy operation failed to decode path: ${missing}`);
  const [target, key] = findContainer(doc.root, path);
  if (!target) throw new OperationError(`copy operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  wrap('error while adding value during copy', () => addTo(target, key, deepClone(value ?? null)));
}

function test(doc: { root: Container }, op: JsonMap): void {
  const path = stringField(op, 'path');
  if (path === undefined) throw new OperationError(`test operation failed to decode path: operation missing path field: ${missing}`);
  const failed = new OperationError(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!deepEqual(doc.root, op.value)) throw failed;
    return;
  }
  const [container, key] = findContainer(doc.root, path);
  if (!container) throw new OperationError(`test operation does not apply: is missing path: ${path}: ${missing}`);
  const actual = wrap(`error in test for path: '${path}'`, () => getFrom(container, key));
  if (actual === undefined || actual === null) {
    if (op.value === undefined || op.value === null) return;
    throw failed;
  }
  if (op.value === undefined || !deepEqual(actual, op.value)) throw failed;
}

function wrap<T>(context: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof OperationError) throw new OperationError(`${context}: ${error.message}`);
    throw error;
  }
}

/** The container of the last path segment, and that segment; no container when the path does not lead to one. */
function findContainer(root: Container, path: string): [Container | undefined, string] {
  const segments = path.split('/');
  if (segments.length < 2) return [undefined, ''];
  let container: Container = root;
  for (const segment of segments.slice(1, -1)) {
    let next: unknown;
    try {
      next = getFrom(container, decodeSegment(segment));
    } catch {
      return [undefined, ''];
    }
    if (!isMap(next) && !Array.isArray(next)) return [undefined, ''];
    container = next;
  }
  return [container, decodeSegment(segments[segments.length - 1]!)];
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Go's strconv.Atoi: an optional sign and decimal digits. */
function parseIndex(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new OperationError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

/** Resolves a possibly negative index against `size`; out-of-range indices fail. */
function arrayIndex(key: string, size: number): number {
  const index = parseIndex(key);
  if (index >= size || index < -size) throw new OperationError(`Unable to access invalid index: ${index}: ${invalidIndex}`);
  return index < 0 ? index + size : index;
}

function getFrom(container: Container, key: string): unknown {
  if (!Array.isArray(container)) return has(container, key) ? container[key] : undefined;
  return container[arrayIndex(key, container.length)];
}

function addTo(container: Container, key: string, value: unknown): void {
  if (!Array.isArray(container)) {
    setKey(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  if (!/^[+-]?\d+$/.test(key)) {
    throw new OperationError(`value was not a proper array index: '${key}': strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  }
  container.splice(arrayIndex(key, container.length + 1), 0, value);
}

function removeFrom(container: Container, key: string): void {
  if (Array.isArray(container)) {
    container.splice(arrayIndex(key, container.length), 1);
    return;
  }
  if (!has(container, key)) throw new OperationError(`Unable to remove nonexistent key: ${key}: ${missing}`);
  delete container[key];
}
