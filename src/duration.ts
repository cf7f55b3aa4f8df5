// Kubernetes' human-readable durations (k8s.io/apimachinery/pkg/util/duration), as pure
// functions of milliseconds. Go truncates toward zero when it turns a duration into whole
// units, hence Math.trunc throughout.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A clock skew of up to two seconds (exclusive) reads as "now"; anything further in the
 * future is "<invalid>". Returns undefined when the duration is an ordinary one.
 */
function skewed(ms: number): string | undefined {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  return undefined;
}

/** duration.ShortHumanDuration: one unit, e.g. "45s", "3m", "5h", "12d", "2y". */
export function shortHumanDuration(ms: number): string {
  const skew = skewed(ms);
  if (skew !== undefined) return skew;
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/** duration.HumanDuration: two or three significant figures, e.g. "90s", "5m30s", "3h5m", "2d4h", "3y45d". */
export function humanDuration(ms: number): string {
  const skew = skewed(ms);
  if (skew !== undefined) return skew;
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < 60 * 2) return `${seconds}s`;

  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;

  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;

  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;

  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}
