/**
 * The reasoned tables of `npm run check:helm`: value keys the chart defaults do not show but the chart reads, objects a
 * person creates during bootstrap, and checkov checks that do not apply to an object a chart renders. Every entry
 * carries its reason; anything not listed must pass.
 */
import type { PersonCreated, PlatformPod } from './cross';
import type { AllowedValue } from './values';

/** Value key paths the chart reads although its values.yaml does not list them. */
export const ALLOWED_VALUES: readonly AllowedValue[] = [
  {
    release: 'traefik',
    path: 'service.spec',
    reason: 'traefik 41.3.0 values.yaml: "Additional entries here will be added to the Service spec" — a free-form ServiceSpec whose default only shows type',
  },
];

/** Secrets/ConfigMaps that exist before Flux applies anything: created by the bootstrap playbook from the vault. */
export const PERSON_CREATED: readonly PersonCreated[] = [];

/** Pods the platform itself runs, which our NetworkPolicies reach (k3s deploys them from its packaged manifests). */
export const PLATFORM_PODS: readonly PlatformPod[] = [
  {
    namespace: 'kube-system',
    name: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53 },
      { name: 'dns-tcp', port: 53 },
      { name: 'metrics', port: 9153 },
    ],
    providedBy: "k3s's packaged CoreDNS (manifests/coredns.yaml on every k3s server): every namespace's allow-dns-egress policy reaches it",
  },
];

export interface ChartCheckovSkip {
  readonly release: string;
  readonly check: string;
  /** kind/name of each rendered object the skip applies to (never a wildcard). */
  readonly objects: readonly string[];
  readonly reason: string;
}

/**
 * checkov checks skipped for objects a chart renders (added as checkov.io/skip annotations before the scan). Reasons
 * marked "follow-up" are gaps our values could close (chart values exist) and are listed for the charts/apps owner;
 * the others are what the component needs to work.
 */
