/**
 * Cross-checks that need the charts' rendered objects beside ours:
 *  - every Service (and port) an IngressRoute of ours routes to exists, with that port;
 *  - every NetworkPolicy peer (pod selector + port) of ours matches a pod that listens on that port, and every
 *    policy's own pods exist;
 *  - every Service of ours selects pods that exist and expose its target port;
 *  - every Secret / ConfigMap a pod references is rendered, created by our manifests, or created by a person.
 */
import { isMap, type Values } from './values';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: Values;
  readonly [key: string]: unknown;
}

/** Whether a parsed YAML document is an object with a kind (not an empty document, a list or a bare value). */
export function isK8sObject(v: unknown): v is K8sObject {
  return isMap(v) && v.kind !== undefined;
}

/** Where an object came from: a release's rendering or our manifests (k8s/). */
export interface Sourced {
  readonly object: K8sObject;
  readonly source: string;
}

export interface PersonCreated {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  /** The bootstrap step that creates it. */
  readonly createdBy: string;
}

interface PodTemplate {
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly spec: Values;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

function id(o: K8sObject, ns: string | undefined): string {
  return `${o.kind}/${ns === undefined ? '' : `${ns}/`}${o.metadata.name}`;
}

/**
 * The pods prometheus-operator creates for a Prometheus resource (a StatefulSet the charts do not render): the
 * operator labels them app.kubernetes.io/name=prometheus, operator.prometheus.io/name=<name>, prometheus=<name>,
 * app.kubernetes.io/instance=<name> and managed-by prometheus-operator, plus spec.podMetadata.labels; Prometheus
 * listens on 9090 (port name spec.portName, default http-web), its config reloader on 8080 (reloader-web).
 */
function prometheusPods(o: K8sObject): PodTemplate {
  const name = o.metadata.name;
  const ns = o.metadata.namespace ?? '';
  const extra = isMap(o.spec?.podMetadata) && isMap(o.spec.podMetadata.labels) ? (o.spec.podMetadata.labels as Record<string, string>) : {};
  const labels = {
    ...extra,
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'operator.prometheus.io/name': name,
    prometheus: name,
  };
  const portName = typeof o.spec?.portName === 'string' ? o.spec.portName : 'http-web';
  return {
    owner: `Prometheus/${ns}/${name} (operator StatefulSet)`,
    namespace: ns,
    labels,
    spec: {
      containers: [
        { name: 'prometheus', ports: [{ name: portName, containerPort: 9090 }] },
        { name: 'config-reloader', ports: [{ name: 'reloader-web', containerPort: 8080 }] },
      ],
    },
  };
}

/** The pod templates of workloads (namespace defaulted to the object's), and of the operator-made Prometheus pods. */
export function podTemplates(objects: readonly Sourced[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const { object: o } of objects) {
    if (o.kind === 'Prometheus' && o.apiVersion.startsWith('monitoring.coreos.com/')) {
      out.push(prometheusPods(o));
      continue;
    }
    if (!WORKLOAD_KINDS.has(o.kind)) continue;
    const ns = o.metadata.namespace ?? '';
    let tpl: Values | undefined;
    if (o.kind === 'Pod') tpl = { metadata: o.metadata, spec: o.spec };
    else if (o.kind === 'CronJob') tpl = ((o.spec?.jobTemplate as Values | undefined)?.spec as Values | undefined)?.template as Values | undefined;
    else tpl = o.spec?.template as Values | undefined;
    if (!isMap(tpl) || !isMap(tpl.spec)) continue;
    const labels = (isMap(tpl.metadata) && isMap(tpl.metadata.labels) ? tpl.metadata.labels : {}) as Record<string, string>;
    out.push({ owner: id(o, ns), namespace: ns, labels, spec: tpl.spec });
  }
  return out;
}

function containers(spec: Values): Values[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k] as Values[]) : []));
}

function containerPorts(spec: Values): { port: number; name?: string }[] {
  return containers(spec).flatMap((c) =>
    (Array.isArray(c.ports) ? (c.ports as Values[]) : []).map((p) => ({ port: Number(p.containerPort), name: p.name as string | undefined })),
  );
}

/** A pod the platform runs (not in k8s/ and not rendered by a chart), as an object the checks can select. */
export interface PlatformPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  /** Who runs it. */
  readonly providedBy: string;
}

export function platformPodObject(p: PlatformPod): Sourced {
  return {
    source: `platform: ${p.providedBy}`,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
      spec: { containers: [{ name: p.name, ports: p.ports.map((x) => ({ name: x.name, containerPort: x.port })) }] },
    },
  };
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function selectorOf(sel: unknown): Record<string, string> | undefined {
  if (!isMap(sel)) return undefined;
  if (Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0) return undefined; // not used by us
  return (isMap(sel.matchLabels) ? sel.matchLabels : {}) as Record<string, string>;
}

