// What encoding/json says about a []byte field's string: base64.StdEncoding.Decode's
// CorruptInputError, whose offset counts the raw input bytes (newlines are skipped, not removed).

const ALPHABET = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').map((c) => c.charCodeAt(0)));
const NEWLINE = (b: number) => b === 0x0a || b === 0x0d;
const PAD = 0x3d;

/** "illegal base64 data at input byte N", or undefined when Go decodes the text. */
export function base64Error(text: string): string | undefined {
  const src = Buffer.from(text, 'utf8');
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  let si = 0;
  for (;;) {
    // One quantum of four symbols, as decodeQuantum reads it.
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return corrupt(si - j);
      }
      const b = src[si++];
      if (ALPHABET.has(b)) continue;
      if (NEWLINE(b)) { j--; continue; }
      if (b !== PAD) return corrupt(si - 1);
      if (j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && NEWLINE(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && NEWLINE(src[si])) si++;
      return si < src.length ? corrupt(si) : undefined;
    }
  }
}
