// Every controller the embedded control plane runs.
import type { Controller } from './controller.js';
import { ReplicaSetController } from './replicaset.js';

export function allControllers(): Controller[] {
  return [new ReplicaSetController()];
}
