// A simulated container's process: the steps it follows (from its command, or its image's
// default), when it exits and with what code, and the lines it writes — all pure functions of
// the pod spec, its annotations and the time it started.
import type { KubeObject } from '../apiserver/objects.js';
import { ANNOTATIONS, annotation, durationAnnotation } from './annotations.js';
import { imageDefaultSteps } from './images.js';
import { parseArgv, type Step } from './shell.js';

type Pod = KubeObject & { spec?: any };

export interface Process {
  steps: Step[];
  /** Milliseconds after the start when the process exits; undefined while it runs until stopped. */
  exitAfterMs?: number;
  exitCode: number;
}

export interface OutputLine {
  at: number;
  text: string;
}

/** A loop whose body takes no time would write forever at one instant: stop writing after this many rounds. */
const MAX_INSTANT_ROUNDS = 1000;

function containerEnv(pod: Pod, container: any): Record<string, string> {
  const env: Record<string, string> = { HOSTNAME: pod.metadata?.name ?? '' };
  for (const e of container?.env ?? []) if (typeof e?.value === 'string') env[e.name] = e.value;
  return env;
}

export function containerSteps(pod: Pod, container: any): Step[] {
  const argv = [...(container?.command ?? []), ...(container?.args ?? [])].map(String);
  return argv.length ? parseArgv(argv, containerEnv(pod, container)) : imageDefaultSteps(container?.image ?? '');
}

/**
 * Replay steps from `start`: every line written, then how the process ended ({at, code}), or
 * undefined for a process that runs until stopped. `until` bounds the replay of endless loops.
 */
export function* replay(steps: Step[], start: number, until: number): Generator<OutputLine, { at: number; code: number } | undefined> {
  let t = start;
  function* run(block: Step[]): Generator<OutputLine, { code: number } | 'block' | undefined> {
    for (const step of block) {
      if (t > until) return 'block';
      switch (step.kind) {
        case 'echo': yield { at: t, text: step.text }; break;
        case 'sleep': t += step.ms; break;
        case 'exit': return { code: step.code };
        case 'block': return 'block';
        case 'loop':
          for (let round = 0; ; round++) {
            const before = t;
            const r = yield* run(step.body);
            if (r !== undefined) return r;
            if (t === before && round >= MAX_INSTANT_ROUNDS) return 'block';
          }
      }
    }
    return undefined;
  }
  const end = yield* run(steps);
  if (end === 'block') return undefined;
  return { at: t, code: end?.code ?? 0 };
}

/** When and how the process ends, with the annotations taking precedence over the command. */
export function containerProcess(pod: Pod, container: any): Process {
  const name = container?.name ?? '';
  const steps = containerSteps(pod, container);
  const runTime = durationAnnotation(pod, ANNOTATIONS.runTime, name);
  const codeText = annotation(pod, ANNOTATIONS.exitCode, name);
  const code = codeText === undefined ? undefined : Number.parseInt(codeText, 10);
  // A process that ends on its own does so within a day of replay, or is treated as endless.
  const natural = runTime === undefined ? finish(steps) : undefined;
  const exitAfterMs = runTime ?? natural?.at ?? (code !== undefined && !Number.isNaN(code) ? 0 : undefined);
  const exitCode = code !== undefined && !Number.isNaN(code) ? code & 255 : natural?.code ?? 0;
  return { steps, exitAfterMs, exitCode };
}

function finish(steps: Step[]): { at: number; code: number } | undefined {
  const it = replay(steps, 0, 86_400_000);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}
