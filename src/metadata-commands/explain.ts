// `kubectl explain TYPE[.field.path]`: the resource from discovery, its group version's OpenAPI v3
// document from the server (as kubectl fetches it), rendered as kubectl's plaintext template.
import type { KubeClient } from '../client/client.js';
import { CliError } from '../client/errors.js';
import { resolveResource, type ResourceInfo } from '../client/discovery.js';
import { renderExplain, type ExplainOutput } from './explain-render.js';

export interface ExplainFlags { recursive: boolean; 'api-version'?: string }

export async function runExplain(client: KubeClient, args: string[], flags: ExplainFlags): Promise<ExplainOutput> {
  if (args.length === 0) {
    throw new CliError('You must specify the type of resource to explain. Use "tkctl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee \'tkctl explain -h\' for help and examples');
  }
  if (args.length > 1) throw new CliError(`error: We accept only this format: explain RESOURCE\nSee 'tkctl explain -h' for help and examples`);
  const [typeName, ...fieldPath] = args[0].split('.');
  const resources = await client.discover();
  let resource: ResourceInfo;
  try {
    resource = resolveResource(resources, typeName);
  } catch (e) {
    // explain words this one without kubectl's usual "error: ".
    throw e instanceof CliError ? new CliError(e.message.replace(/^error: /, '')) : e;
  }
  if (flags['api-version']) {
    const [group, version] = flags['api-version'].includes('/') ? flags['api-version'].split('/', 2) : ['', flags['api-version']];
    const plural = resource.plural;
    resource = resources.find((r) => r.group === group && r.version === version && r.plural === plural) ?? { ...resource, group, version };
  }
  const gvPath = resource.group ? `apis/${resource.group}/${resource.version}` : `api/${resource.version}`;
  const root = await client.request('GET', '/openapi/v3');
  const url: string | undefined = root.paths?.[gvPath]?.serverRelativeURL;
  if (!url) throw new CliError(`error: couldn't find resource for "${resource.group ? `${resource.group}/` : ''}${resource.version}, Resource=${resource.plural}"`);
  const [path, query] = url.split('?');
  const doc = await client.request('GET', path, { query: Object.fromEntries(new URLSearchParams(query ?? '')) });
  return renderExplain(doc, { group: resource.group, version: resource.version, resource: resource.plural }, fieldPath, flags.recursive);
}
