/**
 * One container workload of ours (cdk8s-plus-28): a Deployment with a pinned image, requests/limits, probes and a
 * non-root, read-only security context, plus a Service when it listens on a port. What the workload needs beyond that
 * is said with intent methods, so a chart reads like what it means:
 *
 *   new AppWorkload(chart, 'workload', { name, image, port, probe, resources })
 *     .persist({ ...spec.volume, claimName })   // its config/data PVC
 *     .mountMedia(share)                         // the media share at /media
 *     .scratch('/tmp')                           // writable emptyDirs (the root filesystem is read-only)
 *     .allowEgressTo(policy, cidrs, ports)       // a NetworkPolicy to addresses outside the cluster
 *     .exposeVia({ app: spec, domain, authNamespace });
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ServicePort } from '../../model/services';
import type { ContainerImageSpec, PersistentVolumeSpec } from '../../model/types';
import { METRICS_LABEL, NAME_LABEL, podLabels, selectorOf } from './labels';
import { renderAddressEgress } from './network';
import { AppRoute, type AppRouteProps } from './route';

/** CPU in millicores and memory in MiB, request and limit. */
export interface ResourceProfile {
  readonly cpu: readonly [request: number, limit: number];
  readonly memoryMiB: readonly [request: number, limit: number];
}

export type ProbeSpec =
  | { readonly kind: 'http'; readonly path: string; readonly port?: number }
  | { readonly kind: 'command'; readonly command: readonly string[] }
  | { readonly kind: 'tcp'; readonly port: number };

/** An environment value: a literal (may hold a `${SUBSTITUTION}`) or a key of a Secret. */
export type EnvSource = string | { readonly secret: kplus.ISecret; readonly key: string };

