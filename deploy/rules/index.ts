/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';
import { backupExcludesMediaCaches } from './backup-excludes-media-caches';
import { fluxNoManualWait } from './flux-no-manual-wait';
import { podSecurityReason } from './pod-security-reason';
import { bindMountCredentials } from './bind-mount-credentials';
import { pciMappingComplete } from './pci-mapping-complete';
import { gpuVmFirmware } from './gpu-vm-firmware';
import { fileContentStorage } from './file-content-storage';
import { sharedVolumeOwner } from './shared-volume-owner';

export const DEPLOY_RULES: readonly DeployRule[] = [
  // Proxmox
  bindMountCredentials,
  pciMappingComplete,
  gpuVmFirmware,
  fileContentStorage,
  sharedVolumeOwner,
  // Kubernetes
  fluxNoManualWait,
  backupExcludesMediaCaches,
  podSecurityReason,
];
