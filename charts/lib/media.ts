/**
 * The media share as the cluster sees it: the NFS export of the media pool in the live storage stage (server through
 * `${MEDIA_NFS_SERVER}`, path from the model) and the uid/gid its writers run as.
 */
import { fail } from '../../model/errors';
import { secretNames } from '../../model/secrets';
import { liveMediaPool } from '../../model/lookup';
import type { AppSpec, Homelab, StorageSpec, VolumeOwner } from '../../model/types';
import type { ChartContext } from '../module';
import type { MediaShare } from './workload';

/** The NFS pool holding media in the live storage stage (model/lookup.ts liveMediaPool), with its export path. */
function mediaPool(model: Homelab): StorageSpec & { readonly path: string } {
  const live = liveMediaPool(model);
  if (live?.path === undefined)
    fail('storage', 'app-workloads', `no NFS media pool with a path in the ${model.storageStage} stage`, "declare one with content ['media'] and a path");
  return { ...live, path: live.path };
}

/** The NFS export holding media in the live storage stage. */
export function mediaExport(model: Homelab): string {
  return mediaPool(model).path;
}

/** The uid/gid contract of the media share (deploy rule deploy-shared-volume-owner): the pods run as it. */
export function mediaOwner(model: Homelab): VolumeOwner {
  const owner = mediaPool(model).owner;
  if (owner === undefined) fail('storage', 'deploy-shared-volume-owner', 'the live media pool declares no owner', 'declare owner: { uid, gid } on it');
  return owner;
}

/** The share as an app mounts it (read-only when the model says it only reads), or undefined without `media`. */
export function mediaShareOf(spec: AppSpec, ctx: Pick<ChartContext, 'model' | 'subst'>): MediaShare | undefined {
  if (spec.media !== true) return undefined;
  return { server: ctx.subst(secretNames.mediaNfsServer), path: mediaExport(ctx.model), readOnly: spec.mediaAccess === 'read-only' };
}
