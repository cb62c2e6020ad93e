/**
 * One container workload of ours (cdk8s-plus-28): a Deployment with pinned image, requests/limits, probes, a non-root
 * security context, its config PVC, the media share and a Service. Reads like what it means:
 * `new AppWorkload(chart, 'jellyfin', {...}).service`.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerImageSpec, PersistentVolumeSpec } from '../../model/types';
import { METRICS_LABEL, NAME_LABEL, podLabels, selectorOf } from './labels';

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

export interface AppWorkloadProps {
  /** Name of the Deployment, its Service and its pods' name label. */
  readonly name: string;
  /** The app it belongs to (part-of label). @default name */
  readonly partOf?: string;
  /** Role of the component (component label), e.g. database, cache, outpost. @default none */
  readonly component?: string;
  readonly image: ContainerImageSpec;
  /** Port of the HTTP (or TCP) service; the Service port is named `http`. @default no Service */
  readonly port?: number;
  /** Service port name. @default 'http' */
  readonly portName?: string;
  readonly resources: ResourceProfile;
  /** Liveness and readiness probe. */
  readonly probe: ProbeSpec;
  /** Numeric user (and group) the container runs as. @default 1000 */
  readonly user?: number;
  /** Group owning mounted volumes. @default user */
  readonly fsGroup?: number;
  readonly env?: Readonly<Record<string, EnvSource>>;
  readonly args?: readonly string[];
  /** Config/data volume from the model, claimed as `claimName`. @default none */
  readonly volume?: PersistentVolumeSpec & { readonly claimName: string };
  /** The media share mounted at /media, straight from NFS (server through a substitution). @default none */
  readonly media?: { readonly server: string; readonly path: string; readonly readOnly?: boolean };
  /** Writable scratch directories (emptyDir), since the root filesystem is read-only. @default none */
  readonly scratch?: readonly string[];
  /** Metrics port; a second Service port `metrics` when it differs from `port`. @default none */
  readonly metricsPort?: number;
  /**
   * Secret keys handed over as files (read-only, only that key) with `env` naming the file, for images that read
   * `*_FILE`-style settings. @default none
   */
  readonly secretFiles?: ReadonlyArray<{ readonly env: string; readonly secret: kplus.ISecret; readonly key: string }>;
  /** Deployment annotations (e.g. a justified `checkov.io/skip1`). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
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
  readonly service?: kplus.Service;
  readonly claim?: kplus.PersistentVolumeClaim;
  readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    const user = props.user ?? 1000;
    this.labels = podLabels(props.name, props.partOf, props.component);
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: props.name, labels: this.labels, annotations: props.annotations ? { ...props.annotations } : undefined },
      replicas: 1,
      select: false,
      podMetadata: { labels: this.labels, annotations: props.volume?.backup === true ? { [VELERO_BACKUP_VOLUMES]: DATA_VOLUME } : undefined },
      strategy: props.volume ? kplus.DeploymentStrategy.recreate() : kplus.DeploymentStrategy.rollingUpdate(),
      automountServiceAccountToken: false,
      securityContext: { user, group: user, fsGroup: props.fsGroup ?? user, ensureNonRoot: true, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selectorOf(props.name) }));
    // cdk8s-plus labels pods with a hash of their construct path; our selectors use the name label instead.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    const probe = toProbe(props.probe, props.port);
    const container = this.deployment.addContainer({
      name: props.name,
      image: `${props.image.repository}:${props.image.tag}`,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: props.args ? [...props.args] : undefined,
      ports: props.port === undefined ? [] : [{ number: props.port, name: props.portName ?? 'http' }, ...(props.metricsPort !== undefined && props.metricsPort !== props.port ? [{ number: props.metricsPort, name: 'metrics' }] : [])],
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
    for (const [key, value] of Object.entries(props.env ?? {})) {
      container.env.addVariable(key, typeof value === 'string' ? kplus.EnvValue.fromValue(value) : kplus.EnvValue.fromSecretValue({ secret: value.secret, key: value.key }));
    }
    (props.secretFiles ?? []).forEach((f, i) => {
      const dir = `${SECRET_FILES_DIR}/${f.key.toLowerCase()}`;
      const volume = kplus.Volume.fromSecret(this, `secret-file${i}`, f.secret, { name: `secret-${i}`, defaultMode: 0o440, items: { [f.key]: { path: 'value' } } });
      container.mount(dir, volume, { readOnly: true });
      container.env.addVariable(f.env, kplus.EnvValue.fromValue(`${dir}/value`));
    });
    if (props.volume) {
      this.claim = new kplus.PersistentVolumeClaim(this, 'claim', {
        metadata: { name: props.volume.claimName, labels: this.labels },
        storageClassName: props.volume.storageClass,
        storage: Size.gibibytes(props.volume.sizeGiB),
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      });
      container.mount(props.volume.mountPath, kplus.Volume.fromPersistentVolumeClaim(this, 'data', this.claim, { name: DATA_VOLUME }));
    }
    if (props.media) container.mount(MEDIA_MOUNT, kplus.Volume.fromNfs(this, 'media', 'media', { server: props.media.server, path: props.media.path, readOnly: props.media.readOnly }), { readOnly: props.media.readOnly });
    (props.scratch ?? []).forEach((dir, i) => container.mount(dir, kplus.Volume.fromEmptyDir(this, `scratch${i}`, `scratch-${i}`)));
    if (props.port !== undefined) {
      const ports: kplus.ServicePort[] = [{ name: props.portName ?? 'http', port: props.port, targetPort: props.port }];
      if (props.metricsPort !== undefined && props.metricsPort !== props.port) ports.push({ name: 'metrics', port: props.metricsPort, targetPort: props.metricsPort });
      const labels: Record<string, string> = { [NAME_LABEL]: props.name };
      if (props.metricsPort !== undefined) labels[METRICS_LABEL] = props.partOf ?? props.name;
      this.service = new kplus.Service(this, 'service', { metadata: { name: props.name, labels }, ports });
      for (const [k, v] of Object.entries(selectorOf(props.name))) this.service.selectLabel(k, v);
    }
  }
}

function toProbe(spec: ProbeSpec, port: number | undefined, extra: { failureThreshold?: number } = {}): kplus.Probe {
  const timing = { initialDelaySeconds: Duration.seconds(0), periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(5), failureThreshold: extra.failureThreshold ?? 3 };
  switch (spec.kind) {
    case 'http':
      return kplus.Probe.fromHttpGet(spec.path, { port: spec.port ?? port, ...timing });
    case 'command':
      return kplus.Probe.fromCommand([...spec.command], timing);
    case 'tcp':
      return kplus.Probe.fromTcpSocket({ port: spec.port, ...timing });
  }
}
