/** The rule set, in the order problems are reported. */
import type { ModelRule } from './rule';
import { namingConvention } from './naming';
import { uniqueNames, uniqueVmid, uniqueHostnames } from './unique';
import { locationExists, hostExists, pveClusterMembership, networkExists, imageExists } from './references';
import { guestStorage, storageStages, gpuAssignment, hostCapacity, guestKindSettings } from './placement';
import { clusterNodes } from './cluster';
import { appDependencies, appRoutes, appWorkloads, identityOutpostServer } from './apps';
import { edgeReferences, backupSources, flowMatrix, cloudInstanceInbound, vpnGatewayBastion } from './edge';
import { noSecretsInModel } from './hygiene';
import { imageStorage, guestServes, managementAccess, firewallNames, mediaShare, guestBridge, lxcDisks } from './proxmox';

export const MODEL_RULES: readonly ModelRule[] = [
  noSecretsInModel,
  namingConvention,
  uniqueNames,
  uniqueVmid,
  uniqueHostnames,
  locationExists,
  pveClusterMembership,
  hostExists,
  networkExists,
  imageExists,
  guestStorage,
  storageStages,
  guestKindSettings,
  gpuAssignment,
  hostCapacity,
  clusterNodes,
  appDependencies,
  appRoutes,
  appWorkloads,
  identityOutpostServer,
  edgeReferences,
  backupSources,
  flowMatrix,
  cloudInstanceInbound,
  vpnGatewayBastion,
  // Proxmox layer
  imageStorage,
  guestServes,
  managementAccess,
  firewallNames,
  mediaShare,
  guestBridge,
  lxcDisks,
];

export type { ModelRule } from './rule';
