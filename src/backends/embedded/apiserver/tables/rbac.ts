// Tables for RoleBinding and ClusterRoleBinding (printRoleBinding and printClusterRoleBinding in
// printers.go). Roles and ClusterRoles have no printer: they get the default NAME/CREATED AT.

import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf } from './format.js';
import type { KindPrinter } from './types.js';

const ROLE_REF_DOC = 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';
const CLUSTER_ROLE_REF_DOC = 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts, each comma-joined. */
function subjectCells(subjects: Array<{ kind?: string; name?: string; namespace?: string }> | undefined): string[] {
  const of = (kind: string) => (subjects ?? []).filter((s) => s.kind === kind);
  return [
    of('User').map((s) => s.name).join(', '),
    of('Group').map((s) => s.name).join(', '),
    of('ServiceAccount').map((s) => `${s.namespace ?? ''}/${s.name}`).join(', '),
  ];
}

function bindingPrinter(roleDoc: string, what: string): KindPrinter {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', 'string', roleDoc),
      AGE_COLUMN,
      column('Users', 'string', `Users in the ${what}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${what}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    cells: (b, now) => [nameOf(b), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(b, now), ...subjectCells(b.subjects)],
  };
}

export const roleBindingPrinter = bindingPrinter(ROLE_REF_DOC, 'roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter(CLUSTER_ROLE_REF_DOC, 'clusterRoleBinding');
