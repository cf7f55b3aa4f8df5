// How go-yaml v2's emitter (a port of libyaml) judges a scalar: which styles it may be written in.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export interface ScalarAnalysis {
  /** Contains a line break (LF, CR, NEL, LS or PS). */
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

export const isSpace = (c: number | undefined): boolean => c === 0x20;
export const isBreak = (c: number | undefined): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;

/** libyaml's printable set: only the Basic Multilingual Plane counts, so emoji are escaped. */
export function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

const LEADING_INDICATORS = new Set('#,[]{}&*!|>\'"%@`');

export function analyzeScalar(value: number[]): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const head = String.fromCodePoint(...value.slice(0, 3));
  let blockIndicators = head === '---' || head === '...';
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpaceOrBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;

  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const ch = String.fromCodePoint(c);
    const last = i + 1 === value.length;
    const followedByWhitespace = last || isBlank(value[i + 1]);
    if (i === 0) {
      if (LEADING_INDICATORS.has(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((ch === ':' && followedByWhitespace) || (ch === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpaceOrBreak = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingSpaceOrBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c) || c === 0;
  }

  const unsafeForAll = spaceBreak || specialCharacters;
  return {
    multiline: lineBreaks,
    blockPlainAllowed: !(
      leadingSpaceOrBreak || trailingSpace || trailingBreak || breakSpace || unsafeForAll || lineBreaks || blockIndicators
    ),
    singleQuotedAllowed: !(breakSpace || unsafeForAll),
    blockAllowed: !(trailingSpace || unsafeForAll),
  };
}

/** yaml_emitter_select_scalar_style for block context (kubectl output never has non-empty flow collections). */
export function selectScalarStyle(requested: ScalarStyle, analysis: ScalarAnalysis, simpleKey: boolean, empty: boolean): ScalarStyle {
  let style = requested;
  if (simpleKey && analysis.multiline) style = 'double';
  if (style === 'plain' && (!analysis.blockPlainAllowed || (empty && simpleKey))) style = 'single';
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}
