// kubectl prints the objects its generators build as Go structs: -o json keeps the struct's field
// order (not sorted as for unstructured objects), and the last-applied annotation is that JSON too.

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
const escapeLikeGo = (text: string) => text.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);

/** json.MarshalIndent(obj, "", "    ") of a typed object whose keys are already in struct order. */
export function printTypedJson(obj: unknown): string {
  return escapeLikeGo(JSON.stringify(obj, null, 4)) + '\n';
}

/** json.Marshal of a typed object (compact). */
export function typedJson(obj: unknown): string {
  return escapeLikeGo(JSON.stringify(obj));
}

// metav1.ObjectMeta's fields in struct order.
const OBJECT_META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Object metadata with its keys put back in ObjectMeta's struct order after an edit. */
export function orderedMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of OBJECT_META_ORDER) if (k in meta) out[k] = meta[k];
  for (const k of Object.keys(meta)) if (!(k in out)) out[k] = meta[k];
  return out;
}
