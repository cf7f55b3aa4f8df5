/** A decoded JSON object. Patch code works on plain JSON values only. */
export type JsonMap = Record<string, unknown>;

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the map has the member itself: keys such as "constructor" must not match inherited ones. */
export function has(map: JsonMap, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Sets a member; a "__proto__" key (valid in a ConfigMap, say) stays a member instead of the prototype. */
export function setKey(map: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/**
 * A copy of a JSON value as a JSON round trip makes it, without the text in between: members
 * that are undefined are left out, undefined array items become null.
 */
export function deepClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : deepClone(item))) as T;
  const copy: JsonMap = {};
  for (const key of Object.keys(value)) {
    const item = (value as JsonMap)[key];
    if (item !== undefined) setKey(copy, key, deepClone(item));
  }
  return copy as T;
}

/**
 * Freezes every object in `value`. A part already frozen is passed over: the frozen JSON values
 * here are all frozen by this function, so such a part (shared with another frozen value) is
 * frozen throughout.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => has(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The Go type a JSON value decodes to in apimachinery (whole numbers become int64). Strategic
 * merge compares these types to decide between merging and replacing.
 */
export type GoType = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goType(value: unknown): GoType {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return 'slice';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

const goTypeNames: Record<GoType, string> = {
  map: 'map[string]interface {}',
  slice: '[]interface {}',
  string: 'string',
  int64: 'int64',
  float64: 'float64',
  bool: 'bool',
  nil: '<nil>',
};

/** What Go's reflect.TypeOf(v).String() prints for a decoded JSON value. */
export function goTypeName(value: unknown): string {
  return goTypeNames[goType(value)];
}

/** Go's fmt "%v" of a decoded JSON value, which kube-apiserver embeds in its error messages. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** The word Go's encoding/json uses for a JSON value's type in its unmarshal errors. */
export function jsonTypeWord(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}
