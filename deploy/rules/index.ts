/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';
import { backupExcludesMediaCaches } from './backup-excludes-media-caches';
import { fluxNoManualWait } from './flux-no-manual-wait';
import { podSecurityReason } from './pod-security-reason';
import { SECURITY_SECRET_ONE_LAYER } from './security-secret-one-layer';
import { SECURITY_OPEN_INGRESS } from './security-open-ingress';
import { SECURITY_BACKUP_OBJECT_LOCK } from './security-backup-object-lock';
import { SECURITY_CREDENTIAL_SCOPE } from './security-credential-scope';
import { bindMountCredentials } from './bind-mount-credentials';
import { pciMappingComplete } from './pci-mapping-complete';
import { gpuVmFirmware } from './gpu-vm-firmware';
import { fileContentStorage } from './file-content-storage';
import { sharedVolumeOwner } from './shared-volume-owner';
import { endpointProducer } from './endpoint-producer';
import { guestAgent } from './guest-agent';
import { dataDiskMounted } from './data-disk-mounted';
import { pvcOnDataDisk } from './pvc-on-data-disk';
import { appChartNeeds } from './app-chart-needs';
import { downloadClientMedia } from './download-client-media';

export const DEPLOY_RULES: readonly DeployRule[] = [
  // Proxmox
  bindMountCredentials,
  pciMappingComplete,
  gpuVmFirmware,
  fileContentStorage,
  sharedVolumeOwner,
  // Kubernetes
  appChartNeeds,
  fluxNoManualWait,
  backupExcludesMediaCaches,
  podSecurityReason,
  // Guests (configuration layer)
  endpointProducer,
  guestAgent,
  dataDiskMounted,
  pvcOnDataDisk,
  downloadClientMedia,
  // Security (credentials, ingress, backups)
  SECURITY_SECRET_ONE_LAYER,
  SECURITY_OPEN_INGRESS,
  SECURITY_BACKUP_OBJECT_LOCK,
  SECURITY_CREDENTIAL_SCOPE,
];
