/** A selector the API server cannot parse; `message` is apimachinery's text, which kube-apiserver returns in its 400. */
export class SelectorError extends Error {
  override name = 'SelectorError';
}
