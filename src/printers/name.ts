// How kubectl names an object in -o name output and in the multi-type table prefix.

/** The API group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** "kind.group" lower-cased, or just the kind for the core group: "deployment.apps", "pod". */
export function qualifiedKind(kind: string, apiVersion: string): string {
  const group = groupOf(apiVersion);
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

/**
 * One line of `-o name` output without its newline: "pod/nginx", "deployment.apps/web".
 * With an operation it is the confirmation kubectl prints: "deployment.apps/web created".
 */
export function printName(
  obj: { kind: string; apiVersion: string; metadata: { name: string } },
  operation?: string,
): string {
  const name = obj.metadata.name || '<unknown>';
  const line = `${qualifiedKind(obj.kind, obj.apiVersion)}/${name}`;
  return operation ? `${line} ${operation}` : line;
}
