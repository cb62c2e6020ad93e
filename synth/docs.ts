/**
 * docs/ARCHITECTURE.md and docs/diagrams/<view>.mmd, generated from the same model as every other output, so the
 * architecture docs cannot drift from what is deployed. The six views live in synth/views/, one module each; the SVGs
 * are rendered from the .mmd sources by scripts/render-diagrams.js (not by synth: it needs a browser).
 */
import type { Homelab } from '../model/types';
import { clusterOfGuest, publicRoutes } from '../model/derive';
import { known } from '../model/errors';
import { GENERATED_BY } from '../naming/header';
import type { OutputFiles } from './outputs';
import {
  type ArchitectureView,
  type DocsContext,
  type ViewName,
  count,
  docsContext,
  guestPlanned,
  hostPlanned,
  locationPlanned,
  locationWhere,
} from './views/common';
import { worldView } from './views/world';
import { networkView, flowMatrix, INTERNET } from './views/network';
import { frontDoorView, routeGuard } from './views/front-door';
import { platformView } from './views/platform';
import { storageView } from './views/storage';
import { gitopsView } from './views/gitops';

export type { ViewName } from './views/common';

export const ARCHITECTURE_MD = 'docs/ARCHITECTURE.md';
export const DIAGRAMS_DIR = 'docs/diagrams';

/** The six views, in the order the document presents them. */
export const VIEWS: readonly ArchitectureView[] = [worldView, networkView, frontDoorView, platformView, storageView, gitopsView];

export function diagramPath(view: ViewName, ext: 'mmd' | 'svg'): string {
  return `${DIAGRAMS_DIR}/${view}.${ext}`;
}

/** Every file the docs generator writes (synth owns exactly these; rendered SVGs are not among them). */
export const DOCS_FILES: readonly string[] = [ARCHITECTURE_MD, ...VIEWS.map((v) => diagramPath(v.name, 'mmd'))];

/** The Mermaid source of each view, without the generated-by comment. */
export function diagrams(ctx: DocsContext): ReadonlyMap<ViewName, string> {
  return new Map(VIEWS.map((v) => [v.name, v.build(ctx).render()]));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
}

const code = (s: string): string => `\`${s}\``;
const status = (planned: boolean): string => (planned ? 'planned' : 'active');

function principles(): string[] {
  return [
    '## Principles',
    '',
    '- **One model, every output.** `homelab.ts` describes the homelab as data. OpenTofu JSON, the Ansible inventory, the Kubernetes',
    '  manifests and this document are all generated from it, so a new guest or app is one edit and every layer follows.',
    '- **Git holds the desired state.** Generated files are committed next to the model; CI regenerates them and fails on any',
    '  difference, so what is reviewed is what gets applied.',
    '- **Each layer has its tool.** OpenTofu creates machines, cloud and edge resources; Ansible configures what runs on them;',
    '  Flux keeps the cluster equal to `k8s/`. People apply the first two, Flux applies the third.',
    '- **Closed by default.** VLANs deny each other unless a flow allows a service; nothing listens on the internet (the tunnel',
    '  dials out); every hostname goes through forward-auth unless the model marks it public on purpose.',
    '- **No secret in the repository.** Addresses, VLAN IDs, the domain, account IDs and tokens live in the Ansible Vault; outputs',
    '  refer to them by name (sensitive OpenTofu variables, vault variables, Flux substitutions). That is why no diagram shows one.',
    '- **Checked before written.** Synth validates the whole model first and reports every problem with the entity, the rule',
    '  and the fix; an invalid model writes nothing.',
    '',
  ];
}

function viewSection(view: ArchitectureView, index: number, ctx: DocsContext, source: string): string[] {
  return [
    `### ${index + 1}. ${view.title}`,
    '',
    `*${view.question}* — for ${view.audience}. Source: [\`diagrams/${view.name}.mmd\`](diagrams/${view.name}.mmd).`,
    '',
    ...view.explain(ctx).flatMap((p) => [p, '']),
    '```mermaid',
    source.trimEnd(),
    '```',
    '',
  ];
}

