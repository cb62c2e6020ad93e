/**
 * The arr-stack (Jellyfin, Radarr, Sonarr): our workloads, config PVC on local-path, /media mounted straight from the
 * NFS share of the live media pool (server through `${MEDIA_NFS_SERVER}`, path from the model).
 */
import { fail } from '../../model/errors';
import { secretNames } from '../../model/secrets';
import { liveMediaPool } from '../../model/lookup';
import type { AppSpec, Homelab, StorageSpec, VolumeOwner } from '../../model/types';
import { k8sNames } from '../../naming/names';
import { selectorOf } from '../lib/labels';
import { AppRoute } from '../lib/route';
import { AppWorkload, type ProbeSpec, type ResourceProfile } from '../lib/workload';
import type { AppModule } from '../module';
import { unitChart } from './chart';

/** What differs between the media apps: health endpoint, sizing and writable scratch paths. */
export interface MediaAppProfile {
  readonly probe: ProbeSpec;
  readonly resources: ResourceProfile;
  readonly scratch: readonly string[];
}

/** The NFS pool holding media in the live storage stage (model/lookup.ts liveMediaPool), with its export path. */
function mediaPool(model: Homelab): StorageSpec {
  const live = liveMediaPool(model);
  if (live?.path === undefined) fail('storage', 'app-workloads', `no NFS media pool with a path in the ${model.storageStage} stage`, "declare one with content ['media'] and a path");
  return live;
}

/** The NFS export holding media in the live storage stage. */
export function mediaExport(model: Homelab): string {
  return mediaPool(model).path!;
}

/** The uid/gid contract of the media share (deploy rule deploy-shared-volume-owner): the pods run as it. */
export function mediaOwner(model: Homelab): VolumeOwner {
  const owner = mediaPool(model).owner;
  if (owner === undefined) fail('storage', 'deploy-shared-volume-owner', 'the live media pool declares no owner', 'declare owner: { uid, gid } on it');
  return owner;
}

export function mediaApp(profile: MediaAppProfile): AppModule {
  return {
    pods: (spec: AppSpec) => selectorOf(spec.name),
    needs: { fields: ['image', 'port'] },
    // NFS volumes are not among the volume types Pod Security `restricted` admits.
    podSecurity: 'baseline',
    build(app, spec, ctx) {
      const main = unitChart(app, spec.name, spec.namespace);
      if (spec.image === undefined || spec.port === undefined) fail(`apps/${spec.name}`, 'deploy-app-chart-needs', 'its workload builds from image and port, which the app does not set', 'set image and port on the app');
      // Writers of the share run as its owner (the export squashes every client to the same ids).
      const owner = spec.media === true ? mediaOwner(ctx.model) : undefined;
      new AppWorkload(main, 'workload', {
        user: owner?.uid,
        fsGroup: owner?.gid,
        name: spec.name,
        image: spec.image,
        port: spec.port,
        metricsPort: spec.metrics?.port,
        resources: profile.resources,
        probe: profile.probe,
        scratch: profile.scratch,
        env: { TZ: 'Etc/UTC' },
        volume: spec.volume ? { ...spec.volume, claimName: k8sNames.configPvc(spec.name) } : undefined,
        media: spec.media === true ? { server: ctx.subst(secretNames.mediaNfsServer), path: mediaExport(ctx.model), readOnly: spec.mediaAccess === 'read-only' } : undefined,
      });
      if (spec.exposure) new AppRoute(main, 'route', { app: spec, domain: ctx.domain, authNamespace: ctx.authNamespace });
      return { main };
    },
  };
}

/** linuxserver.io images run without root when started with a numeric user (s6 then needs a writable /run). */
const LINUXSERVER_SCRATCH = ['/run', '/tmp'];

export const jellyfin = mediaApp({ probe: { kind: 'http', path: '/health' }, resources: { cpu: [200, 4000], memoryMiB: [512, 4096] }, scratch: ['/cache', '/tmp'] });
export const radarr = mediaApp({ probe: { kind: 'http', path: '/ping' }, resources: { cpu: [50, 1000], memoryMiB: [256, 1024] }, scratch: LINUXSERVER_SCRATCH });
export const sonarr = mediaApp({ probe: { kind: 'http', path: '/ping' }, resources: { cpu: [50, 1000], memoryMiB: [256, 1024] }, scratch: LINUXSERVER_SCRATCH });
