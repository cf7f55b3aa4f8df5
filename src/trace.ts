// kubectl's --v=6..9 request trace: the lines client-go's debugging round tripper and REST client
// write through klog, in klog's text format, for every request a command sends on either backend.
// The tracer sits where client-go's does: above the connection (so no Accept-Encoding) and below
// authentication (so credentials show, masked).
import { CLIENT_VERSION } from './version.js';
import { queryString, type ApiRequest, type ApiResponse, type StreamResponse, type Transport } from './backends/transport.js';

export interface TraceOptions {
  /** kubectl's -v level; below 6 nothing is traced. */
  level: number;
  write: (text: string) => void;
  /** Base URL requests are shown against (the served URL on the embedded backend). */
  server: string;
  /** Sent with every request, as client-go's outermost layer sets it. */
  userAgent: string;
  /** Headers the transport beneath adds (credentials, impersonation): shown, masked, never sent from here. */
  credentials?: Record<string, string | string[]>;
  /** Wall clock in microseconds since the epoch, and a monotonic one in milliseconds. */
  nowMicros?: () => number;
  monotonicMs?: () => number;
  pid?: number;
}

/** kubectl's User-Agent shape: "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07". */
export function userAgent(): string {
  // client-go keeps the version up to its first '-'; '+' build metadata goes the same way here.
  const version = CLIENT_VERSION.gitVersion.split(/[-+]/)[0];
  return `tkctl/${version} (${CLIENT_VERSION.platform}) tkctl/${CLIENT_VERSION.gitCommit.slice(0, 7)}`;
}

export function traceTransport(inner: Transport, opts: TraceOptions): Transport {
  if (opts.level < 6) return inner;
  const log = klogger(opts);
  const base = opts.server.replace(/\/+$/, '');

  const begin = (req: ApiRequest) => {
    const url = base + req.path + queryString(req.query);
    const headers = shownHeaders(req, opts.credentials ?? {});
    const tag = callSiteTag(req.method, req.path);
    if (opts.level >= 8) log(tag, structured('Request Body', truncateBody(req.body ?? '', opts.level)));
    if (opts.level >= 9) {
      log('round_trippers.go:473', curlCommand(req.method, url, headers));
    } else if (opts.level >= 7) {
      log('round_trippers.go:470', `${req.method} ${url}`);
      log('round_trippers.go:476', 'Request Headers:');
      for (const [name, value] of headers) log('round_trippers.go:480', `    ${name}: ${maskValue(name, value)}`);
    }
    const started = (opts.monotonicMs ?? performance.now.bind(performance))();
    const elapsed = () => Math.floor((opts.monotonicMs ?? performance.now.bind(performance))() - started);
    return { url, tag, elapsed };
  };

  const answered = (req: ApiRequest, url: string, status: string, ms: number, headers: Record<string, string>) => {
    if (opts.level === 6 || opts.level >= 9) log('round_trippers.go:560', `${req.method} ${url} ${status} in ${ms} milliseconds`);
    if (opts.level >= 9) log('round_trippers.go:577', `HTTP Statistics: GetConnection 0 ms ServerProcessing ${ms} ms Duration ${ms} ms`);
    if (opts.level === 7 || opts.level === 8) log('round_trippers.go:581', `Response Status: ${status} in ${ms} milliseconds`);
    if (opts.level >= 8) {
      log('round_trippers.go:584', 'Response Headers:');
      // Go's client keeps Transfer-Encoding out of the response's headers (http.Response.TransferEncoding).
      for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase() !== 'transfer-encoding') log('round_trippers.go:587', `    ${canonicalHeader(name)}: ${value}`);
      }
    }
  };

  return {
    server: inner.server,
    async request(original) {
      const req = withUserAgent(original, opts.userAgent);
      const { url, tag, elapsed } = begin(req);
      let res: ApiResponse;
      try {
        res = await inner.request(req);
      } catch (err) {
        // Go's round tripper reports a failed request with an empty status.
        answered(req, url, '', elapsed(), {});
        throw err;
      }
      answered(req, url, statusLine(res.status), elapsed(), res.headers);
      if (opts.level >= 8) log(tag, structured('Response Body', truncateBody(res.body, opts.level)));
      return res;
    },
    async stream(original): Promise<StreamResponse> {
      const req = withUserAgent(original, opts.userAgent);
      const { url, elapsed } = begin(req);
      let res: StreamResponse;
      try {
        res = await inner.stream(req);
      } catch (err) {
        answered(req, url, '', elapsed(), {});
        throw err;
      }
      answered(req, url, statusLine(res.status), elapsed(), res.headers);
      return res;
    },
    channel: (req) => inner.channel(req),
    close: () => inner.close(),
  };
}

function withUserAgent(req: ApiRequest, ua: string): ApiRequest {
  return { ...req, headers: { 'user-agent': ua, ...req.headers } };
}

