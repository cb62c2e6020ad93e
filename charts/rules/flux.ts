import type { ManifestRule } from './rule';
import { customGroups } from '../lib/dependencies';
import { at } from './helpers';

/** Flux Kustomizations form a graph Flux can apply: known dependencies, no cycle, CRDs installed before they are used. */
export const fluxDependencies: ManifestRule = {
  id: 'k8s-flux-dependencies',
  description: "Each Flux dependsOn names a unit of the cluster; the graph has no cycle; every custom resource's CRD is installed by an app applied earlier.",
  check(cluster, _model, problems) {
    const units = new Map(cluster.units.map((u) => [u.name, u]));
    for (const u of cluster.units) {
      for (const d of u.dependsOn)
        if (!units.has(d))
          problems.report(
            at.unit(u.name),
            'k8s-flux-dependencies',
            `dependsOn "${d}", which is not a Flux Kustomization of ${cluster.cluster.name}`,
            `use one of ${[...units.keys()].join(', ')}`,
          );
      for (const g of customGroups(u.objects)) {
        const provider = cluster.provided.crdGroups[g];
        if (provider === undefined)
          problems.report(
            at.unit(u.name),
            'k8s-flux-dependencies',
            `uses API group ${g}, whose CRDs no app of the cluster installs`,
            'deploy the app that installs them (set crdGroups on its module) or drop the objects',
          );
        else if (provider === u.app && u.stage === 'main')
          problems.report(
            at.unit(u.name),
            'k8s-flux-dependencies',
            `uses API group ${g} in the same unit whose HelmRelease installs its CRDs (the dry-run fails before Helm runs)`,
            "move these objects to the app's config stage",
          );
      }
    }
    // A unit of an app that waits on a person (manual steps) is not Ready before the step: nothing may depend on it.
    const manual = new Set(cluster.apps.filter((a) => (a.manualSteps ?? []).length > 0).map((a) => a.name));
    for (const u of cluster.units) {
      for (const d of u.dependsOn) {
        const dep = units.get(d);
        if (dep !== undefined && manual.has(dep.app))
          problems.report(
            at.unit(u.name),
            'k8s-flux-dependencies',
            `dependsOn "${d}", whose app ${dep.app} becomes ready only after a manual step, so ${u.name} would never deploy`,
            `remove the dependency (in the model's dependsOn, or move the object that implies it out of ${d})`,
          );
      }
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const reported = new Set<string>();
    const visit = (name: string, trail: readonly string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(name)), name];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          problems.report(
            at.unit(name),
            'k8s-flux-dependencies',
            `Flux dependency cycle: ${cycle.join(' → ')}`,
            'remove one dependsOn of the cycle in the model, or move the object that implies it (CRD use, Middleware reference) to another unit',
          );
        }
        return;
      }
      state.set(name, 'visiting');
      for (const d of units.get(name)?.dependsOn ?? []) if (units.has(d)) visit(d, [...trail, name]);
      state.set(name, 'done');
    };
    for (const u of cluster.units) visit(u.name, []);
  },
};

/** Flux applies each app as its own service account, whose Role covers the app's namespace only. */
export const fluxRbacScope: ManifestRule = {
  id: 'k8s-flux-rbac',
  description: "Every object of an app's units is in the app's namespace (Flux applies it with a Role of that namespace only).",
  check(cluster, _model, problems) {
    for (const app of cluster.apps) {
      const foreign = cluster.units
        .filter((u) => u.app === app.name)
        .flatMap((u) => u.objects)
        .filter((o) => o.metadata.namespace !== app.namespace);
      if (foreign.length > 0)
        problems.report(
          at.app(app.name),
          'k8s-flux-rbac',
          `its units hold objects outside namespace ${app.namespace} (${foreign.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}), which its Flux service account may not apply`,
          'keep every object of an app in its namespace',
        );
    }
  },
};
