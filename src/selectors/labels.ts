// Label selectors as k8s.io/apimachinery/pkg/labels and metav1's LabelSelector helpers define them.
import { SelectorError } from './error.js';
import { goQuote } from './go-string.js';
import { isLabelKey, isLabelValue } from './label-syntax.js';

export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export type Labels = Record<string, string> | null | undefined;

/** A field.Error rendered as apimachinery renders it; `path` undefined renders as Go's nil path. */
function fieldInvalid(path: string | undefined, value: string, detail: string): string {
  return `${path ?? '<nil>'}: Invalid value: ${goQuote(value)}: ${detail}`;
}

/** utilerrors.Aggregate's text: one message alone, several de-duplicated in brackets. */
function aggregateMessage(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** The key check the parser runs before it reads an operator (reported against a nil path). */
export function labelKeyProblem(key: string): string | undefined {
  const errs = isLabelKey(key);
  return errs.length ? fieldInvalid(undefined, key, errs.join('; ')) : undefined;
}

const goValues = (vals: string[]) => `[]string{${vals.map(goQuote).join(', ')}}`;

/** labels.NewRequirement: builds a requirement or throws the aggregated field errors. */
export function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const errs: string[] = [];
  const keyProblem = isLabelKey(key);
  if (keyProblem.length) errs.push(fieldInvalid('key', key, keyProblem.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${goValues(values)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${goValues(values)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${goValues(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${goValues(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(fieldInvalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((v, i) => {
    const problems = isLabelValue(v);
    if (problems.length) errs.push(fieldInvalid(`values[${i}][${key}]`, v, problems.join('; ')));
  });
  if (errs.length) throw new SelectorError(aggregateMessage(errs));
  return { key, operator, values };
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

export function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = !!labels && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value!);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** True when every requirement holds; `null` is LabelSelectorAsSelector's "nothing", which matches no object. */
export function matchesLabels(reqs: Requirement[] | null, labels: Labels): boolean {
  if (reqs === null) return false;
  return reqs.every((r) => matchesRequirement(r, labels));
}

const OPERATOR_TEXT: Record<Operator, string> = {
  in: ' in ', notin: ' notin ', exists: '', '!': '', '=': '=', '==': '==', '!=': '!=', gt: '>', lt: '<',
};

/** Requirement.String(): set values are printed sorted. */
export function requirementToString(r: Requirement): string {
  const head = (r.operator === '!' ? '!' : '') + r.key;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareStrings).join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return head + OPERATOR_TEXT[r.operator] + (set ? `(${values})` : values);
}

export function selectorToString(reqs: Requirement[] | null): string {
  return (reqs ?? []).map(requirementToString).join(',');
}

/** Go compares strings bytewise; for the ASCII that labels allow, code-unit order is the same. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortByKey(reqs: Requirement[]): Requirement[] {
  return reqs.sort((a, b) => compareStrings(a.key, b.key));
}

const EXPRESSION_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: a missing selector selects nothing (null), an empty one
 * everything ([]). Throws SelectorError for an unknown operator or an invalid key or value.
 */
export function labelSelectorToRequirements(sel: LabelSelector | null | undefined): Requirement[] | null {
  if (!sel) return null;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of sel.matchExpressions ?? []) {
    const op = EXPRESSION_OPERATORS[expr.operator];
    if (!op) throw new SelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return sortByKey(reqs);
}

/** metav1.FormatLabelSelector, as `describe` and wide columns print selectors. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = selectorToString(labelSelectorToRequirements(sel));
  } catch {
    return '<error>';
  }
  return text.length === 0 ? '<none>' : text;
}

/** labels.SelectorFromSet(...).String(): "a=b,c=d" in key order, as kubectl prints a map selector. */
export function formatLabelSet(set: Record<string, string> | null | undefined): string {
  return Object.keys(set ?? {}).sort(compareStrings).map((k) => `${k}=${set![k]}`).join(',');
}
