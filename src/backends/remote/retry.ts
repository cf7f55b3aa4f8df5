// client-go's rule for retrying: only when the server says when (429 Too Many Requests or a 5xx
// with Retry-After in seconds), and only for requests that are safe to repeat.

export const maxAttempts = 3;
export const defaultMaxRetryDelayMs = 5_000;

/** Milliseconds to wait before trying again, or undefined when the response is final. */
export function retryDelayMs(
  method: string,
  status: number,
  headers: Record<string, string>,
  capMs = defaultMaxRetryDelayMs,
): number | undefined {
  if (method !== 'GET') return undefined;
  if (status !== 429 && status < 500) return undefined;
  const retryAfter = headers['retry-after'];
  if (retryAfter === undefined || !/^\d+$/.test(retryAfter.trim())) return undefined;
  return Math.min(Number(retryAfter) * 1000, capMs);
}
