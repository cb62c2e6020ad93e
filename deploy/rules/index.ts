/** The deploy rule set, in the order problems are reported. One rule per file; register it here. */
import type { DeployRule } from '../rule';
import { bindMountCredentials } from './bind-mount-credentials';
import { pciMappingComplete } from './pci-mapping-complete';
import { gpuVmFirmware } from './gpu-vm-firmware';
import { fileContentStorage } from './file-content-storage';
import { sharedVolumeOwner } from './shared-volume-owner';

export const DEPLOY_RULES: readonly DeployRule[] = [bindMountCredentials, pciMappingComplete, gpuVmFirmware, fileContentStorage, sharedVolumeOwner];
