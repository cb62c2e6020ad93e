/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';
import { backupExcludesMediaCaches } from './backup-excludes-media-caches';
import { fluxNoManualWait } from './flux-no-manual-wait';
import { podSecurityReason } from './pod-security-reason';

export const DEPLOY_RULES: readonly DeployRule[] = [fluxNoManualWait, backupExcludesMediaCaches, podSecurityReason];
