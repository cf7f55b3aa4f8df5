// The name formats of the generated schemas (scripts/gen-json-schemas.mjs) and the messages
// each kind's ValidateObjectMeta gives for a name that breaks them.
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, type NameCheck } from '../backends/embedded/apiserver/admission/names.js';

/** path.IsValidPathSegmentName (RBAC objects). */
function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

export const NAME_FORMATS: Record<string, NameCheck> = {
  'dns-1123-subdomain': isDNS1123Subdomain,
  'dns-1123-label': isDNS1123Label,
  'dns-1035-label': isDNS1035Label,
  'path-segment-name': isPathSegmentName,
};
