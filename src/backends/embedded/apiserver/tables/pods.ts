// The Pod table: printPod in kubernetes pkg/printers/internalversion/printers.go.

import { humanDuration } from '../../../../duration.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, doc, int, nameOf, timestampMillis } from './format.js';
import type { KindPrinter } from './types.js';

// The reason the node lifecycle controller gives a pod on an unreachable node (pkg/util/node).
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Condition {
  type: string;
  status?: string;
  reason?: string;
}

/** The later of `latest` and the container's last termination time, in milliseconds (undefined while none is known). */
function latestTermination(latest: number | undefined, status: ContainerStatus): number | undefined {
  const finished = timestampMillis(status.lastState?.terminated?.finishedAt);
  if (finished === undefined) return latest;
  return latest === undefined || finished > latest ? finished : latest;
}

// isPodInitializedConditionTrue looks at the first Initialized condition only.
function initializedConditionIsTrue(conditions: Condition[]): boolean {
  return conditions.find((c) => c.type === 'Initialized')?.status === 'True';
}

function hasReadyCondition(conditions: Condition[]): boolean {
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function terminatedReason(terminated: NonNullable<ContainerState['terminated']>, prefix: string): string {
  if (terminated.reason) return prefix + terminated.reason;
  if (terminated.signal) return `${prefix}Signal:${terminated.signal}`;
  return `${prefix}ExitCode:${int(terminated.exitCode)}`;
}

function podCells(pod: any, now: Date): unknown[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const conditions: Condition[] = status.conditions ?? [];
  const initContainers: Array<{ name: string; restartPolicy?: string }> = spec.initContainers ?? [];
  const isSidecar = (name: string) => initContainers.find((c) => c.name === name)?.restartPolicy === 'Always';

  const totalContainers = (spec.containers ?? []).length + initContainers.filter((c) => c.restartPolicy === 'Always').length;
  let readyContainers = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;

  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  // Init containers run in order: the first one not yet done decides the status.
  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const state = container.state ?? {};
    restarts += int(container.restartCount);
    lastRestart = latestTermination(lastRestart, container);
    const sidecar = isSidecar(container.name);
    if (sidecar) {
      sidecarRestarts += int(container.restartCount);
      lastSidecarRestart = latestTermination(lastSidecarRestart, container);
    }
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (sidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    initializing = true;
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    break;
  }

  if (!initializing || initializedConditionIsTrue(conditions)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: ContainerStatus[] = status.containerStatuses ?? [];
    // Walked last to first, so the first container's state has the final word.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      const state = container.state ?? {};
      restarts += int(container.restartCount);
      lastRestart = latestTermination(lastRestart, container);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (container.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasReadyCondition(conditions) ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }

  const restartsCell =
    restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);

  return [
    nameOf(pod),
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsCell,
    age(pod, now),
    podIP(status) || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGates(spec.readinessGates ?? [], conditions),
  ];
}

// The internal Pod keeps podIP authoritative over podIPs when both are set (core/v1 conversion).
function podIP(status: any): string {
  return status.podIP || status.podIPs?.[0]?.ip || '';
}

function readinessGates(gates: Array<{ conditionType: string }>, conditions: Condition[]): string {
  if (gates.length === 0) return '<none>';
  const met = gates.filter((gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

export const podPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    column('IP', 'string', doc('core/v1 PodStatus.podIP'), { priority: 1 }),
    column('Node', 'string', doc('core/v1 PodSpec.nodeName'), { priority: 1 }),
    column('Nominated Node', 'string', doc('core/v1 PodStatus.nominatedNodeName'), { priority: 1 }),
    column('Readiness Gates', 'string', doc('core/v1 PodSpec.readinessGates'), { priority: 1 }),
  ],
  cells: podCells,
};