function layers(ctx: DocsContext): string[] {
  const { model, index } = ctx;
  const matrix = flowMatrix(model);
  const endpoints = [...new Set([...model.networks.map((n) => n.name), ...matrix.flatMap((r) => [r.from, r.to]).filter((n) => n === INTERNET)])];
  const allowed = (from: string, to: string): string => matrix.find((r) => r.from === from && r.to === to)?.services.join(', ') ?? '—';
  const clusterOf = (guest: string): string => clusterOfGuest(model, guest)?.name ?? '';
  return [
    '## Layers',
    '',
    '### Locations',
    '',
    ...table(
      ['Location', 'Where', 'Status', 'Role'],
      model.locations.map((l) => [code(l.name), locationWhere(l), status(locationPlanned(l)), l.description]),
    ),
    '### Physical and virtual machines',
    '',
    `Proxmox VE runs the guests; the Proxmox hosts of a location form its Proxmox VE cluster. OpenTofu creates every guest from the model (VMs from a cloud image, LXCs from a template); GPU guests get the host's GPU passed through. Storage stage in force: \`${model.storageStage}\`.`,
    '',
    ...table(
      ['Host', 'Location', 'Kind', 'Cores', 'Memory', 'GPUs', 'Serves', 'Status'],
      model.hosts.map((h) => [
        code(h.name),
        h.location,
        h.kind,
        String(h.capacity.cores),
        `${h.capacity.memoryGiB} GiB`,
        (h.gpus ?? []).map((g) => g.model).join(', ') || '—',
        (h.services ?? []).join(', ') || '—',
        status(hostPlanned(ctx, h)),
      ]),
    ),
    ...table(
      ['Guest', 'Kind', 'Host', 'Role', 'vCPU', 'Memory', 'Networks', 'Cluster', 'Status'],
      model.guests.map((g) => [
        code(g.name),
        g.kind,
        g.host,
        g.role,
        String(g.cores),
        `${g.memoryMiB} MiB`,
        g.networks.join(', '),
        clusterOf(g.name) || '—',
        status(guestPlanned(ctx, g)),
      ]),
    ),
    ...(model.cloudInstances.length > 0
      ? table(
          ['Cloud instance', 'Location', 'Role', 'Shape', 'Inbound'],
          model.cloudInstances.map((i) => [
            code(i.name),
            i.location,
            i.role,
            `${i.shape} (${i.ocpus} OCPU, ${i.memoryGiB} GiB)`,
            [`${i.inbound.join(', ')} from the admin ranges`, ...(i.openInbound ?? []).map((o) => `${o.service} from anywhere`)].join('; '),
          ]),
        )
      : []),
    '### Network',
    '',
    ...table(
      ['VLAN', 'Purpose', 'Bridge', 'Carries'],
      model.networks.map((n) => [code(n.name), n.purpose, n.bridge, n.description]),
    ),
    'Firewall matrix (rows talk to columns; anything not listed is denied):',
    '',
    ...table(
      ['from \\ to', ...endpoints.map(code)],
      endpoints.map((from) => [code(from), ...endpoints.map((to) => allowed(from, to))]),
    ),
    ...table(
      ['From', 'To', 'Services', 'Why'],
      model.flows.map((f) => [code(f.from), code(f.to), f.services.join(', '), f.why]),
    ),
    '### External access',
    '',
    'Public hostnames are labels below the domain (a secret). The tunnel connector sends each to the proxy its audience names:',
    '',
    ...table(
      ['Hostname', 'Audience', 'Through', 'Serves', 'Guard'],
      publicRoutes(model).map((r) => [code(r.hostname), r.audience, r.via, r.target, routeGuard(r)]),
    ),
    '### Kubernetes platform',
    '',
    ...model.clusters.flatMap((c) => [
      `\`${c.name}\` runs ${c.distribution} ${c.version} on ${c.controlPlane.length} control-plane and ${c.workers.length} worker guests (${[...c.controlPlane, ...c.workers].join(', ')}); storage classes: ${c.storageClasses.join(', ')}.`,
      '',
    ]),
    ...table(
      ['App', 'Namespace', 'Tier', 'Hostname', 'Volume', 'Media', 'Depends on'],
      model.apps.map((a) => [
        code(a.name),
        a.namespace,
        a.tier,
        a.exposure ? `${a.exposure.hostname}${a.exposure.internet === false ? ' (LAN)' : ''}` : '—',
        a.volume ? `${a.volume.sizeGiB} GiB ${a.volume.storageClass}` : '—',
        a.media ? 'yes' : '—',
        (a.dependsOn ?? []).join(', ') || '—',
      ]),
    ),
    '### Storage',
    '',
    ...table(
      ['Pool', 'Kind', 'Host', 'Content', 'Stages', 'Moves to', 'Network'],
      model.storage.map((s) => [
        code(s.name),
        s.kind,
        s.host,
        s.content.join(', '),
        s.stages.join(', '),
        s.movesTo ?? '—',
        s.network ?? index.hosts.get(s.host)?.networks[0] ?? '—',
      ]),
    ),
    '### Backups',
    '',
    `Bucket \`${model.backups.bucket}\` in ${model.backups.location}: versioned, objects move to ${model.backups.transitionStorageClass} after ${model.backups.transitionAfterDays} days, old versions expire after ${model.backups.noncurrentVersionExpiryDays} days.`,
    '',
    ...table(
      ['Source', 'From', 'Tool', 'Schedule', 'Prefix'],
      model.backups.sources.map((s) => [
        code(s.name),
        'host' in s.from ? `host ${s.from.host}` : `cluster ${s.from.cluster}`,
        s.tool,
        code(s.schedule),
        code(s.prefix),
      ]),
    ),
    '### Automation',
    '',
    `- \`tofu-out/\`: one OpenTofu stack per location or blast radius (${ctx.stacks.map(code).join(', ')}), state encrypted in the state bucket; a person runs plan and apply.`,
    '- `ansible/`: the generated inventory plus hand-written playbooks that configure hosts and guests and install the cluster; a person runs them.',
    `- \`k8s/\`: manifests Flux reads from branch \`${model.gitops.branch}\`; one Flux Kustomization per app, ordered by its dependencies.`,
    '- `docs/`: this file, NAMING_CONVENTION.md and the diagram sources.',
    '',
  ];
}

