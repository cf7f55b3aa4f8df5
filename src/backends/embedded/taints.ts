// Taints and tolerations, shared by the scheduler and the node lifecycle controller.

export interface Taint { key: string; value?: string; effect: string; timeAdded?: string }

/** core/v1 Toleration.ToleratesTaint. */
export function toleratesTaint(toleration: any, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.operator ?? 'Equal') === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}
