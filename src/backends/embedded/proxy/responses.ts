// What a simulated pod answers over HTTP: the page its image would serve, naming the pod so that
// repeated requests show the load being spread. Pure: data in, response out.
import type { KubeObject } from '../apiserver/objects.js';

export interface Backend {
  ip: string;
  port: number;
  pod?: KubeObject & { spec?: any };
}

export interface SimulatedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function imageOf(backend: Backend): string {
  return backend.pod?.spec?.containers?.[0]?.image ?? '';
}

/** nginx's default page, as the nginx image serves it at / (and 404 elsewhere). */
function nginxPage(podName: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
<!-- served by ${podName} -->
</body>
</html>
`;
}

export function simulatedResponse(backend: Backend, path: string): SimulatedResponse {
  const podName = backend.pod?.metadata?.name ?? backend.ip;
  const image = imageOf(backend);
  const common = { 'x-served-by': podName };
  if (/(^|\/)nginx(:|@|$)/.test(image)) {
    if (path !== '/' && path !== '/index.html') {
      return { status: 404, headers: { ...common, 'content-type': 'text/html', server: 'nginx' }, body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' };
    }
    return { status: 200, headers: { ...common, 'content-type': 'text/html', server: 'nginx' }, body: nginxPage(podName) };
  }
  // Anything else answers like the seeds' echo-hostname example: its hostname (the pod's name).
  return { status: 200, headers: { ...common, 'content-type': 'text/plain; charset=utf-8' }, body: `${podName}\n` };
}
