/** View 6, the GitOps workflow: one model edit, synth, review, then tofu-out/ and ansible/ by a person, k8s/ by Flux. */
import { nodeId, type Flowchart } from '../mermaid';
import { type ArchitectureView, type DocsContext, ids, locationTitle, newChart } from './common';
import { GITOPS_APP } from './platform';

function build(ctx: DocsContext): Flowchart {
  const { model, index } = ctx;
  const chart = newChart('TD');
  const person = chart.node('person', ['A person', 'with a clone of the repository'], { shape: 'stadium', classes: ['person'] });
  const edit = chart.node(nodeId('model'), ['homelab.ts', 'the one model'], { classes: ['gate'] });
  const synth = chart.node(nodeId('synth'), ['npm run synth', 'validate, then write every output'], { shape: 'subroutine' });
  const pr = chart.node(nodeId('pr'), ['Pull request', 'CI: npm test with the drift check'], { shape: 'round' });
  const main = chart.node(nodeId('main'), [`branch ${model.gitops.branch}`, 'source of truth'], { shape: 'cylinder' });
  const decide = chart.node(nodeId('decide'), 'Which files changed?', { shape: 'diamond', classes: ['gate'] });

  chart.subgraph(nodeId('outputs'), 'Generated and committed', (s) => {
    s.node(nodeId('out', 'tofu'), ['tofu-out/', `OpenTofu JSON · stacks: ${ctx.stacks.join(', ')}`]);
    s.node(nodeId('out', 'ansible'), ['ansible/', 'generated inventory, hand-written playbooks']);
    s.node(nodeId('out', 'k8s'), ['k8s/', `Flux Kustomizations · ${model.apps.length} apps`]);
    s.node(nodeId('out', 'docs'), ['docs/', 'ARCHITECTURE.md, NAMING_CONVENTION.md, diagrams']);
  });
  chart.subgraph(nodeId('gated'), 'Gated: a person applies', (s) => {
    s.node(nodeId('apply', 'tofu'), ['task tofu:apply STACK=…', 'plan, review, apply one stack'], { classes: ['gate'] });
    s.node(nodeId('apply', 'ansible'), ['task ansible:playbook PLAYBOOK=…', 'with the vault password'], { classes: ['gate'] });
  });
  chart.subgraph(nodeId('targets'), 'Running infrastructure', (s) => {
    for (const stack of ctx.stacks) {
      const location = index.locations.get(stack);
      s.node(nodeId('stack', stack), [`stack ${stack}`, location ? locationTitle(location) : stack === 'edge' ? `${model.edge.dns} tunnel and DNS` : 'stack']);
    }
    s.node(nodeId('hostsguests'), ['Hosts and guests', `${model.hosts.length} hosts · ${model.guests.length} guests`]);
    for (const c of model.clusters) {
      s.subgraph(ids.cluster(c.name), `Kubernetes ${c.name}`, (k) => {
        if (model.apps.some((a) => a.name === GITOPS_APP && a.cluster === c.name))
          k.node(nodeId('flux', c.name), ['Flux', 'polls the branch'], { classes: ['ingress'] });
        k.node(nodeId('workloads', c.name), ['Platform and apps', `${model.apps.filter((a) => a.cluster === c.name).length} Kustomizations`]);
      });
    }
  });

  chart.edge(person, edit, { label: '1. edit' });
  chart.edge(edit, synth, { label: '2. generate' });
  chart.edge(synth, nodeId('outputs'), { label: '3. commit' });
  chart.edge(nodeId('outputs'), pr, { label: '4. git push' });
  chart.edge(pr, main, { label: '5. review and merge' });
  chart.edge(main, decide);
  chart.edge(decide, nodeId('apply', 'tofu'), { label: 'tofu-out/' });
  chart.edge(decide, nodeId('apply', 'ansible'), { label: 'ansible/' });
  for (const stack of ctx.stacks) chart.edge(nodeId('apply', 'tofu'), nodeId('stack', stack));
  chart.edge(nodeId('apply', 'ansible'), nodeId('hostsguests'), { label: 'configures' });
  for (const c of model.clusters) {
    const flux = nodeId('flux', c.name);
    if (!chart.has(flux)) continue;
    chart.edge(decide, flux, { label: 'k8s/ · automatic' });
    chart.edge(flux, main, { label: 'pulls', style: 'dotted' });
    chart.edge(flux, nodeId('workloads', c.name), { label: 'applies' });
  }
  return chart;
}

export const gitopsView: ArchitectureView = {
  name: 'gitops',
  title: 'GitOps workflow',
  question: 'What happens after a change is pushed, and who applies it?',
  audience: 'everyone who changes the homelab',
  explain: (ctx) => [
    'Every change starts as an edit of `homelab.ts` (or of a generator). `npm run synth` validates the model and rewrites every generated tree; ' +
      'CI runs `npm test`, which fails when a committed generated file differs from a fresh synth, so a review always sees code and output together.',
    `After the merge to \`${ctx.model.gitops.branch}\` the paths decide: \`tofu-out/\` (stacks ${ctx.stacks.map((s) => `\`${s}\``).join(', ')}) and \`ansible/\` wait for a person to plan and apply them; ` +
      '`k8s/` is pulled and applied by Flux without anyone running a command.',
  ],
  build,
};
