// The pod-template-hash a Deployment gives its ReplicaSets (controller.ComputeHash): FNV-32a over
// the pod template, then the collision count as 8 little-endian bytes, the decimal digits of the
// sum mapped onto kube's vowel-free alphabet (rand.SafeEncodeString).
//
// kube feeds FNV the template as go-spew prints the Go struct, which depends on the exact field
// set of k8s.io/api at one kube version (every new PodSpec field changes every hash), so names
// equal to a particular real cluster's are not reproducible from JSON. The template here is
// printed as canonical JSON (keys sorted) instead: same alphabet, length and stability properties.

/** rand.SafeEncodeString's alphabet: no vowels, no 0/1/3, so names spell no words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

export function safeEncodeString(s: string): string {
  return [...s].map((c) => ALPHANUMS[c.codePointAt(0)! % ALPHANUMS.length]).join('');
}

/** JSON with object keys in sorted order at every level: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