/** Pods of `namespace` selected by `selector` that listen on `port` (number, or a named container port). */
function podsOn(
  pods: readonly PodTemplate[],
  namespace: string,
  selector: Record<string, string>,
  port: number | string,
): { selected: PodTemplate[]; listening: PodTemplate[] } {
  const selected = pods.filter((p) => p.namespace === namespace && matches(selector, p.labels));
  const listening = selected.filter((p) => containerPorts(p.spec).some((c) => (typeof port === 'number' ? c.port === port : c.name === port)));
  return { selected, listening };
}

function services(objects: readonly Sourced[]): K8sObject[] {
  return objects.map((s) => s.object).filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
}

function servicePort(svc: K8sObject, port: number | string): Values | undefined {
  const ports = Array.isArray(svc.spec?.ports) ? (svc.spec.ports as Values[]) : [];
  return ports.find((p) => (typeof port === 'number' ? Number(p.port) === port : p.name === port));
}

/** IngressRoute services → Services with that port (TraefikService targets and api@internal are Traefik's own). */
export function checkRoutes(objects: readonly Sourced[]): string[] {
  const problems: string[] = [];
  const svcs = services(objects);
  for (const { object: o, source } of objects) {
    if (o.kind !== 'IngressRoute' && o.kind !== 'IngressRouteTCP') continue;
    const ns = o.metadata.namespace ?? '';
    const routes = Array.isArray(o.spec?.routes) ? (o.spec.routes as Values[]) : [];
    for (const r of routes) {
      for (const s of Array.isArray(r.services) ? (r.services as Values[]) : []) {
        if (s.kind !== undefined && s.kind !== 'Service') continue;
        const name = String(s.name);
        const target = (s.namespace as string | undefined) ?? ns;
        const port = typeof s.port === 'number' ? s.port : String(s.port);
        const svc = svcs.find((x) => x.metadata.name === name && (x.metadata.namespace ?? '') === target);
        if (svc === undefined)
          problems.push(
            `[${source}: ${id(o, ns)}] routes to Service ${target}/${name}, which neither a chart nor our manifests create — rule: helm-route-target — fix: point the route at a rendered Service`,
          );
        else if (servicePort(svc, port) === undefined)
          problems.push(
            `[${source}: ${id(o, ns)}] routes to port ${port} of Service ${target}/${name}, which has ports ${JSON.stringify((svc.spec?.ports as Values[] | undefined)?.map((p) => p.port) ?? [])} — rule: helm-route-target — fix: use a port the Service exposes`,
          );
      }
    }
  }
  return problems;
}

/** Our Services select rendered or our pods that expose the target port. */
export function checkServiceSelectors(objects: readonly Sourced[], ours: (source: string) => boolean): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  for (const { object: svc, source } of objects) {
    if (!ours(source) || svc.kind !== 'Service' || !isMap(svc.spec?.selector)) continue;
    const ns = svc.metadata.namespace ?? '';
    const selector = svc.spec.selector as Record<string, string>;
    for (const p of Array.isArray(svc.spec.ports) ? (svc.spec.ports as Values[]) : []) {
      const target = (p.targetPort ?? p.port) as number | string;
      const { selected, listening } = podsOn(pods, ns, selector, target);
      if (selected.length === 0)
        problems.push(
          `[${source}: ${id(svc, ns)}] selects ${JSON.stringify(selector)}, which matches no pod in ${ns} — rule: helm-service-selector — fix: use the labels the chart puts on its pods`,
        );
      else if (listening.length === 0)
        problems.push(
          `[${source}: ${id(svc, ns)}] targets port ${target}, on which none of ${selected.map((s) => s.owner).join(', ')} listens — rule: helm-service-selector — fix: use the chart's container port`,
        );
    }
  }
  return problems;
}

