/** View 4, the Kubernetes platform: Flux, Traefik, Authentik, monitoring, the apps, their PVCs and the NFS media share. */
import { nodeId, type Flowchart } from '../mermaid';
import { k8sNames } from '../../naming/names';
import { authOf, liveMediaPool } from '../../model/lookup';
import type { AppSpec, KubernetesClusterSpec, WithFields } from '../../model/types';
import { AUTH_PROVIDER, type ArchitectureView, type DocsContext, dataDiskNodes, groupBy, ids, nameLines, newChart } from './common';

/** The GitOps controller's app name (the app that applies k8s/). */
export const GITOPS_APP = 'flux';

const APP_CLASSES: Readonly<Record<string, readonly string[]>> = {
  traefik: ['ingress'],
  authentik: ['auth'],
};

function appLabel(app: AppSpec): readonly string[] {
  const what = app.chart ? `Helm ${app.chart.name} ${app.chart.version}` : app.image ? `image ${app.image.tag}` : 'controller';
  return [app.name, `${app.tier} · ${what}`];
}

function clusterBox(chart: Flowchart, cluster: KubernetesClusterSpec, apps: readonly AppSpec[]): void {
  chart.subgraph(ids.cluster(cluster.name), [`Kubernetes ${cluster.name}`, `${cluster.distribution} ${cluster.version}`], (c) => {
    for (const [namespace, members] of groupBy(apps, (a) => a.namespace)) {
      c.subgraph(nodeId('ns', cluster.name, namespace), `namespace ${namespace}`, (ns) => {
        for (const a of members) ns.node(ids.app(a.name), appLabel(a), { classes: APP_CLASSES[a.name] ?? [] });
      });
    }
    const withVolume = apps.filter((a): a is WithFields<AppSpec, 'volume'> => a.volume !== undefined);
    if (withVolume.length > 0) {
      c.subgraph(nodeId('pvcs', cluster.name), 'Persistent volume claims', (v) => {
        for (const a of withVolume)
          v.node(nodeId('pvc', a.name), [`${a.name} volume`, `${a.volume.sizeGiB} GiB · ${a.volume.storageClass}`], {
            shape: 'cylinder',
            classes: ['storage'],
          });
      });
    }
    for (const sc of cluster.storageClasses) c.node(nodeId('sc', cluster.name, sc), `storage class ${sc}`, { shape: 'subroutine', classes: ['storage'] });
  });
}

function build(ctx: DocsContext): Flowchart {
  const { model } = ctx;
  const chart = newChart('TD');
  const appsByCluster = groupBy(model.apps, (a) => a.cluster);
  const git = chart.node(nodeId('git'), [`Git repository ${k8sNames.gitRepository}`, `branch ${model.gitops.branch} · k8s/`], {
    shape: 'cylinder',
    classes: ['gate'],
  });
  const requests = chart.node(nodeId('requests'), ['Requests', 'from the tunnel or the LAN'], { shape: 'stadium', classes: ['person'] });
  const mediaPool = liveMediaPool(model);

  for (const cluster of model.clusters) {
    const apps = appsByCluster.get(cluster.name) ?? [];
    clusterBox(chart, cluster, apps);
    const disks = chart.node(nodeId('nodedisks', cluster.name), ['Node data disks', ...nameLines(dataDiskNodes(ctx, cluster).map((g) => g.name))], {
      shape: 'cylinder',
      classes: ['storage'],
    });
    const flux = apps.find((a) => a.name === GITOPS_APP);
    const ingress = apps.find((a) => a.name === model.edge.applicationIngress);
    const authApp = apps.find((a) => a.name === AUTH_PROVIDER);
    const monitor = apps.find((a) => a.chart?.name === 'kube-prometheus-stack');

    if (flux) {
      chart.edge(git, ids.app(flux.name), { label: 'pulls' });
      for (const ns of groupBy(apps, (a) => a.namespace).keys()) {
        if (ns !== flux.namespace) chart.edge(ids.app(flux.name), nodeId('ns', cluster.name, ns), { label: 'reconciles' });
      }
    }
    if (ingress) {
      chart.edge(requests, ids.app(ingress.name));
      for (const a of apps) if (a.exposure && a.name !== ingress.name) chart.edge(ids.app(ingress.name), ids.app(a.name), { label: a.exposure.hostname });
      if (authApp && apps.some((a) => a.exposure && authOf(a.exposure) === 'authentik')) {
        chart.edge(ids.app(ingress.name), ids.app(authApp.name), { label: 'forward-auth', style: 'dotted' });
      }
    }
    if (monitor)
      for (const a of apps) if (a.metrics && a.name !== monitor.name) chart.edge(ids.app(monitor.name), ids.app(a.name), { label: 'scrapes', style: 'dotted' });
    for (const a of apps) {
      if (!a.volume) continue;
      chart.edge(ids.app(a.name), nodeId('pvc', a.name), { label: a.volume.mountPath });
      if (cluster.storageClasses.includes(a.volume.storageClass)) chart.edge(nodeId('pvc', a.name), nodeId('sc', cluster.name, a.volume.storageClass));
    }
    for (const sc of cluster.storageClasses) {
      const provisioner = apps.find((a) => a.name.startsWith(`${sc}-`));
      if (provisioner) chart.edge(ids.app(provisioner.name), nodeId('sc', cluster.name, sc), { label: 'provides', style: 'dotted' });
      chart.edge(nodeId('sc', cluster.name, sc), disks, { label: 'volumes on' });
    }
    if (mediaPool) {
      const share = ids.storage(mediaPool.name);
      if (!chart.has(share)) {
        chart.node(share, [`NFS share ${mediaPool.name}`, `on ${mediaPool.host}`], { shape: 'cylinder', classes: ['storage'] });
      }
      for (const a of apps) if (a.media) chart.edge(ids.app(a.name), share, { label: 'NFS /media' });
    }
    for (const source of model.backups.sources) {
      if (!('cluster' in source.from) || source.from.cluster !== cluster.name) continue;
      const bucket = ids.bucket(model.backups.bucket);
      if (!chart.has(bucket)) chart.node(bucket, [model.backups.bucket, `S3 in ${model.backups.location}`], { shape: 'cylinder', classes: ['cloud'] });
      const tool = apps.find((a) => a.name === source.tool);
      chart.edge(tool ? ids.app(tool.name) : ids.cluster(cluster.name), bucket, { label: `${source.tool} → ${source.prefix}` });
    }
  }
  return chart;
}

export const platformView: ArchitectureView = {
  name: 'platform',
  title: 'Kubernetes platform',
  question: 'What runs inside the cluster, how does it get there, and where does it keep its data?',
  audience: 'whoever deploys or runs an app in the cluster',
  explain: (ctx) => {
    const apps = ctx.model.apps;
    const platform = apps.filter((a) => a.tier === 'platform').length;
    return [
      `${apps.length} apps in ${new Set(apps.map((a) => a.namespace)).size} namespaces: ${platform} platform parts and ${apps.length - platform} applications. ` +
        `Flux pulls \`k8s/\` from the repository and reconciles one Kustomization per app; Traefik routes each hostname, asking Authentik first where forward-auth applies; Prometheus scrapes what exposes metrics.`,
      `Config and data volumes are PVCs (storage classes ${[...new Set(ctx.model.clusters.flatMap((c) => c.storageClasses))].map((c) => `\`${c}\``).join(', ')}) on the nodes' data disks; ` +
        'media is an NFS share mounted straight into the pods that need it, from the pool the live storage stage names.',
    ];
  },
  build,
};
