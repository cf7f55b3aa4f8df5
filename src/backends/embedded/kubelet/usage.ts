// What a simulated container uses, for the metrics the HPA and `top` read: the cpu and memory
// annotations, else its requests, else a token amount.
import type { KubeObject } from '../apiserver/objects.js';
import { amount } from '../scheduler/resources.js';
import { ANNOTATIONS, annotation } from './annotations.js';

const IDLE_CPU_MILLIS = 1;
const IDLE_MEMORY_BYTES = 4 * 2 ** 20;

export interface Usage {
  cpuMillis: number;
  memoryBytes: number;
}

export function containerUsage(pod: KubeObject, container: any): Usage {
  const name = container?.name ?? '';
  const requests = container?.resources?.requests ?? {};
  const cpu = annotation(pod, ANNOTATIONS.cpu, name) ?? requests.cpu;
  const memory = annotation(pod, ANNOTATIONS.memory, name) ?? requests.memory;
  return {
    cpuMillis: cpu === undefined ? IDLE_CPU_MILLIS : amount('cpu', cpu),
    memoryBytes: memory === undefined ? IDLE_MEMORY_BYTES : amount('memory', memory),
  };
}