/** One klog text line: "I1122 02:59:04.319814   17511 round_trippers.go:560] message" (I for info, E for error). */
export function klogLine(micros: number, pid: number, tag: string, message: string, severity: 'I' | 'E' = 'I'): string {
  const d = new Date(Math.floor(micros / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = String(Math.floor(micros % 1_000_000)).padStart(6, '0');
  const stamp = `${two(d.getMonth() + 1)}${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${fraction}`;
  return `${severity}${stamp} ${String(pid).padStart(7)} ${tag}] ${message}\n`;
}

function klogger(opts: TraceOptions): (tag: string, message: string) => void {
  const now = opts.nowMicros ?? (() => Math.round((performance.timeOrigin + performance.now()) * 1000));
  const pid = opts.pid ?? process.pid;
  return (tag, message) => opts.write(klogLine(now(), pid, tag, message));
}

/** The line kubectl's loader writes at -v=6 for each kubeconfig file it reads. */
export function configLoadedLine(path: string, micros?: number, pid = process.pid): string {
  const now = micros ?? Math.round((performance.timeOrigin + performance.now()) * 1000);
  // klog's Infoln puts a space between its operands, after the message's own trailing space.
  return klogLine(now, pid, 'loader.go:402', `Config loaded from file:  ${path}`);
}

/** A klog structured message with one string value: `"Request Body" body="…"`. */
export function structured(message: string, body: string): string {
  return `${goQuote(message)} body=${klogString(body)}`;
}

/** klog's rendering of a string value: Go-quoted, or an indented block when it spans lines. */
export function klogString(value: string): string {
  if (!value.includes('\n')) return goQuote(value);
  const lines = value.split('\n');
  const endsWithBreak = lines[lines.length - 1] === '';
  if (endsWithBreak) lines.pop();
  return '<\n' + lines.map((l) => `\t${l}\n`).join('') + ' >';
}

/** client-go's body truncation: 1024 bytes at -v=8, 10240 at -v=9, whole from -v=10. */
export function truncateBody(body: string, level: number): string {
  if (level >= 10) return body;
  const max = level >= 9 ? 10240 : 1024;
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length <= max) return body;
  // Go slices bytes, so a cut may split a character; its bytes then print as \x escapes.
  return bytesToGoString(bytes.subarray(0, max)) + ` [truncated ${bytes.length - max} chars]`;
}

// Marks the bytes of a split trailing character so that goQuote prints them as Go does.
const RAW_BYTE = /[\uDC80-\uDCFF]/;

function bytesToGoString(bytes: Buffer): string {
  let end = bytes.length;
  // Find where an incomplete UTF-8 sequence at the end starts, if there is one.
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end = bytes.length - back;
    break;
  }
  const tail = [...bytes.subarray(end)].map((b) => String.fromCharCode(0xdc00 + b)).join('');
  return bytes.subarray(0, end).toString('utf8') + tail;
}

/** Go's %q: strconv.Quote, keeping printable Unicode as is. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (RAW_BYTE.test(ch)) out += '\\x' + (cp - 0xdc00).toString(16).padStart(2, '0');
    else if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** client-go's maskValue: the scheme of a known Authorization type stays, the credential never. */
export function maskValue(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization' || value === '') return value;
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!['bearer', 'basic', 'negotiate'].includes(scheme.toLowerCase())) return '<masked>';
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
}

/** The curl line of -v=9; credentials masked, body left out as client-go does. */
export function curlCommand(method: string, url: string, headers: Array<[string, string]>): string {
  const flags = headers.map(([name, value]) => ` -H ${goQuote(`${name}: ${maskValue(name, value)}`)}`).join('');
  return `curl -v -X${method} ${flags} '${url}'`;
}

/** Go's canonical MIME header form: "content-type" -> "Content-Type". */
export function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

// Go iterates header maps in random order; this order is the one most kubectl traces show.
const HEADER_ORDER = ['accept', 'content-type', 'user-agent', 'authorization'];

function shownHeaders(req: ApiRequest, added: Record<string, string | string[]>): Array<[string, string]> {
  const all = new Map<string, string[]>();
  for (const [name, value] of Object.entries({ ...added, ...req.headers })) {
    all.set(name.toLowerCase(), Array.isArray(value) ? value : [value]);
  }
  const rank = (n: string) => (HEADER_ORDER.includes(n) ? HEADER_ORDER.indexOf(n) : HEADER_ORDER.length);
  return [...all.keys()]
    .sort((a, b) => rank(a) - rank(b))
    .flatMap((name) => all.get(name)!.map((v): [string, string] => [canonicalHeader(name), v]));
}

/**
 * The file:line kubectl's REST client logs bodies under, which is where in kubectl the request was
 * made; tkctl has no such call sites, so the request's shape picks the one kubectl would use.
 */
export function callSiteTag(method: string, path: string): string {
  if (path === '/api') return 'discovery_client.go:253';
  if (path === '/apis') return 'discovery_client.go:319';
  switch (method) {
    case 'POST': return 'helper.go:246';
    case 'PUT': return 'helper.go:319';
    case 'PATCH': return 'helper.go:269';
    case 'DELETE': return 'helper.go:202';
    default: return isCollection(path) ? 'helper.go:113' : 'helper.go:105';
  }
}

function isCollection(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  let rest = segments[0] === 'api' ? segments.slice(2) : segments.slice(3);
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return rest.length === 1;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  409: 'Conflict', 410: 'Gone', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Go's Response.Status: "200 OK". */
export function statusLine(code: number): string {
  return STATUS_TEXT[code] ? `${code} ${STATUS_TEXT[code]}` : `${code} status code ${code}`;
}
