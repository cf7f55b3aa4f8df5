import { describe, expect, it } from 'vitest';
import {
  SelectorError, parseLabelSelector, matchesLabels, labelSelectorToRequirements, formatLabelSelector, formatLabelSet,
  selectorToString, parseFieldSelector, matchesFields, selectableFields, podFields, convertFieldSelector, escapeFieldValue,
} from '../../src/selectors/index.js';

const parseError = (s: string) => {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorError);
    return (e as Error).message;
  }
  throw new Error(`parsed: ${s}`);
};

describe('parseLabelSelector', () => {
  it('parses equality, set and existence requirements, sorted by key', () => {
    expect(parseLabelSelector('tier notin (a,b),env in (staging, prod),a=b,c!=d,key,!gone,x>1,y<5,z==q')).toEqual([
      { key: 'a', operator: '=', values: ['b'] },
      { key: 'c', operator: '!=', values: ['d'] },
      { key: 'env', operator: 'in', values: ['prod', 'staging'] },
      { key: 'gone', operator: '!', values: [] },
      { key: 'key', operator: 'exists', values: [] },
      { key: 'tier', operator: 'notin', values: ['a', 'b'] },
      { key: 'x', operator: 'gt', values: ['1'] },
      { key: 'y', operator: 'lt', values: ['5'] },
      { key: 'z', operator: '==', values: ['q'] },
    ]);
  });

  it('reads empty values and keywords used as values', () => {
    expect(parseLabelSelector('x in (foo,,baz),y,z notin ()')).toEqual([
      { key: 'x', operator: 'in', values: ['', 'baz', 'foo'] },
      { key: 'y', operator: 'exists', values: [] },
      { key: 'z', operator: 'notin', values: [''] },
    ]);
    expect(parseLabelSelector('a=')).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(parseLabelSelector('value in (in)')).toEqual([{ key: 'value', operator: 'in', values: ['in'] }]);
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it('fails with apimachinery messages', () => {
    expect(parseError('a b')).toBe('unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt');
    expect(parseError('app in')).toBe("unable to parse requirement: found '' expected: '('");
    expect(parseError('x in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError('=foo')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(parseError('a=b,')).toBe("found '', expected: identifier after ','");
    expect(parseError('!a=b')).toBe("found '=', expected: ',' or 'end of string'");
    expect(parseError('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
    expect(parseError('x>abc')).toBe(`unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`);
    expect(parseError('a/b/c')).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    expect(parseError('app=a b')).toBe("found 'b', expected: ',' or 'end of string'");
    expect(parseError('app=-x')).toBe(
      `unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'nginx', tier: 'web', n: '7' };
  const m = (s: string, l: Record<string, string> | undefined = labels) => matchesLabels(parseLabelSelector(s), l);

  it('applies each operator as apimachinery does', () => {
    expect(m('app=nginx,tier in (web,db)')).toBe(true);
    expect(m('app!=nginx')).toBe(false);
    expect(m('missing!=x')).toBe(true);
    expect(m('tier notin (db)')).toBe(true);
    expect(m('missing notin (db)')).toBe(true);
    expect(m('missing')).toBe(false);
    expect(m('!missing')).toBe(true);
    expect(m('n>5,n<8')).toBe(true);
    expect(m('app>5')).toBe(false);
    expect(m('app in (web)')).toBe(false);
    expect(matchesLabels(parseLabelSelector(''), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });

  it('treats a null requirement list as selecting nothing', () => {
    expect(matchesLabels(null, labels)).toBe(false);
  });
});

describe('metav1.LabelSelector', () => {
  it('converts matchLabels and matchExpressions, with nil and empty selector semantics', () => {
    expect(labelSelectorToRequirements(undefined)).toBeNull();
    expect(labelSelectorToRequirements({})).toEqual([]);
    expect(labelSelectorToRequirements({ matchLabels: { b: '1' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toEqual([
      { key: 'a', operator: 'exists', values: [] },
      { key: 'b', operator: '=', values: ['1'] },
    ]);
    expect(() => labelSelectorToRequirements({ matchExpressions: [{ key: 'a', operator: 'Foo' }] })).toThrow('"Foo" is not a valid label selector operator');
  });

  it('formats as FormatLabelSelector', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'nginx' } })).toBe('app=nginx');
    expect(formatLabelSelector({ matchLabels: { tier: 'web', app: 'nginx' } })).toBe('app=nginx,tier=web');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod', 'dev'] }, { key: 'x', operator: 'DoesNotExist' }] }))
      .toBe('env notin (dev,prod),!x');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toBe('<error>');
    expect(formatLabelSet({ run: 'x', app: 'y' })).toBe('app=y,run=x');
  });

  it('prints parsed selectors back in canonical form', () => {
    expect(selectorToString(parseLabelSelector('b in (z, y),a'))).toBe('a,b in (y,z)');
  });
});

describe('field selectors', () => {
  it('parses terms, sorted, with escapes', () => {
    expect(parseFieldSelector('status.phase!=Running,metadata.name=x')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(parseFieldSelector('metadata.name==a\\,b\\=c\\\\')).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b=c\\' }]);
    expect(parseFieldSelector('')).toEqual([]);
    expect(escapeFieldValue('a,b=c\\')).toBe('a\\,b\\=c\\\\');
  });

  it('fails with apimachinery messages', () => {
    expect(() => parseFieldSelector('foo')).toThrow("invalid selector: 'foo'; can't understand 'foo'");
    expect(() => parseFieldSelector('a=b=c')).toThrow('invalid field selector: unescaped character in value: 61');
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid field selector: invalid escape sequence: \\x');
    expect(() => parseFieldSelector('a=b\\')).toThrow('invalid field selector: invalid escape sequence: \\');
  });

  it('matches against the selectable fields of a pod', () => {
    const pod = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'kind-worker', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
      status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
    };
    expect(podFields(pod)).toEqual({
      'metadata.name': 'web', 'metadata.namespace': 'default', 'spec.nodeName': 'kind-worker', 'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler', 'spec.serviceAccountName': 'default', 'spec.hostNetwork': 'false',
      'status.phase': 'Running', 'status.podIP': '10.244.1.5', 'status.nominatedNodeName': '',
    });
    const fields = selectableFields('', 'Pod', pod);
    expect(matchesFields(parseFieldSelector('status.phase!=Pending,spec.nodeName=kind-worker'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.namespace!=default'), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('status.nominatedNodeName='), fields)).toBe(true);
  });

  it('knows the fields of other kinds', () => {
    expect(selectableFields('', 'Node', { metadata: { name: 'n1' }, spec: { unschedulable: true } })).toEqual({ 'metadata.name': 'n1', 'spec.unschedulable': 'true' });
    expect(selectableFields('', 'Secret', { metadata: { name: 's', namespace: 'd' }, type: 'Opaque' }).type).toBe('Opaque');
    expect(selectableFields('', 'Namespace', { metadata: { name: 'kube-system' }, status: { phase: 'Active' } }))
      .toEqual({ 'metadata.name': 'kube-system', 'status.phase': 'Active' });
    expect(selectableFields('batch', 'Job', { metadata: { name: 'j', namespace: 'd' }, status: { succeeded: 2 } })['status.successful']).toBe('2');
    const ev = selectableFields('', 'Event', {
      metadata: { name: 'e', namespace: 'd' }, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Scheduled', type: 'Normal',
      source: { component: 'default-scheduler' },
    });
    expect(ev['involvedObject.name']).toBe('web');
    expect(ev.source).toBe('default-scheduler');
    expect(selectableFields('apps', 'Deployment', { metadata: { name: 'd', namespace: 'x' } })).toEqual({ 'metadata.name': 'd', 'metadata.namespace': 'x' });
  });

  it('rejects unsupported field labels with the API server message', () => {
    const sel = (s: string) => parseFieldSelector(s);
    expect(() => convertFieldSelector('', 'v1', 'Pod', sel('foo=bar'))).toThrow('field label not supported: foo');
    expect(() => convertFieldSelector('apps', 'v1', 'Deployment', sel('spec.replicas=1')))
      .toThrow('"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(() => convertFieldSelector('batch', 'v1', 'Job', sel('status.failed=1'))).toThrow('field label "status.failed" not supported for batchv1.Job');
    expect(() => convertFieldSelector('', 'v1', 'Node', sel('metadata.namespace=x'))).toThrow('field label not supported: metadata.namespace');
    expect(convertFieldSelector('', 'v1', 'Pod', sel('spec.host=n1'))).toEqual([{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
    expect(convertFieldSelector('', 'v1', 'ConfigMap', sel('metadata.name=x'))).toHaveLength(1);
  });
});
