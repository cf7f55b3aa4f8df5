// The word wrapping of kubectl explain (mitchellh/go-wordwrap's WrapString): break at spaces so that
// lines stay within the limit where possible; words longer than the limit stay whole; existing
// newlines are kept; a space run at a break is dropped.

const isSpace = (c: string) => c !== '\u00a0' && /\s/.test(c);

export function wrapWords(text: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const len = (s: string) => Array.from(s).length;
  for (const c of text) {
    if (c === '\n') {
      if (word === '') {
        if (current + len(space) > limit) current = 0;
        else out += space;
      } else {
        out += space + word;
      }
      space = '';
      word = '';
      out += c;
      current = 0;
    } else if (isSpace(c)) {
      if (space === '' || word !== '') {
        current += len(space) + len(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += c;
    } else {
      word += c;
      if (current + len(space) + len(word) > limit && len(word) < limit) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word === '') {
    if (current + len(space) <= limit) out += space;
  } else {
    out += space + word;
  }
  return out;
}
