// What kube-apiserver's decoder answers for a body whose apiVersion or kind is not the URL's: the
// body is decoded as the type it names (which must be registered), then converted to the URL's
// type through the internal version, and only then is its API version compared with the URL's.
import { definitionNameFor } from '../../../schemas.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { badRequest } from './status.js';
import { checkCustomBodyType } from './crd/admission.js';

/** The Go package of a kind's internal type: core for the legacy group, which events.k8s.io's Event shares. */
function internalPackage(group: string, kind: string): string {
  if (group === '' || (group === 'events.k8s.io' && kind === 'Event')) return 'core';
  return group.split('.')[0];
}

/**
 * Throws the decoder's 400 unless a body of `apiVersion`/`kind` (either may be missing: the URL's
 * fills in) can be stored as `r`; `name` is the object's, for a custom resource's 422.
 */
export function checkBodyType(r: ResourceType, apiVersion: string | undefined, kind: string | undefined, name = ''): void {
  if (r.custom) return checkCustomBodyType(r, apiVersion, kind, name);
  const expected = apiVersionOf(r);
  const groupVersion = apiVersion || expected;
  const dataKind = kind || r.kind;
  const slash = groupVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : groupVersion.slice(0, slash);
  const version = groupVersion.slice(slash + 1);
  const cannotHandle = (reason: string) => badRequest(`${dataKind} in version "${version}" cannot be handled as a ${r.kind}: ${reason}`);
  if (!definitionNameFor(groupVersion, dataKind)) {
    throw cannotHandle(`no kind "${dataKind}" is registered for version "${groupVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  const target = `${internalPackage(r.group, r.kind)}.${r.kind}`;
  if (dataKind !== r.kind || internalPackage(group, dataKind) !== internalPackage(r.group, r.kind)) {
    throw cannotHandle(`converting (${version}.${dataKind}) to (${target}): unknown conversion`);
  }
  if (groupVersion !== expected) {
    throw badRequest(`the API version in the data (${groupVersion}) does not match the expected API version (${expected})`);
  }
}
