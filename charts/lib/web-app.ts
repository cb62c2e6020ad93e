/**
 * `webApp()`: the module of a container app that serves HTTP — one Deployment from the model's image and port, its
 * Service, the config PVC when the model gives it a volume, the media share when the model says `media` (and, for a
 * writer, egress to the download client), and the IngressRoute when it has an exposure. An app with an image and no
 * module of its own gets `webApp()` with the defaults below (charts/index.ts), so a new public web app is one entry in
 * homelab.ts; an app whose image needs a health path, sizing or writable paths of its own passes a profile from its
 * file in charts/apps/.
 */
import { fail } from '../../model/errors';
import { servicePorts } from '../../model/services';
import type { AppSpec } from '../../model/types';
import { k8sNames } from '../../naming/names';
import type { AppModule, PodSecurityLevel } from '../module';
import { downloadClientAddresses } from './guest-egress';
import { selectorOf } from './labels';
import { mediaOwner, mediaShareOf } from './media';
import { unitChart } from './unit-chart';
import { AppWorkload, type EnvSource, type ProbeSpec, type ResourceProfile } from './workload';

/** What differs between web apps: health endpoint, sizing, writable paths and fixed environment. */
export interface WebAppProfile {
  /** @default an HTTP GET of / on the app's port (any 2xx/3xx answer is healthy) */
  readonly probe?: ProbeSpec;
  /** @default DEFAULT_RESOURCES */
  readonly resources?: ResourceProfile;
  /** Writable directories (the root filesystem is read-only). @default ['/tmp'] */
  readonly scratch?: readonly string[];
  /** @default { TZ: 'Etc/UTC' } */
  readonly env?: Readonly<Record<string, EnvSource>>;
}

/** A small web app: 50m–1 CPU, 128–512 MiB. */
export const DEFAULT_RESOURCES: ResourceProfile = { cpu: [50, 1000], memoryMiB: [128, 512] };

/** NFS volumes are not among the volume types Pod Security `restricted` admits. */
function podSecurityOf(spec: AppSpec): PodSecurityLevel {
  return spec.media === true ? 'baseline' : 'restricted';
}

export function webApp(profile: WebAppProfile = {}): AppModule {
  return {
    pods: (spec) => selectorOf(spec.name),
    needs: { fields: ['image', 'port'] },
    podSecurity: podSecurityOf,
    build(app, spec, ctx) {
      if (spec.image === undefined || spec.port === undefined)
        fail(
          `apps/${spec.name}`,
          'deploy-app-chart-needs',
          'its workload builds from image and port, which the app does not set',
          'set image and port on the app',
        );
      const main = unitChart(app, spec.name, spec.namespace);
      const media = mediaShareOf(spec, ctx);
      // Writers of the share run as its owner (the export squashes every client to the same ids).
      const owner = media === undefined ? undefined : mediaOwner(ctx.model);
      const workload = new AppWorkload(main, 'workload', {
        name: spec.name,
        image: spec.image,
        port: spec.port,
        user: owner?.uid,
        fsGroup: owner?.gid,
        resources: profile.resources ?? DEFAULT_RESOURCES,
        probe: profile.probe ?? { kind: 'http', path: '/' },
      });
      if (spec.metrics !== undefined) workload.exposeMetrics(spec.metrics.port);
      workload.env(profile.env ?? { TZ: 'Etc/UTC' });
      if (spec.volume !== undefined) workload.persist({ ...spec.volume, claimName: k8sNames.configPvc(spec.name) });
      if (media !== undefined) workload.mountMedia(media);
      workload.scratch(...(profile.scratch ?? ['/tmp']));
      // A media writer hands work to the download client guest (decision 0003).
      const downloadClient = downloadClientAddresses(ctx.model, ctx.cluster, spec, ctx.subst);
      if (downloadClient.length > 0) workload.allowEgressTo(k8sNames.downloadClientEgressPolicy(spec.name), downloadClient, servicePorts('http'));
      if (spec.exposure !== undefined) workload.exposeVia({ app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace });
      return { main };
    },
  };
}

/** linuxserver.io images run without root when started with a numeric user (s6 then needs a writable /run). */
export const LINUXSERVER_SCRATCH: readonly string[] = ['/run', '/tmp'];
