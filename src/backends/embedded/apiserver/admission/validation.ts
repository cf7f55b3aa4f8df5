// validateObject: the checks kube-apiserver's registry strategies run on create and update.
import type { FieldError } from '../status.js';
import { validateObjectMeta } from './meta-validation.js';
import { nameCheckFor } from './names.js';
import { validateRbac } from './rbac-validation.js';
import { validatePodSpec, validatePodUpdate } from './pod-validation.js';
import {
  validateConfigMap, validateImmutableData, validatePersistentVolumeClaim, validateSecret, validateService, validateServiceUpdate,
} from './core-validation.js';
import {
  validateCronJob, validateDaemonSet, validateDeployment, validateHorizontalPodAutoscaler, validateJob, validateJobUpdate,
  validateReplicaSet, validateSelectorImmutable, validateStatefulSet, validateStatefulSetUpdate,
} from './workload-validation.js';
import { validateCustomResourceDefinition } from '../crd/validation.js';

type Obj = any;

function validateKind(group: string, kind: string, obj: Obj, old: Obj | undefined): FieldError[] {
  switch (`${group}/${kind}`) {
    case '/Pod': return old ? validatePodUpdate(obj, old) : validatePodSpec(obj.spec, 'spec', { isPod: true });
    case '/Service': return [...validateService(obj), ...(old ? validateServiceUpdate(obj, old) : [])];
    case '/ConfigMap': return [...validateConfigMap(obj), ...(old ? validateImmutableData(kind, obj, old) : [])];
    case '/Secret': return [...validateSecret(obj), ...(old ? validateImmutableData(kind, obj, old) : [])];
    case '/PersistentVolumeClaim': return old ? [] : validatePersistentVolumeClaim(obj);
    case 'apps/Deployment': return [...validateDeployment(obj), ...(old ? validateSelectorImmutable(obj, old) : [])];
    case 'apps/ReplicaSet': return [...validateReplicaSet(obj), ...(old ? validateSelectorImmutable(obj, old) : [])];
    case 'apps/DaemonSet': return [...validateDaemonSet(obj), ...(old ? validateSelectorImmutable(obj, old) : [])];
    case 'apps/StatefulSet': return [...validateStatefulSet(obj), ...(old ? validateStatefulSetUpdate(obj, old) : [])];
    case 'batch/Job': return [...validateJob(obj), ...(old ? validateJobUpdate(obj, old) : [])];
    case 'batch/CronJob': return validateCronJob(obj);
    case 'autoscaling/HorizontalPodAutoscaler': return validateHorizontalPodAutoscaler(obj);
    case 'rbac.authorization.k8s.io/Role': case 'rbac.authorization.k8s.io/ClusterRole':
    case 'rbac.authorization.k8s.io/RoleBinding': case 'rbac.authorization.k8s.io/ClusterRoleBinding': return validateRbac(kind, obj, old);
    case 'apiextensions.k8s.io/CustomResourceDefinition': return validateCustomResourceDefinition(obj, old);
    default: return [];
  }
}

/**
 * The field errors kube-apiserver would report for `obj` on create (`old` undefined) or on
 * update from `old`, in its order: metadata first, then the kind's own rules.
 */
export function validateObject(group: string, _version: string, kind: string, obj: any, old?: any): FieldError[] {
  if (!obj || typeof obj !== 'object') return [{ type: 'Required value', field: 'metadata.name', detail: 'name or generateName is required' }];
  return [...validateObjectMeta(obj.metadata, nameCheckFor(group, kind)), ...validateKind(group, kind, obj, old)];
}