/** NetworkPolicies: their pods exist; every peer+port they allow reaches a pod listening there. */
export function checkNetworkPolicies(objects: readonly Sourced[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  for (const { object: np, source } of objects) {
    if (np.kind !== 'NetworkPolicy') continue;
    const ns = np.metadata.namespace ?? '';
    const own = selectorOf(np.spec?.podSelector);
    const where = `${source}: ${id(np, ns)}`;
    // An empty podSelector (the whole namespace) is a default policy: nothing to look up.
    const ownPods = own !== undefined && Object.keys(own).length > 0 ? pods.filter((p) => p.namespace === ns && matches(own, p.labels)) : undefined;
    if (ownPods?.length === 0)
      problems.push(
        `[${where}] applies to ${JSON.stringify(own)}, which matches no pod in ${ns} — rule: helm-network-target — fix: use the labels the chart puts on its pods`,
      );
    // Ingress ports: the policy's own pods must listen there.
    for (const rule of Array.isArray(np.spec?.ingress) ? (np.spec.ingress as Values[]) : []) {
      for (const p of Array.isArray(rule.ports) ? (rule.ports as Values[]) : []) {
        if (ownPods === undefined || ownPods.length === 0 || p.port === undefined) continue;
        const port = p.port as number | string;
        if (!ownPods.some((pod) => containerPorts(pod.spec).some((c) => (typeof port === 'number' ? c.port === port : c.name === port))))
          problems.push(
            `[${where}] admits port ${port}, on which none of ${ownPods.map((x) => x.owner).join(', ')} listens — rule: helm-network-target — fix: use the chart's container port`,
          );
      }
    }
    // Egress peers selected by pod (and namespace) labels: a pod there must listen on the port.
    for (const rule of Array.isArray(np.spec?.egress) ? (np.spec.egress as Values[]) : []) {
      const ports = (Array.isArray(rule.ports) ? (rule.ports as Values[]) : [])
        .map((p) => p.port as number | string | undefined)
        .filter((p) => p !== undefined);
      for (const peer of Array.isArray(rule.to) ? (rule.to as Values[]) : []) {
        const podSel = selectorOf(peer.podSelector);
        if (podSel === undefined || Object.keys(podSel).length === 0) continue;
        const nsSel = selectorOf(peer.namespaceSelector);
        const peerNs = nsSel === undefined ? ns : (nsSel['kubernetes.io/metadata.name'] as string | undefined);
        if (peerNs === undefined) continue;
        for (const port of ports) {
          const { selected, listening } = podsOn(pods, peerNs, podSel, port);
          if (selected.length === 0)
            problems.push(
              `[${where}] allows egress to ${JSON.stringify(podSel)} in ${peerNs}, which matches no pod — rule: helm-network-target — fix: use the labels the chart puts on its pods`,
            );
          else if (listening.length === 0)
            problems.push(
              `[${where}] allows egress to port ${port} of ${selected.map((x) => x.owner).join(', ')}, which do not listen on it — rule: helm-network-target — fix: use the chart's container port`,
            );
        }
      }
    }
  }
  return [...new Set(problems)];
}

/** Secret and ConfigMap names a pod template needs (optional references excluded). */
export function podReferences(spec: Values): { kind: 'Secret' | 'ConfigMap'; name: string }[] {
  const refs: { kind: 'Secret' | 'ConfigMap'; name: string }[] = [];
  const add = (kind: 'Secret' | 'ConfigMap', ref: unknown, nameKey = 'name') => {
    if (isMap(ref) && ref.optional !== true && typeof ref[nameKey] === 'string') refs.push({ kind, name: ref[nameKey] });
  };
  for (const v of Array.isArray(spec.volumes) ? (spec.volumes as Values[]) : []) {
    add('Secret', v.secret, 'secretName');
    add('ConfigMap', v.configMap);
    for (const s of isMap(v.projected) && Array.isArray(v.projected.sources) ? (v.projected.sources as Values[]) : []) {
      add('Secret', s.secret);
      add('ConfigMap', s.configMap);
    }
  }
  for (const c of containers(spec)) {
    for (const e of Array.isArray(c.env) ? (c.env as Values[]) : []) {
      if (!isMap(e.valueFrom)) continue;
      add('Secret', e.valueFrom.secretKeyRef);
      add('ConfigMap', e.valueFrom.configMapKeyRef);
    }
    for (const e of Array.isArray(c.envFrom) ? (c.envFrom as Values[]) : []) {
      add('Secret', e.secretRef);
      add('ConfigMap', e.configMapRef);
    }
  }
  for (const s of Array.isArray(spec.imagePullSecrets) ? (spec.imagePullSecrets as Values[]) : []) add('Secret', s);
  return refs;
}

/** Every Secret/ConfigMap a pod needs exists: rendered, ours, or created by a person (table). */
export function checkPodReferences(objects: readonly Sourced[], byPerson: readonly PersonCreated[]): string[] {
  const problems: string[] = [];
  const have = new Set(
    objects
      .filter((s) => s.object.kind === 'Secret' || s.object.kind === 'ConfigMap')
      .map((s) => `${s.object.kind}/${s.object.metadata.namespace ?? ''}/${s.object.metadata.name}`),
  );
  for (const p of byPerson) have.add(`${p.kind}/${p.namespace}/${p.name}`);
  const sourceOf = new Map(objects.map((s) => [id(s.object, s.object.metadata.namespace ?? ''), s.source]));
  for (const pod of podTemplates(objects)) {
    for (const ref of podReferences(pod.spec)) {
      if (!have.has(`${ref.kind}/${pod.namespace}/${ref.name}`))
        problems.push(
          `[${sourceOf.get(pod.owner) ?? '?'}: ${pod.owner}] needs ${ref.kind} ${pod.namespace}/${ref.name}, which is not rendered, not in k8s/ and not created by a person — rule: helm-pod-references — fix: create it in our manifests, set the chart value that creates it, or list its bootstrap step in checks/helm/exceptions.ts`,
        );
    }
  }
  return [...new Set(problems)];
}
