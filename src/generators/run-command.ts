// `kubectl run NAME --image=…`: one Pod (and with --expose its Service), as kubectl run builds them.
import { CliError } from '../client/errors.js';
import { dryRunMode } from '../cli/manifest-flags.js';
import { printYaml } from '../printers/index.js';
import { exposeServiceObject, parseAnnotationSpecs, parseEnvs, parseLabelSpec, runPodObject, type RestartPolicy, type RunSpec } from './pod.js';
import { checkOutput, createGenerated, printCreated, requiredFlagError, type GeneratorFlags } from './send.js';
import type { Target } from './create-commands.js';

export interface RunFlags extends GeneratorFlags {
  image?: string;
  port?: string;
  labels?: string;
  env?: string[];
  annotations?: string[];
  restart: string;
  command: boolean;
  expose: boolean;
  'image-pull-policy'?: string;
  privileged: boolean;
}

const RESTART_POLICIES: RestartPolicy[] = ['Always', 'OnFailure', 'Never'];

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[+-]?[0-9]+$/.test(text)) throw new CliError(`error: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

export function runSpecFrom(args: string[], words: string[], flags: RunFlags): RunSpec {
  if (!flags.image) throw requiredFlagError('image');
  if (args.length === 0) throw new CliError("error: NAME is required for run\nSee 'tkctl run -h' for help and examples");
  const restart = RESTART_POLICIES.find((p) => p === flags.restart);
  if (!restart) throw new CliError(`error: invalid restart policy: ${flags.restart}\nSee 'tkctl run -h' for help and examples`);
  const port = parsePort(flags.port);
  if (flags.expose && (port === undefined || port < 0)) throw new CliError("error: --port must be set when exposing a service\nSee 'tkctl run -h' for help and examples");
  return {
    name: args[0], image: flags.image, words, command: flags.command, port,
    labels: flags.labels ? parseLabelSpec(flags.labels) : undefined,
    annotations: flags.annotations?.length ? parseAnnotationSpecs(flags.annotations) : undefined,
    env: parseEnvs(flags.env ?? []), restart, imagePullPolicy: flags['image-pull-policy'], privileged: flags.privileged,
  };
}

/** Creates the Pod, then the Service; kubectl prints the Service first. */
export async function runPod(t: Target, args: string[], words: string[], flags: RunFlags): Promise<string> {
  checkOutput(flags.output);
  const spec = runSpecFrom(args, words, flags);
  const dryRun = dryRunMode(flags['dry-run']);
  const base = `/api/v1/namespaces/${encodeURIComponent(t.client.namespace)}`;
  const send = (obj: Record<string, any>, plural: string) =>
    createGenerated(t.client, obj, flags, { collection: `${base}/${plural}`, fieldManager: 'kubectl-run', validates: false });
  const pod = await send(runPodObject(spec), 'pods');
  if (!flags.expose) return printCreated(pod, flags.output, dryRun);
  const service = await send(exposeServiceObject(spec), 'services');
  // kubectl prints both objects through one YAML printer, which separates documents twice.
  if (flags.output === 'yaml') return `${printYaml(service)}---\n---\n${printYaml(pod)}`;
  return printCreated(service, flags.output, dryRun) + printCreated(pod, flags.output, dryRun);
}
