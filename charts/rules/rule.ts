import type { Problems } from '../../model/errors';
import type { Homelab } from '../../model/types';
import type { RenderedCluster } from '../index';

/** One check over a cluster's rendered manifests (cdk-nag style: id, what it protects, a check reporting problems). */
export interface ManifestRule {
  readonly id: string;
  readonly description: string;
  check(cluster: RenderedCluster, model: Homelab, problems: Problems): void;
}
