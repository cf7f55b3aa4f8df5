// One thing wrong with a manifest, sorted by the stage of kube-apiserver that would find it.

export type Segment = string | number;

export interface Problem {
  /**
   * decode: the JSON decoder refuses the value (400); unknown: strict decoding's unknown field
   * (400 with fieldValidation=Strict, a warning with Warn); invalid: object validation (422).
   */
  stage: 'decode' | 'unknown' | 'invalid';
  path: Segment[];
  /** decode: the decoder's message; unknown: `unknown field "…"`; invalid: the cause (`Required value`). */
  message: string;
  /** A custom unmarshaler's error stops the decoder; encoding/json's type errors let it go on. */
  stopsDecoding?: boolean;
  /** metav1.CauseType of an invalid problem, e.g. FieldValueRequired. */
  reason?: string;
}

/** The path as Kubernetes prints fields: `spec.containers[0].ports[0].containerPort`. */
export function fieldPath(path: Segment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}