/** The text of docs/ARCHITECTURE.md. */
export function architectureMarkdown(ctx: DocsContext, sources: ReadonlyMap<ViewName, string>): string {
  const { model } = ctx;
  const lines = [
    `<!-- ${GENERATED_BY} -->`,
    '# Architecture',
    '',
    `How this homelab fits together: ${count(model.locations.length, 'location')}, ${count(model.hosts.length, 'host')}, ${count(model.guests.length, 'guest')}, ${count(model.clusters.length, 'Kubernetes cluster')} and ${count(model.apps.length, 'app')}. ` +
      'Everything below is generated from `homelab.ts` by `npm run synth` (or `npm run docs`, which also renders the diagrams to SVG), so it always describes the model in this commit. ' +
      'Names follow [NAMING_CONVENTION.md](NAMING_CONVENTION.md); the reasons behind the choices are in [decisions/](decisions/).',
    '',
    ...principles(),
    '## Views',
    '',
    ...table(
      ['View', 'Answers', 'For'],
      VIEWS.map((v, i) => [`[${i + 1}. ${v.title}](#${i + 1}-${v.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')})`, v.question, v.audience]),
    ),
    'Dashed outlines mark what is planned but not built. Each diagram is also kept as a Mermaid source in `docs/diagrams/`; `npm run docs` renders them to `docs/diagrams/<view>.svg`.',
    '',
    ...VIEWS.flatMap((v, i) => viewSection(v, i, ctx, known(sources, v.name, 'diagram source'))),
    ...layers(ctx),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Every docs file synth writes: ARCHITECTURE.md and one Mermaid source per view (with the generated-by comment). */
export function synthDocs(model: Homelab, stacks: readonly string[]): OutputFiles {
  const ctx = docsContext(model, stacks);
  const sources = diagrams(ctx);
  const files: OutputFiles = new Map([[ARCHITECTURE_MD, architectureMarkdown(ctx, sources)]]);
  for (const [name, source] of sources) files.set(diagramPath(name, 'mmd'), `%% ${GENERATED_BY}\n${source}`);
  return files;
}