const API_CLIENT = 'a controller that watches and changes Kubernetes objects through the API with its own service account token';
export const CHART_CHECKOV_SKIPS: readonly ChartCheckovSkip[] = [
  // traefik
  { release: 'traefik', check: 'CKV_K8S_38', objects: ['Deployment/traefik'], reason: `Traefik is ${API_CLIENT} (IngressRoutes, Services, EndpointSlices)` },
  {
    release: 'traefik',
    check: 'CKV_K8S_35',
    objects: ['Deployment/traefik'],
    reason: 'follow-up: lego (Traefik ACME) reads CF_DNS_API_TOKEN from the environment; CF_DNS_API_TOKEN_FILE with a secret volume would satisfy this',
  },
  // authentik (server and worker from the chart; PostgreSQL/Redis are our workloads)
  ...['CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_29', 'CKV_K8S_30', 'CKV_K8S_31', 'CKV_K8S_37'].map((check) => ({
    release: 'authentik',
    check,
    objects: ['Deployment/authentik-server', 'Deployment/authentik-worker'],
    reason:
      'follow-up: chart 2025.8.4 sets no pod or container security context by default (the image runs as uid 1000); server/worker.securityContext and containerSecurityContext values would set it',
  })),
  {
    release: 'authentik',
    check: 'CKV_K8S_35',
    objects: ['Deployment/authentik-server', 'Deployment/authentik-worker'],
    reason:
      'authentik reads its configuration (AUTHENTIK_SECRET_KEY, the database password) from environment variables; file:// references would need a secret volume per key (follow-up)',
  },
  {
    release: 'authentik',
    check: 'CKV_K8S_38',
    objects: ['Deployment/authentik-server', 'Deployment/authentik-worker'],
    reason:
      'the authentik worker manages outposts through the Kubernetes API (the chart binds its service account for that); the server shares the service account',
  },
  // kube-prometheus-stack
  {
    release: 'prometheus',
    check: 'CKV_K8S_38',
    objects: ['Deployment/kube-prometheus-stack-operator', 'Deployment/prometheus-kube-state-metrics'],
    reason: `prometheus-operator and kube-state-metrics are each ${API_CLIENT}`,
  },
  {
    release: 'prometheus',
    check: 'CKV_K8S_49',
    objects: ['ClusterRole/kube-prometheus-stack-operator'],
    reason: 'the operator owns every monitoring.coreos.com resource kind; the chart grants them with a wildcard in that one API group',
  },
  ...['CKV_K8S_11', 'CKV_K8S_13'].map((check) => ({
    release: 'prometheus',
    check,
    objects: ['DaemonSet/prometheus-prometheus-node-exporter', 'Deployment/prometheus-kube-state-metrics'],
    reason:
      'follow-up: the subcharts ship no resource limits (resources: {}); prometheus-node-exporter.resources / kube-state-metrics.resources values would set them',
  })),
  ...['CKV_K8S_10', 'CKV_K8S_12'].map((check) => ({
    release: 'prometheus',
    check,
    objects: ['DaemonSet/prometheus-prometheus-node-exporter'],
    reason: 'follow-up: prometheus-node-exporter ships no resource requests (resources: {}); its resources value would set them',
  })),
  {
    release: 'prometheus',
    check: 'CKV_K8S_17',
    objects: ['DaemonSet/prometheus-prometheus-node-exporter'],
    reason: "node-exporter reads the host's process table (hostPID) to report node metrics",
  },
  {
    release: 'prometheus',
    check: 'CKV_K8S_19',
    objects: ['DaemonSet/prometheus-prometheus-node-exporter'],
    reason: "node-exporter reports the node's own network interfaces, so it runs in the host network namespace",
  },
  ...['CKV_K8S_20', 'CKV_K8S_28', 'CKV_K8S_31', 'CKV_K8S_37'].map((check) => ({
    release: 'prometheus',
    check,
    objects: ['DaemonSet/prometheus-prometheus-node-exporter'],
    reason:
      'follow-up: the node-exporter subchart leaves allowPrivilegeEscalation, capabilities and seccomp unset in its container security context; its containerSecurityContext value would set them',
  })),
  // local-path-provisioner
  ...['CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_31', 'CKV_K8S_37'].map((check) => ({
    release: 'local-path-provisioner',
    check,
    objects: ['Deployment/local-path-provisioner'],
    reason: 'follow-up: containeroo chart 0.0.33 sets no security context by default; its securityContext/podSecurityContext values would set one',
  })),
  ...['CKV_K8S_8', 'CKV_K8S_9'].map((check) => ({
    release: 'local-path-provisioner',
    check,
    objects: ['Deployment/local-path-provisioner'],
    reason: 'the provisioner serves no HTTP endpoint to probe, and the chart defines no probes; a stuck provisioner shows as Pending PVCs',
  })),
  {
    release: 'local-path-provisioner',
    check: 'CKV_K8S_38',
    objects: ['Deployment/local-path-provisioner'],
    reason: `the provisioner is ${API_CLIENT} (PVCs, PVs, helper pods)`,
  },
  // velero
  ...['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'].map((check) => ({
    release: 'velero',
    check,
    objects: ['Deployment/velero'],
    reason:
      'follow-up: the velero container has requests and limits (our resources value); the velero-plugin-for-aws init container from our initContainers value has none',
  })),
  ...['CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_29', 'CKV_K8S_30', 'CKV_K8S_31', 'CKV_K8S_37'].map((check) => ({
    release: 'velero',
    check,
    objects: ['Deployment/velero'],
    reason: 'follow-up: chart 10.1.3 sets no security context by default; its podSecurityContext/containerSecurityContext values would set one',
  })),
  ...['CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_30', 'CKV_K8S_31', 'CKV_K8S_37'].map((check) => ({
    release: 'velero',
    check,
    objects: ['DaemonSet/node-agent'],
    reason:
      "the node agent reads every pod's volumes from the host (hostPath /var/lib/kubelet/pods) for file-system backups and restores files with their owners: it runs as root",
  })),
  ...['CKV_K8S_8', 'CKV_K8S_9'].map((check) => ({
    release: 'velero',
    check,
    objects: ['DaemonSet/node-agent'],
    reason: 'the node agent serves no endpoint to probe and the chart defines no probes; failed uploads show in the PodVolumeBackup status',
  })),
  {
    release: 'velero',
    check: 'CKV_K8S_38',
    objects: ['Deployment/velero', 'DaemonSet/node-agent'],
    reason: `Velero and its node agent are each ${API_CLIENT} (backups read and restore every resource)`,
  },
  ...['CKV_K8S_49', 'CKV_K8S_157', 'CKV_K8S_158'].map((check) => ({
    release: 'velero',
    check,
    objects: ['Role/velero-server'],
    reason: 'Velero restores any resource kind in its namespace, role bindings included; the chart grants that with a wildcard Role as Velero documents',
  })),
  ...['CKV2_K8S_1', 'CKV2_K8S_2', 'CKV2_K8S_3', 'CKV2_K8S_4', 'CKV2_K8S_5'].map((check) => ({
    release: 'velero',
    check,
    objects: ['RoleBinding/velero-server'],
    reason:
      'the binding of that wildcard Role: backing up and restoring a namespace reads every Secret and may recreate any object (see docs: Velero holds cluster-wide backup rights)',
  })),
];
