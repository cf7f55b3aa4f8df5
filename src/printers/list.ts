// kubectl get -o yaml|json with anything but one named object wraps the items in a v1 List.

export interface ListWrapper {
  apiVersion: 'v1';
  items: unknown[];
  kind: 'List';
  metadata: { resourceVersion: string };
}

/** The List kubectl prints: its resourceVersion is always empty, the server's list metadata is dropped. */
export function asList(items: unknown[]): ListWrapper {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
