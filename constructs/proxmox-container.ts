/**
 * A Proxmox LXC container from a downloaded template: unprivileged unless told otherwise, nesting where the service
 * needs it, root disk, VLAN-tagged NICs with the firewall on, SSH keys and static addresses, start on boot.
 * Bind mounts are never set here: Proxmox allows them only to root@pam itself, never to an API token (decision 0007).
 * `keepHostMounts()` marks a container whose mount points (and id mapping) the host-side play sets as root.
 */
import { fail } from '../model/errors';
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

  constructor(scope: Construct, id: string, props: ProxmoxContainerProps) {
    super(scope, id);
    if (props.nics.length === 0) fail(`guests/${props.name}`, 'network-exists', 'a container needs a NIC', 'list a network');
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

  /**
   * The container's mount points belong to the host-side play (`pct set` as root over SSH, after the share exists):
   * OpenTofu ignores them instead of removing them on the next apply.
   */
  keepHostMounts(): this {
    this.container.lifecycle = {
      ...(this.container.lifecycle ?? {}),
      ignoreChanges: [...((this.container.lifecycle?.ignoreChanges as string[] | undefined) ?? []), 'mount_point'],
    };
    return this;
  }
}
