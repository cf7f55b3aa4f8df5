import { describe, expect, it } from 'vitest';
import { useScenario } from './lifecycle-harness.js';
import { ServiceAccountController } from '../../src/backends/embedded/controllers/serviceaccount.js';
import { SYSTEM_NAMESPACES } from '../../src/backends/embedded/apiserver/bootstrap.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

describe('serviceaccount controller and root CA publisher', () => {
  const s = useScenario(() => [new ServiceAccountController(CA)]);

  it('gives every namespace a default ServiceAccount and the kube-root-ca.crt ConfigMap', async () => {
    await s.client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'backend-team' } } });
    await s.settle();
    for (const ns of [...SYSTEM_NAMESPACES, 'backend-team']) {
      const sa = await s.client.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`);
      expect(sa).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      expect(sa.secrets).toBeUndefined();
      const cm = await s.client.request('GET', `/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
      expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': DESCRIPTION });
      expect(cm.data).toEqual({ 'ca.crt': CA });
    }
  });

  it('puts back a deleted default ServiceAccount and an edited CA ConfigMap', async () => {
    await s.settle();
    await s.client.request('DELETE', '/api/v1/namespaces/default/serviceaccounts/default');
    await s.client.request('PATCH', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt', {
      body: { data: { 'ca.crt': 'tampered', extra: 'x' } }, contentType: 'application/merge-patch+json',
    });
    await s.settle();
    expect(await s.find('/api/v1/namespaces/default/serviceaccounts/default')).toBeDefined();
    expect((await s.client.request('GET', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt')).data).toEqual({ 'ca.crt': CA });
  });

  it('creates nothing in a namespace that is terminating', async () => {
    await s.client.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'going' } } });
    await s.client.request('DELETE', '/api/v1/namespaces/going');
    await s.settle();
    expect(await s.find('/api/v1/namespaces/going/serviceaccounts/default')).toBeUndefined();
  });
});
