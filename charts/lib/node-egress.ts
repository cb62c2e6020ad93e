/**
 * Egress from an app's pods to the cluster nodes (API server, kubelets, node exporters). The nodes' addresses are on a
 * private network that `allow-external-egress` leaves out, and their CIDR is a secret: this policy lives in the app's
 * unit (Flux substitutes `${CIDR_<node network>}`), for the ports of the services the module names, and only where a
 * model flow from the node network to itself allows that service (pods leave the node with its address).
 */
import { fail } from '../../model/errors';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { clusterNodeNetwork } from '../../model/lookup';
import { secretNames } from '../../model/secrets';
import { servicePorts } from '../../model/services';
import type { AppSpec, Homelab, KubernetesClusterSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import type { AppModule } from '../module';
import { NAME_LABEL } from './labels';
import { renderAddressEgress } from './network';

/** Labels selecting the pods of the app: its own workload's, or (chart apps) every pod of the namespace but our workloads'. */
function appPods(model: Homelab, spec: AppSpec, module: AppModule, modules: Readonly<Record<string, AppModule>>): kplus.k8s.LabelSelector {
  if (spec.chart === undefined) return { matchLabels: { ...module.pods(spec) } };
  const ours = model.apps
    .filter((a) => a.namespace === spec.namespace && a.cluster === spec.cluster && a.chart === undefined && Object.hasOwn(modules, a.name))
    .map((a): string | undefined => modules[a.name].pods(a)[NAME_LABEL])
    .filter((n): n is string => n !== undefined);
  return ours.length === 0 ? {} : { matchExpressions: [{ key: NAME_LABEL, operator: 'NotIn', values: ours.sort() }] };
}

export function nodeEgress(
  scope: Construct,
  model: Homelab,
  cluster: KubernetesClusterSpec,
  spec: AppSpec,
  module: AppModule,
  modules: Readonly<Record<string, AppModule>>,
  subst: (secret: string) => string,
): void {
  const services = module.nodeServices ?? [];
  if (services.length === 0) return;
  const network = clusterNodeNetwork(model, cluster.name);
  if (network === undefined)
    fail(`clusters/${cluster.name}`, 'cluster-nodes', 'it has no control-plane guest with a network', 'list an existing guest in controlPlane');
  const allowed = new Set(model.flows.filter((f) => f.from === network && f.to === network).flatMap((f) => f.services));
  const missing = services.filter((s) => !allowed.has(s) && !allowed.has('any'));
  if (missing.length > 0)
    fail(
      `apps/${spec.name}`,
      'deploy-app-chart-needs',
      `its pods call ${missing.join(', ')} on the cluster nodes, which no flow ${network} → ${network} allows`,
      `add ${missing.join(', ')} to that flow`,
    );
  renderAddressEgress(scope, `policy-${spec.name}-nodes`, {
    name: k8sNames.nodeEgressPolicy(spec.name),
    namespace: spec.namespace,
    podSelector: appPods(model, spec, module, modules),
    cidrs: [subst(secretNames.cidr(network))],
    ports: services.flatMap((s) => servicePorts(s)),
  });
}
