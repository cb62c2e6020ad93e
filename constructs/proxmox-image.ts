/**
 * A cloud image or LXC template downloaded by one Proxmox node into one of its storages (download-url API), over TLS
 * with certificate verification and, when the model gives one, the published checksum. The storage must hold files
 * (dir/NFS/CIFS: deploy rule `deploy-file-content-storage`).
 */
import { Construct } from 'constructs';
import { DownloadFile } from '../.gen/providers/proxmox/download-file';

export type ProxmoxImageKind = 'cloud-image' | 'lxc-template';

export interface ProxmoxImageProps {
  readonly nodeName: string;
  readonly datastoreId: string;
  readonly url: string;
  /** File name on the storage (naming/names.ts proxmoxImageFileName). */
  readonly fileName: string;
  /** Cloud images land in `import` content (imported as VM boot disks), templates in `vztmpl`. */
  readonly kind: ProxmoxImageKind;
  /** Published checksum; the node verifies the download against it. @default none */
  readonly checksum?: { readonly algorithm: 'sha256' | 'sha512'; readonly value: string };
}

export class ProxmoxImage extends Construct {
  readonly file: DownloadFile;

  constructor(scope: Construct, id: string, props: ProxmoxImageProps) {
    super(scope, id);
    this.file = new DownloadFile(this, 'file', {
      nodeName: props.nodeName,
      datastoreId: props.datastoreId,
      url: props.url,
      fileName: props.fileName,
      contentType: props.kind === 'cloud-image' ? 'import' : 'vztmpl',
      overwrite: false,
      verify: true,
      ...(props.checksum ? { checksum: props.checksum.value, checksumAlgorithm: props.checksum.algorithm } : {}),
    });
  }

  /** Volume ID (`<storage>:<content>/<file>`) for a VM's import_from or a container's template. */
  get fileId(): string {
    return this.file.id;
  }
}
