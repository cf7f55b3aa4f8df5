export { SelectorError } from './error.js';
export {
  type Operator, type Requirement, type LabelSelector, type LabelSelectorRequirement, type Labels,
  newRequirement, matchesLabels, matchesRequirement, requirementToString, selectorToString,
  labelSelectorToRequirements, formatLabelSelector, formatLabelSet,
} from './labels.js';
export { parseLabelSelector } from './label-parser.js';
export { isLabelKey, isLabelValue } from './label-syntax.js';
export {
  type FieldRequirement, parseFieldSelector, matchesFields, formatFieldSelector, escapeFieldValue, unescapeFieldValue,
} from './fields.js';
export { podFields, selectableFields, convertFieldSelector } from './selectable-fields.js';
