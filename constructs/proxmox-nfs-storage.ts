/**
 * An NFS share registered as Proxmox storage on the nodes that need it; the node mounts it at /mnt/pve/<id>, from where
 * containers bind-mount it. Subdirectories are not created: the share holds media, not Proxmox content.
 */
import { Construct } from 'constructs';
import { StorageNfs } from '../.gen/providers/proxmox/storage-nfs';
import { nfsMountPoint } from '../naming/names';

export interface ProxmoxNfsStorageProps {
  /** Proxmox storage ID: the pool's name. */
  readonly storageId: string;
  /** NFS server address (sensitive variable). */
  readonly server: string;
  readonly exportPath: string;
  /** Nodes that mount it. */
  readonly nodes: readonly string[];
}

export class ProxmoxNfsStorage extends Construct {
  readonly storage: StorageNfs;

  constructor(scope: Construct, id: string, props: ProxmoxNfsStorageProps) {
    super(scope, id);
    this.storage = new StorageNfs(this, 'storage', {
      id: props.storageId,
      server: props.server,
      export: props.exportPath,
      nodes: [...props.nodes],
      content: ['iso'],
      createBasePath: false,
      createSubdirs: false,
      options: 'vers=4.2',
    });
  }

  /** Where every node mounts the share. */
  get mountPath(): string {
    return nfsMountPoint(this.storage.id);
  }
}