/** What every workload has: identity, image, the port it serves, health and size. Everything else is a method. */
export interface AppWorkloadProps {
  /** Name of the Deployment, its Service and its pods' name label. */
  readonly name: string;
  /** The app it belongs to (part-of label). @default name */
  readonly partOf?: string;
  /** Role of the component (component label), e.g. database, cache, outpost. @default none */
  readonly component?: string;
  readonly image: ContainerImageSpec;
  /** Port it serves; gets a Service whose port is named `portName`. @default no Service */
  readonly port?: number;
  /** Service and container port name. @default 'http' */
  readonly portName?: string;
  readonly resources: ResourceProfile;
  /** Liveness, readiness and (more patient) startup probe; an http probe without a port asks `port`. */
  readonly probe: ProbeSpec;
  /** Numeric user (and group) the container runs as. @default 1000 */
  readonly user?: number;
  /** Group owning mounted volumes. @default user */
  readonly fsGroup?: number;
  readonly args?: readonly string[];
  /** Deployment annotations (e.g. a justified `checkov.io/skip1`). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The NFS share of the media pool, as the pods mount it. */
export interface MediaShare {
  /** NFS server (a Flux substitution: the address is a secret). */
  readonly server: string;
  readonly path: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** Where secret files are mounted. */
export const SECRET_FILES_DIR = '/run/secrets';

/** Pod annotation naming the volumes Velero's file-system backup copies (opt-in: nothing else is copied). */
export const VELERO_BACKUP_VOLUMES = 'backup.velero.io/backup-volumes';
/** Name of the pod volume of the model's config/data volume. */
export const DATA_VOLUME = 'data';

const MEDIA_MOUNT = '/media';

export class AppWorkload extends Construct {
  readonly deployment: kplus.Deployment;
  readonly container: kplus.Container;
  readonly service?: kplus.Service;
  readonly labels: Readonly<Record<string, string>>;
  private readonly props: AppWorkloadProps;
  private claimed?: kplus.PersistentVolumeClaim;
  private scratchCount = 0;
  private secretFileCount = 0;

  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    this.props = props;
    const user = props.user ?? 1000;
    this.labels = podLabels(props.name, props.partOf, props.component);
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: props.name, labels: this.labels, annotations: props.annotations ? { ...props.annotations } : undefined },
      replicas: 1,
      select: false,
      podMetadata: { labels: this.labels },
      strategy: kplus.DeploymentStrategy.rollingUpdate(),
      automountServiceAccountToken: false,
      securityContext: {
        user,
        group: user,
        fsGroup: props.fsGroup ?? user,
        ensureNonRoot: true,
        fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selectorOf(props.name) }));
    // cdk8s-plus labels pods with a hash of their construct path; our selectors use the name label instead.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    const probe = toProbe(props.probe, props.port);
    this.container = this.deployment.addContainer({
      name: props.name,
      image: `${props.image.repository}:${props.image.tag}`,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: props.args ? [...props.args] : undefined,
      ports: props.port === undefined ? [] : [{ number: props.port, name: props.portName ?? 'http' }],
      resources: {
        cpu: { request: kplus.Cpu.millis(props.resources.cpu[0]), limit: kplus.Cpu.millis(props.resources.cpu[1]) },
        memory: { request: Size.mebibytes(props.resources.memoryMiB[0]), limit: Size.mebibytes(props.resources.memoryMiB[1]) },
      },
      liveness: probe,
      readiness: probe,
      startup: toProbe(props.probe, props.port, { failureThreshold: 30 }),
      securityContext: {
        user,
        group: user,
        ensureNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    });
    if (props.port !== undefined) {
      this.service = new kplus.Service(this, 'service', {
        metadata: { name: props.name, labels: { [NAME_LABEL]: props.name } },
        ports: [{ name: props.portName ?? 'http', port: props.port, targetPort: props.port }],
      });
      for (const [k, v] of Object.entries(selectorOf(props.name))) this.service.selectLabel(k, v);
    }
  }

  /** The PVC of the config/data volume (after `persist`). */
  get claim(): kplus.PersistentVolumeClaim | undefined {
    return this.claimed;
  }

  /** Environment variables, literal or from a Secret key. */
  env(vars: Readonly<Record<string, EnvSource>>): this {
    for (const [key, value] of Object.entries(vars)) {
      this.container.env.addVariable(
        key,
        typeof value === 'string' ? kplus.EnvValue.fromValue(value) : kplus.EnvValue.fromSecretValue({ secret: value.secret, key: value.key }),
      );
    }
    return this;
  }

  /**
   * Hands Secret keys over as files (read-only, only that key), with `env` naming the file: for images that read
   * `*_FILE`-style settings instead of the secret itself.
   */
  secretFiles(files: readonly { readonly env: string; readonly secret: kplus.ISecret; readonly key: string }[]): this {
    for (const f of files) {
      const i = this.secretFileCount++;
      const dir = `${SECRET_FILES_DIR}/${f.key.toLowerCase()}`;
      const volume = kplus.Volume.fromSecret(this, `secret-file${i}`, f.secret, {
        name: `secret-${i}`,
        defaultMode: 0o440,
        items: { [f.key]: { path: 'value' } },
      });
      this.container.mount(dir, volume, { readOnly: true });
      this.container.env.addVariable(f.env, kplus.EnvValue.fromValue(`${dir}/value`));
    }
    return this;
  }

  /**
   * Keeps state on the model's volume: a ReadWriteOnce PVC mounted at its path, the Recreate strategy (a second pod
   * could not attach it), and the Velero backup annotation when the model opts the volume in.
   */
  persist(volume: PersistentVolumeSpec & { readonly claimName: string }): this {
    if (this.claimed !== undefined) throw new Error(`AppWorkload ${this.props.name}: persist() called twice (a workload has one config/data volume)`);
    this.claimed = new kplus.PersistentVolumeClaim(this, 'claim', {
      metadata: { name: volume.claimName, labels: this.labels },
      storageClassName: volume.storageClass,
      storage: Size.gibibytes(volume.sizeGiB),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    this.container.mount(volume.mountPath, kplus.Volume.fromPersistentVolumeClaim(this, 'data', this.claimed, { name: DATA_VOLUME }));
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.replace('/spec/strategy', { type: 'Recreate' }));
    if (volume.backup === true) this.deployment.podMetadata.addAnnotation(VELERO_BACKUP_VOLUMES, DATA_VOLUME);
    return this;
  }

  /** Mounts the media share at /media, straight from NFS. */
  mountMedia(share: MediaShare): this {
    this.container.mount(MEDIA_MOUNT, kplus.Volume.fromNfs(this, 'media', 'media', { server: share.server, path: share.path, readOnly: share.readOnly }), {
      readOnly: share.readOnly,
    });
    return this;
  }

  /** Writable scratch directories (emptyDir), since the root filesystem is read-only. */
  scratch(...dirs: readonly string[]): this {
    for (const dir of dirs) {
      const i = this.scratchCount++;
      this.container.mount(dir, kplus.Volume.fromEmptyDir(this, `scratch${i}`, `scratch-${i}`));
    }
    return this;
  }

  /**
   * Lets Prometheus scrape it: the Service carries the app's metrics label (its ServiceMonitor selects it) and, when
   * the metrics port is not the served one, a second port `metrics` on the container and the Service.
   */
  exposeMetrics(port: number): this {
    if (this.service === undefined) throw new Error(`AppWorkload ${this.props.name}: exposeMetrics() without a served port (give the workload a port)`);
    if (port !== this.props.port) {
      this.container.addPort({ number: port, name: 'metrics' });
      this.service.bind(port, { name: 'metrics', targetPort: port });
    }
    this.service.metadata.addLabel(METRICS_LABEL, this.props.partOf ?? this.props.name);
    return this;
  }

  /**
   * Lets its pods reach addresses outside the cluster (`cidrs`, Flux substitutions) on the ports of a service: a
   * NetworkPolicy of its own, since the namespace's internet egress leaves private ranges out.
   */
  allowEgressTo(policyName: string, cidrs: readonly string[], ports: readonly ServicePort[]): this {
    renderAddressEgress(this, `egress-${policyName}`, { name: policyName, podSelector: { matchLabels: selectorOf(this.props.name) }, cidrs, ports });
    return this;
  }

  /** Publishes its Service on the app's hostname (route.ts: forward-auth unless the model marks the app public). */
  exposeVia(route: Omit<AppRouteProps, 'service'>): AppRoute {
    if (this.service === undefined) throw new Error(`AppWorkload ${this.props.name}: exposeVia() without a served port (give the workload a port)`);
    return new AppRoute(this, 'route', { ...route, service: this.service.name });
  }
}

function toProbe(spec: ProbeSpec, port: number | undefined, extra: { failureThreshold?: number } = {}): kplus.Probe {
  const timing = {
    initialDelaySeconds: Duration.seconds(0),
    periodSeconds: Duration.seconds(10),
    timeoutSeconds: Duration.seconds(5),
    failureThreshold: extra.failureThreshold ?? 3,
  };
  switch (spec.kind) {
    case 'http':
      return kplus.Probe.fromHttpGet(spec.path, { port: spec.port ?? port, ...timing });
    case 'command':
      return kplus.Probe.fromCommand([...spec.command], timing);
    case 'tcp':
      return kplus.Probe.fromTcpSocket({ port: spec.port, ...timing });
  }
}
