// A bound on how deeply a JSON request body nests. Every layer behind the decoder (admission,
// patches, managed fields) walks objects recursively, so a body nested deeper than any real
// Kubernetes object would otherwise exhaust the stack; Go's encoding/json refuses bodies past its
// own depth limit in the same words.
import { badRequest } from './status.js';

export const MAX_BODY_DEPTH = 1000;

/** Throws a 400 when the JSON text nests arrays and objects deeper than MAX_BODY_DEPTH. */
export function checkJsonNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_BODY_DEPTH) {
        throw badRequest(`the object provided is unrecognized (invalid character '${text[i]}' exceeded max depth)`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}
