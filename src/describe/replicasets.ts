// A Deployment's ReplicaSets as kubectl's deployment util finds them: those its selector matches and
// it controls; the new one is the oldest whose pod template equals the Deployment's, hash label aside.
import { selectorString, type Obj } from './format.js';

const HASH_LABEL = 'pod-template-hash';

export async function findReplicaSets(d: Obj, list: (selector: string) => Promise<Obj[]>): Promise<{ old: Obj[]; current: Obj[] }> {
  const owned = (await list(selectorString(d.spec?.selector)))
    .filter((rs) => (rs.metadata?.ownerReferences ?? []).some((r: Obj) => r.controller === true && r.uid === d.metadata.uid));
  owned.sort((a, b) => {
    const ta = new Date(a.metadata.creationTimestamp ?? 0).getTime();
    const tb = new Date(b.metadata.creationTimestamp ?? 0).getTime();
    return ta !== tb ? ta - tb : a.metadata.name < b.metadata.name ? -1 : 1;
  });
  const current = owned.find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
  return { old: owned.filter((rs) => rs !== current), current: current ? [current] : [] };
}

function sameTemplate(a: Obj | undefined, b: Obj | undefined): boolean {
  const strip = (t: Obj | undefined) => {
    const copy = structuredClone(t ?? {});
    if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
    return copy;
  };
  return semanticEqual(strip(a), strip(b));
}

// apiequality.Semantic.DeepEqual over typed structs: an absent field equals its zero value, and
// empty maps and lists equal absent ones.
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && !v.length)
    || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual((a as Obj)[k], (b as Obj)[k]));
  }
  return a === b;
}
