// Rollout history as kubectl reads it: a Deployment's revisions are its ReplicaSets, a DaemonSet's
// and StatefulSet's are ControllerRevisions. Pure functions of the fetched objects.
import { CliError } from '../client/errors.js';
import { describePodTemplate } from '../describe/containers.js';
import { PrefixWriter, alignTabs } from '../describe/writer.js';
import { CHANGE_CAUSE } from '../set-commands/record.js';

type Obj = Record<string, any>;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export interface Revision {
  revision: number;
  /** The object the revision is kept in (ReplicaSet or ControllerRevision). */
  source: Obj;
  template: Obj;
  changeCause?: string;
}

const ownedBy = (o: Obj, owner: Obj) => (o.metadata?.ownerReferences ?? []).some((r: Obj) => r.controller && r.uid === owner.metadata.uid);

/** A Deployment's revisions from its ReplicaSets (one per revision number; unparsable ones skipped). */
export function deploymentRevisions(deployment: Obj, replicaSets: Obj[]): Revision[] {
  const byRevision = new Map<number, Revision>();
  for (const rs of replicaSets) {
    if (!ownedBy(rs, deployment)) continue;
    const text = rs.metadata?.annotations?.[REVISION_ANNOTATION];
    if (text === undefined || !/^\d+$/.test(text)) continue;
    const revision = Number(text);
    byRevision.set(revision, { revision, source: rs, template: rs.spec?.template ?? {}, changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE] });
  }
  return [...byRevision.values()].sort((a, b) => a.revision - b.revision);
}

/** A DaemonSet's or StatefulSet's revisions from its ControllerRevisions. */
export function controllerRevisions(owner: Obj, revisions: Obj[]): Revision[] {
  return revisions.filter((r) => ownedBy(r, owner))
    .map((r) => ({ revision: Number(r.revision ?? 0), source: r, template: r.data?.spec?.template ?? {}, changeCause: r.metadata?.annotations?.[CHANGE_CAUSE] }))
    .sort((a, b) => a.revision - b.revision);
}

/** The REVISION / CHANGE-CAUSE table kubectl prints after the object's name. */
export function historyTable(revisions: Revision[]): string {
  const lines = ['REVISION\tCHANGE-CAUSE\n', ...revisions.map((r) => `${r.revision}\t${r.changeCause || '<none>'}\n`)];
  return alignTabs(lines.join(''));
}

/**
 * kubectl's view of one revision: the pod template as describe prints it, but written without the
 * tabwriter (kubectl's history viewer writes describe's lines straight into a buffer).
 */
export function revisionView(revisions: Revision[], revision: number, kind: string): string {
  const found = revisions.find((r) => r.revision === revision);
  if (!found) throw new CliError(kind === 'Deployment' ? 'error: unable to find the specified revision' : `error: unable to find history controlled by ${kind.toLowerCase()}`);
  const template = structuredClone(found.template);
  if (kind === 'Deployment' && found.changeCause) {
    // The ReplicaSet's change-cause shows as an annotation of its template.
    template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE]: found.changeCause } };
  }
  const w = new RawWriter();
  describePodTemplate(template, w);
  return `with revision #${revision}\n${w.text()}`;
}

/** describe's PrefixWriter without the alignment. */
class RawWriter extends PrefixWriter {
  private raw = '';
  write(level: number, text: string): void {
    this.raw += '  '.repeat(level) + text;
  }
  writeLine(text: string): void {
    this.raw += text + '\n';
  }
  flush(): void {}
  text(): string {
    return this.raw;
  }
}
