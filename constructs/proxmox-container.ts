/**
 * A Proxmox LXC container from a downloaded template: unprivileged unless told otherwise, nesting where the service
 * needs it, root disk, VLAN-tagged NICs with the firewall on, SSH keys and static addresses, start on boot.
 * `mountShared()` bind-mounts a shared storage (the NFS media share as the node mounts it) into the container.
 */
import { Construct } from 'constructs';
import { VirtualEnvironmentContainer } from '../.gen/providers/proxmox/virtual-environment-container';
import { guestTagList, initialization, type ProxmoxGuestCommonProps } from './proxmox-guest-common';

export type ContainerOsType = 'debian' | 'ubuntu' | 'alpine';

export interface ProxmoxContainerProps extends ProxmoxGuestCommonProps {
  /** Root filesystem. */
  readonly rootDisk: { readonly datastoreId: string; readonly sizeGiB: number };
  /** Volume ID of the downloaded template (`<storage>:vztmpl/<file>`). */
  readonly templateFileId: string;
  /** @default 'debian' */
  readonly osType?: ContainerOsType;
  /** @default false (unprivileged) */
  readonly privileged?: boolean;
  /** @default false */
  readonly nesting?: boolean;
}

export class ProxmoxContainer extends Construct {
  readonly container: VirtualEnvironmentContainer;
  private readonly mounts: Array<{ volume: string; path: string }> = [];

  constructor(scope: Construct, id: string, props: ProxmoxContainerProps) {
    super(scope, id);
    if (props.nics.length === 0) throw new Error(`[guests/${props.name}] a container needs a NIC — rule: network-exists — fix: list a network`);
    this.container = new VirtualEnvironmentContainer(this, 'container', {
      nodeName: props.nodeName,
      vmId: props.vmId,
      description: props.description,
      tags: guestTagList(props.tags),
      unprivileged: !(props.privileged ?? false),
      features: { nesting: props.nesting ?? false },
      startOnBoot: props.startOnBoot ?? true,
      started: true,
      cpu: { cores: props.cores },
      memory: { dedicated: props.memoryMiB, swap: 0 },
      disk: { datastoreId: props.rootDisk.datastoreId, size: props.rootDisk.sizeGiB },
      operatingSystem: { templateFileId: props.templateFileId, type: props.osType ?? 'debian' },
      networkInterface: props.nics.map((n, i) => ({ name: `eth${i}`, bridge: n.bridge, vlanId: n.vlanId, firewall: true })),
      initialization: {
        hostname: props.name,
        ...initialization(props),
      },
    });
  }

  get vmId(): number {
    return this.container.vmId;
  }

  /** Bind-mounts `hostPath` (a storage the node mounts, e.g. /mnt/pve/<storage>) at `path` in the container. */
  mountShared(hostPath: string, path: string): this {
    this.mounts.push({ volume: hostPath, path });
    this.container.putMountPoint(this.mounts.map((m) => ({ volume: m.volume, path: m.path, shared: true, backup: false })));
    return this;
  }
}
