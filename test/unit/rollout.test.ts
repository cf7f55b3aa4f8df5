import { describe, expect, it } from 'vitest';
import { rolloutStatus } from '../../src/rollout/status.js';
import { deploymentRevisions, historyTable, revisionView } from '../../src/rollout/history.js';
import { chooseRevision, deploymentRollbackPatch, sameTemplate } from '../../src/rollout/undo.js';
import { editEnv, keyToEnvName, listEnv, parseEnvArgs, podSpecOf, setImages } from '../../src/set-commands/container-edits.js';
import { changeCause } from '../../src/set-commands/record.js';
import { goMapOrder, splitResourcesAndPairs } from '../../src/set-commands/run.js';
import { horizontalPodAutoscaler } from '../../src/set-commands/scale.js';
import { conditionMet, parseWaitFor } from '../../src/wait.js';

const deployment = (status: Record<string, unknown>, generation = 1, replicas = 3) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd1', generation, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  status: { observedGeneration: 1, ...status },
});

describe('rollout status', () => {
  it("prints kubectl's progress lines in kubectl's order", () => {
    expect(rolloutStatus(deployment({}, 2))).toEqual({ message: 'Waiting for deployment spec update to be observed...', done: false });
    expect(rolloutStatus(deployment({ updatedReplicas: 1, replicas: 3 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(rolloutStatus(deployment({ updatedReplicas: 3, replicas: 4 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    expect(rolloutStatus(deployment({ updatedReplicas: 3, replicas: 3, availableReplicas: 1 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...');
    expect(rolloutStatus(deployment({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({ message: 'deployment "web" successfully rolled out', done: true });
  });

  it('fails past the progress deadline and on a revision mismatch', () => {
    const stuck = deployment({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(() => rolloutStatus(stuck)).toThrow('error: deployment "web" exceeded its progress deadline');
    expect(() => rolloutStatus(deployment({}), 5)).toThrow('error: desired revision (5) is different from the running revision (2)');
  });

  it('reads StatefulSets as kubectl does (a defaulted partition makes it partitioned)', () => {
    const sts = { kind: 'StatefulSet', metadata: { name: 'db', generation: 1 }, spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } }, status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 2 } };
    expect(rolloutStatus(sts).message).toBe('Waiting for 1 pods to be ready...');
    expect(rolloutStatus({ ...sts, status: { ...sts.status, readyReplicas: 2 } })).toEqual({ message: 'partitioned roll out complete: 2 new pods have been updated...', done: true });
  });
});

const rs = (revision: string, image: string, changeCause?: string) => ({
  metadata: {
    name: `web-${revision}`, ownerReferences: [{ controller: true, uid: 'd1' }],
    labels: { app: 'web', 'pod-template-hash': `h${revision}` },
    annotations: { 'deployment.kubernetes.io/revision': revision, ...(changeCause ? { 'kubernetes.io/change-cause': changeCause } : {}) },
  },
  spec: { template: { metadata: { labels: { app: 'web', 'pod-template-hash': `h${revision}` } }, spec: { containers: [{ name: 'nginx', image, ports: [{ protocol: 'TCP', containerPort: 80 }], resources: {}, imagePullPolicy: 'IfNotPresent' }], restartPolicy: 'Always' } } },
});

describe('rollout history and undo', () => {
  const revisions = deploymentRevisions(deployment({}), [rs('2', 'nginx:1.27', 'kubectl set image deployment/web nginx=nginx:1.27 --record=true'), rs('1', 'nginx:1.25'), { ...rs('9', 'x'), metadata: { ...rs('9', 'x').metadata, ownerReferences: [] } }]);

  it('lists revisions in order with their change-causes', () => {
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(historyTable(revisions)).toBe('REVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web nginx=nginx:1.27 --record=true\n');
  });

  it("shows one revision's template as kubectl does, unaligned", () => {
    expect(revisionView(revisions, 2, 'Deployment')).toBe([
      'with revision #2', 'Pod Template:', '  Labels:\tapp=web', '\tpod-template-hash=h2',
      '  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/web nginx=nginx:1.27 --record=true',
      '  Containers:', '   nginx:', '    Image:\tnginx:1.27', '    Port:\t80/TCP', '    Host Port:\t0/TCP', '    Environment:\t<none>', '    Mounts:\t<none>',
      '  Volumes:\t<none>', '  Node-Selectors:\t<none>', '  Tolerations:\t<none>', '',
    ].join('\n'));
    expect(() => revisionView(revisions, 7, 'Deployment')).toThrow('error: unable to find the specified revision');
  });

  it('chooses the revision to go back to', () => {
    expect(chooseRevision(revisions, 0, 'Deployment', 'web').revision).toBe(1);
    expect(() => chooseRevision(revisions, 5, 'Deployment', 'web')).toThrow('error: unable to find specified revision 5 in history');
    expect(() => chooseRevision(revisions.slice(0, 1), 0, 'Deployment', 'web')).toThrow('error: no rollout history found for deployment "web"');
  });

  it("sends kubectl's JSON patch: the template in struct order, annotations merged", () => {
    const d = deployment({});
    (d.metadata.annotations as Record<string, string>)['kubernetes.io/change-cause'] = 'new';
    expect(JSON.stringify(deploymentRollbackPatch(d, revisions[0].source))).toBe(
      '[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},"imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always"}}},'
      + '{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"2"}}]');
    const current = structuredClone(revisions[1].template);
    delete current.metadata.labels['pod-template-hash'];
    expect(sameTemplate(revisions[1].template, current)).toBe(true);
    expect(sameTemplate(revisions[0].template, current)).toBe(false);
  });
});

describe('set', () => {
  it('sets images by container name or *, and names the missing ones', () => {
    const spec = podSpecOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } } } })!;
    expect(setImages(spec, [['a', 'y'], ['b', 'z']])).toEqual(['b']);
    expect(spec.containers[0].image).toBe('y');
    expect(setImages(spec, [['*', 'w']])).toEqual([]);
    expect(spec.containers[0].image).toBe('w');
  });

  it('edits and lists env as kubectl does', () => {
    const c: Record<string, any> = { name: 'nginx', env: [{ name: 'A', value: '1' }] };
    editEnv(c, parseEnvArgs(['B=2', 'A=3']));
    expect(c.env).toEqual([{ name: 'A', value: '3' }, { name: 'B', value: '2' }]);
    editEnv(c, { set: [{ name: 'C', valueFrom: { configMapKeyRef: { name: 'cm', key: 'c.k' } } }], remove: ['A'] });
    expect(listEnv('Deployment', 'web', c)).toBe('# Deployment web, container nginx\nB=2\n# C from configmap cm, key c.k\n');
    expect(keyToEnvName('log-level.x')).toBe('LOG_LEVEL_X');
  });

  it('records the command line and orders patches as Go maps', () => {
    expect(changeCause('kubectl set image', ['deployment/web', 'nginx=nginx:1.27'], { record: true, v: 8 })).toBe('kubectl set image deployment/web nginx=nginx:1.27 --record=true --v=8');
    expect(JSON.stringify(goMapOrder({ spec: { containers: [{ name: 'n', image: 'i' }], '$setElementOrder/containers': [{ name: 'n' }] } })))
      .toBe('{"spec":{"$setElementOrder/containers":[{"name":"n"}],"containers":[{"image":"i","name":"n"}]}}');
    expect(splitResourcesAndPairs(['deploy', 'web', 'A=1', 'B-'], true)).toEqual({ resources: ['deploy', 'web'], pairs: ['A=1', 'B-'] });
  });

  it('builds the autoscaling/v1 HorizontalPodAutoscaler kubectl 1.32 sends', () => {
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
    expect(JSON.stringify(horizontalPodAutoscaler(target, { min: 1, max: 10, cpuPercent: 50, dryRun: 'none', explicitNamespace: false }))).toBe(
      '{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"web","creationTimestamp":null},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":10,"targetCPUUtilizationPercentage":50},"status":{"currentReplicas":0,"desiredReplicas":0}}');
  });
});

describe('wait', () => {
  it('parses --for and checks conditions', () => {
    expect(parseWaitFor('condition=Ready')).toEqual({ type: 'condition', name: 'Ready', value: 'true' });
    expect(parseWaitFor('jsonpath={.status.phase}=Running')).toEqual({ type: 'jsonpath', expression: '{.status.phase}', value: 'Running' });
    expect(() => parseWaitFor('bogus')).toThrow('error: unrecognized condition: "bogus"');
    const pod = { metadata: { generation: 1 }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(conditionMet(pod, parseWaitFor('condition=ready'))).toBe(true);
    expect(conditionMet(pod, parseWaitFor('condition=Ready=false'))).toBe(false);
    expect(conditionMet(pod, parseWaitFor('jsonpath={.status.phase}=Running'))).toBe(true);
    expect(conditionMet(pod, parseWaitFor('jsonpath={.status.phase}=Pending'))).toBe(false);
  });
});
