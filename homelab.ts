/**
 * This homelab, as data. One edit here and every output follows: OpenTofu stacks, Ansible inventory, Kubernetes
 * manifests and the architecture docs. No secret belongs here — addresses, CIDRs, VLAN IDs, the domain, account and
 * zone IDs and tokens live in the Ansible Vault (model/secrets.ts lists their keys).
 * Decisions behind the shape of this file: docs/decisions/.
 */
import type { Homelab } from './model/types';

const CLUSTER = 'asgard-orion-cluster';
const LOCAL_PATH = 'local-path';

export const homelab: Homelab = {
  name: 'homelab',
  gitops: { repositoryUrl: 'ssh://git@github.com/homelab/platform-stack.git', branch: 'main' },
  storageStage: 'current',

  locations: [
    { name: 'asgard', kind: 'on-prem', description: 'Main homelab: compute, the Kubernetes cluster and the edge services.' },
    { name: 'wano', kind: 'on-prem', lifecycle: 'planned', description: 'Remote homelab: centralized NAS storage (TrueNAS).' },
    { name: 'babylon', kind: 'cloud', cloud: 'aws', region: 'eu-central-1', description: 'AWS: off-site backups and the OpenTofu state.' },
    { name: 'coruscant', kind: 'cloud', cloud: 'oci', region: 'eu-frankfurt-1', description: 'Oracle Cloud: always-on utility VMs (bastion).' },
  ],

  pveClusters: [
    {
      name: 'asgard-pve',
      location: 'asgard',
      // OpenTofu's identity: created on the first node by ansible/proxmox-access.yml (bootstrap), never root@pam.
      automation: { user: 'tofu@pve', tokenId: 'platform-stack', role: 'PlatformStackProvisioner' },
      // The API certificate must be trusted by the machine running tofu (ACME or the operator's CA): see decision 0007.
      tls: 'verify',
    },
  ],

  hosts: [
    {
      name: 'asgard-atlas',
      location: 'asgard',
      kind: 'proxmox',
      pveCluster: 'asgard-pve',
      capacity: { cores: 16, memoryGiB: 64 },
      services: ['proxmox-ui', 'nfs-server'],
      networks: ['heimdall-mgmt-vlan', 'mimir-storage-vlan'],
      description: 'Primary Proxmox node: Kubernetes control plane, identity, edge LXCs and the host NFS share.',
    },
    {
      name: 'asgard-prometheus',
      location: 'asgard',
      kind: 'proxmox',
      pveCluster: 'asgard-pve',
      capacity: { cores: 12, memoryGiB: 48 },
      services: ['proxmox-ui'],
      networks: ['heimdall-mgmt-vlan', 'mimir-storage-vlan'],
      description: 'Second Proxmox node: Kubernetes worker, media downloads and DNS.',
    },
    {
      name: 'asgard-godzilla',
      location: 'asgard',
      kind: 'proxmox',
      pveCluster: 'asgard-pve',
      capacity: { cores: 16, memoryGiB: 64 },
      overcommit: { cpu: 2 },
      gpus: [{ name: 'godzilla-gpu0', model: 'NVIDIA GeForce RTX 3090' }],
      services: ['proxmox-ui'],
      networks: ['heimdall-mgmt-vlan', 'mimir-storage-vlan'],
      description: 'GPU Proxmox node for GPU-intensive workloads (passthrough).',
    },
    {
      name: 'wano-zunesha',
      location: 'wano',
      kind: 'truenas',
      lifecycle: 'planned',
      capacity: { cores: 8, memoryGiB: 64 },
      services: ['truenas-ui', 'nfs-server', 'iscsi-target'],
      networks: ['heimdall-mgmt-vlan', 'mimir-storage-vlan'],
      description: 'TrueNAS server: ZFS pool serving NFS (media, persistent volumes) and iSCSI (VM disks).',
    },
  ],

  storage: [
    {
      name: 'atlas-bedrock',
      kind: 'local-ssd',
      backend: 'dir',
      host: 'asgard-atlas',
      content: ['vm-disks', 'container-rootfs', 'images', 'snippets'],
      stages: ['current', 'future'],
      movesTo: 'zunesha-lun',
      description: 'Local SSD of asgard-atlas: hypervisor OS and VM/LXC disks.',
    },
    {
      name: 'prometheus-bedrock',
      kind: 'local-ssd',
      backend: 'dir',
      host: 'asgard-prometheus',
      content: ['vm-disks', 'container-rootfs', 'images', 'snippets'],
      stages: ['current', 'future'],
      movesTo: 'zunesha-lun',
      description: 'Local SSD of asgard-prometheus.',
    },
    {
      name: 'godzilla-bedrock',
      kind: 'local-ssd',
      backend: 'dir',
      host: 'asgard-godzilla',
      content: ['vm-disks', 'container-rootfs', 'images', 'snippets'],
      stages: ['current', 'future'],
      description: 'Local NVMe of asgard-godzilla (GPU workloads keep their scratch disks local).',
    },
    {
      name: 'atlas-data',
      kind: 'nfs',
      host: 'asgard-atlas',
      path: '/mnt/data',
      content: ['media'],
      // Every writer (the arr pods, media-01's download client, the NFS export's squash) writes as 1000:1000.
      owner: { uid: 1000, gid: 1000 },
      stages: ['current'],
      network: 'mimir-storage-vlan',
      movesTo: 'zunesha-media',
      description: 'NFS share exported by asgard-atlas from a directory on its local SSD; media for the cluster.',
    },
    {
      name: 'zunesha-tank',
      kind: 'zfs-pool',
      host: 'wano-zunesha',
      content: ['backups'],
      stages: ['future'],
      description: 'TrueNAS ZFS pool (bulk storage) behind the NFS share and iSCSI LUNs; backed up to babylon.',
    },
    {
      name: 'zunesha-media',
      kind: 'nfs',
      host: 'wano-zunesha',
      path: '/mnt/tank/media',
      content: ['media'],
      owner: { uid: 1000, gid: 1000 },
      stages: ['future'],
      network: 'mimir-storage-vlan',
      description: 'TrueNAS NFS share for media and persistent volumes.',
    },
    {
      name: 'zunesha-lun',
      kind: 'iscsi',
      host: 'wano-zunesha',
      content: ['vm-disks'],
      stages: ['future'],
      network: 'mimir-storage-vlan',
      description: 'TrueNAS iSCSI LUNs for Proxmox VM disks.',
    },
  ],

  networks: [
    { name: 'heimdall-mgmt-vlan', purpose: 'mgmt', location: 'asgard', bridge: 'vmbr0', description: 'Management: hypervisors, NAS and their UIs.' },
    { name: 'styx-servers-vlan', purpose: 'servers', location: 'asgard', bridge: 'vmbr0', description: 'Servers: edge and utility guests (tunnel, proxies, DNS, identity, GPU, downloads).' },
    { name: 'valhalla-apps-vlan', purpose: 'apps', location: 'asgard', bridge: 'vmbr0', description: 'Applications: the Kubernetes nodes and their ingress.' },
    { name: 'mimir-storage-vlan', purpose: 'storage', location: 'asgard', bridge: 'vmbr1', description: 'Storage: NFS and iSCSI between hosts, NAS and cluster (dedicated NIC).' },
    { name: 'bifrost-iot-vlan', purpose: 'iot', location: 'asgard', bridge: 'vmbr0', description: 'IoT devices: isolated, may only resolve DNS.' },
    { name: 'midgard-users-vlan', purpose: 'users', location: 'asgard', bridge: 'vmbr0', description: 'Users: the household\'s laptops and phones; they resolve through AdGuard and reach the published names on the LAN.' },
  ],

  flows: [
    { from: 'heimdall-mgmt-vlan', to: 'styx-servers-vlan', services: ['ssh', 'https', 'http', 'dns', 'icmp'], why: 'Administration of the server guests; administrators resolve the split-horizon names through AdGuard.' },
    { from: 'heimdall-mgmt-vlan', to: 'valhalla-apps-vlan', services: ['ssh', 'k8s-api', 'https', 'icmp'], why: 'Administration of the cluster nodes.' },
    { from: 'heimdall-mgmt-vlan', to: 'heimdall-mgmt-vlan', services: ['ssh', 'proxmox-ui', 'https', 'icmp'], why: 'Hypervisor administration and cluster traffic.' },
    { from: 'styx-servers-vlan', to: 'valhalla-apps-vlan', services: ['http', 'https'], why: 'The tunnel forwards application hostnames to Traefik.' },
    { from: 'styx-servers-vlan', to: 'styx-servers-vlan', services: ['http', 'https', 'dns', 'authentik-outpost'], why: 'Tunnel to the NGINX proxy; guests resolve through AdGuard; the NGINX proxy forward-auths at the Authentik outpost.' },
    { from: 'valhalla-apps-vlan', to: 'styx-servers-vlan', services: ['dns', 'http', 'https'], why: 'Cluster DNS upstream (AdGuard), the Authentik outpost and the download client.' },
    { from: 'valhalla-apps-vlan', to: 'valhalla-apps-vlan', services: ['k8s-api', 'kubelet', 'flannel-vxlan', 'metrics', 'http', 'https'], why: 'Kubernetes node-to-node traffic.' },
    { from: 'mimir-storage-vlan', to: 'mimir-storage-vlan', services: ['nfs', 'iscsi'], why: 'NFS and iSCSI stay on the storage network.' },
    { from: 'bifrost-iot-vlan', to: 'styx-servers-vlan', services: ['dns'], why: 'IoT devices may only resolve names.' },
    { from: 'midgard-users-vlan', to: 'styx-servers-vlan', services: ['dns', 'http', 'https'], why: 'Users resolve through AdGuard; split-horizon infrastructure names lead to the NGINX proxy.' },
    { from: 'midgard-users-vlan', to: 'valhalla-apps-vlan', services: ['http', 'https'], why: 'Split-horizon application names lead to Traefik on the cluster nodes.' },
  ],

  images: [
    {
      name: 'ubuntu-2404-cloudimg',
      kind: 'cloud-image',
      url: 'https://cloud-images.ubuntu.com/releases/24.04/release-20250805/ubuntu-24.04-server-cloudimg-amd64.img',
      storage: 'atlas-bedrock',
      // Not verified against Ubuntu's signed SHA256SUMS here (unreachable): a bootstrap step checks it before the first
      // apply; a wrong value fails the download, never installs an unverified image.
      checksum: { algorithm: 'sha256', value: '834af9cd766d1fd86eca156db7dff34c3713fbbc7f5507a3269be2a72d2d1820' },
    },
    {
      name: 'debian-12-standard',
      kind: 'lxc-template',
      url: 'https://download.proxmox.com/images/system/debian-12-standard_12.12-1_amd64.tar.zst',
      storage: 'atlas-bedrock',
      // sha512sum of this template in Proxmox's appliance index (pve-manager aplinfo/aplinfo.dat).
      checksum: { algorithm: 'sha512', value: '50c85eaaece677a3ebe01cc909b83872e9da2a22c29ae652838afce71e83222fdf40f6accecd7d52b180e912fc1f85ecdf7b3fc4d3027da4d865e509a9e76597' },
    },
  ],

  guests: [
    {
      name: 'k8s-master-01', kind: 'vm', host: 'asgard-atlas', role: 'k8s-control-plane', vmid: 201,
      cores: 4, memoryMiB: 8192, disks: [{ storage: 'atlas-bedrock', sizeGiB: 40 }],
      networks: ['valhalla-apps-vlan', 'mimir-storage-vlan'], image: 'ubuntu-2404-cloudimg',
      serves: ['k8s-api', 'kubelet', 'flannel-vxlan', 'metrics', 'http', 'https', 'ssh'],
      description: 'Kubernetes control plane of asgard-orion-cluster.',
    },
    {
      name: 'k8s-worker-01', kind: 'vm', host: 'asgard-atlas', role: 'k8s-worker', vmid: 211,
      cores: 6, memoryMiB: 16384, disks: [{ storage: 'atlas-bedrock', sizeGiB: 40 }, { storage: 'atlas-bedrock', sizeGiB: 100, use: 'local-path' }],
      networks: ['valhalla-apps-vlan', 'mimir-storage-vlan'], image: 'ubuntu-2404-cloudimg',
      serves: ['kubelet', 'flannel-vxlan', 'metrics', 'http', 'https', 'ssh'],
      description: 'Kubernetes worker (local-path volumes on its data disk).',
    },
    {
      name: 'authentik-01', kind: 'vm', host: 'asgard-atlas', role: 'identity-outpost', vmid: 221,
      cores: 2, memoryMiB: 2048, disks: [{ storage: 'atlas-bedrock', sizeGiB: 20 }],
      networks: ['styx-servers-vlan'], image: 'ubuntu-2404-cloudimg',
      serves: ['authentik-outpost', 'ssh'],
      description: 'Authentik outpost guarding the infrastructure hostnames behind the NGINX proxy (see docs/decisions).',
    },
    {
      name: 'k8s-worker-02', kind: 'vm', host: 'asgard-prometheus', role: 'k8s-worker', vmid: 212,
      cores: 6, memoryMiB: 16384, disks: [{ storage: 'prometheus-bedrock', sizeGiB: 40 }, { storage: 'prometheus-bedrock', sizeGiB: 100, use: 'local-path' }],
      networks: ['valhalla-apps-vlan', 'mimir-storage-vlan'], image: 'ubuntu-2404-cloudimg',
      serves: ['kubelet', 'flannel-vxlan', 'metrics', 'http', 'https', 'ssh'],
      description: 'Kubernetes worker on the second node.',
    },
    {
      name: 'ai-workbench-01', kind: 'vm', host: 'asgard-godzilla', role: 'gpu-workbench', vmid: 301,
      cores: 12, memoryMiB: 32768, disks: [{ storage: 'godzilla-bedrock', sizeGiB: 200 }],
      networks: ['styx-servers-vlan'], image: 'ubuntu-2404-cloudimg', gpu: 'godzilla-gpu0',
      // Only SSH: nothing this repository runs on the workbench listens on another port (deploy-endpoint-producer).
      serves: ['ssh'],
      description: 'GPU workbench VM with the host GPU passed through.',
    },
    {
      name: 'media-01', kind: 'lxc', host: 'asgard-prometheus', role: 'media-downloads', vmid: 231,
      cores: 2, memoryMiB: 2048, disks: [{ storage: 'prometheus-bedrock', sizeGiB: 16 }],
      networks: ['styx-servers-vlan', 'mimir-storage-vlan'], image: 'debian-12-standard', nesting: true,
      mounts: [{ storage: 'atlas-data', path: '/media' }],
      serves: ['http', 'ssh'],
      description: 'Download client for the arr-stack, writing into the shared media storage (see docs/decisions).',
    },
    {
      name: 'bananagator-01', kind: 'lxc', host: 'asgard-atlas', role: 'tunnel', vmid: 101,
      cores: 1, memoryMiB: 512, disks: [{ storage: 'atlas-bedrock', sizeGiB: 4 }],
      networks: ['styx-servers-vlan'], image: 'debian-12-standard', nesting: true,
      serves: ['ssh'],
      description: 'Cloudflare tunnel connector (cloudflared): the hostname split happens here.',
    },
    {
      name: 'nginx-proxy-01', kind: 'lxc', host: 'asgard-atlas', role: 'reverse-proxy', vmid: 102,
      cores: 1, memoryMiB: 1024, disks: [{ storage: 'atlas-bedrock', sizeGiB: 8 }],
      networks: ['styx-servers-vlan', 'heimdall-mgmt-vlan'], image: 'debian-12-standard', nesting: true,
      serves: ['http', 'https', 'ssh'],
      description: 'Nginx Proxy Manager: infrastructure UIs (Proxmox, TrueNAS) behind the tunnel.',
    },
    {
      name: 'adguard-01', kind: 'lxc', host: 'asgard-prometheus', role: 'dns', vmid: 103,
      cores: 1, memoryMiB: 512, disks: [{ storage: 'prometheus-bedrock', sizeGiB: 4 }],
      networks: ['styx-servers-vlan'], image: 'debian-12-standard',
      // DNS only: the AdGuard UI listens on loopback (reached through an SSH tunnel), nothing answers on port 80.
      serves: ['dns', 'ssh'],
      description: 'AdGuard Home: internal DNS with the rewrites for the homelab hostnames.',
    },
    {
      name: 'wireguard-01', kind: 'lxc', host: 'asgard-atlas', role: 'vpn-gateway', vmid: 110,
      cores: 1, memoryMiB: 256, disks: [{ storage: 'atlas-bedrock', sizeGiB: 2 }],
      networks: ['heimdall-mgmt-vlan'], image: 'debian-12-standard',
      serves: ['ssh'],
      description: 'Asgard end of the bastion WireGuard link: dials the bastion, routes tunnel traffic by the flow matrix, no NAT.',
    },
  ],

  cloudInstances: [
    {
      name: 'bastion-01',
      location: 'coruscant',
      role: 'bastion',
      shape: 'VM.Standard.A1.Flex',
      ocpus: 1,
      memoryGiB: 6,
      bootVolumeGiB: 50,
      image: { operatingSystem: 'Canonical Ubuntu', version: '24.04' },
      // SSH only from the admin CIDRs. WireGuard: asgard dials the bastion from a changing home address, so the
      // listener cannot be limited to a CIDR (docs/decisions/0010-bastion-wireguard-ingress.md).
      inbound: ['ssh'],
      openInbound: [
        {
          service: 'wireguard',
          reason: 'asgard dials from a changing home address; WireGuard answers no packet that is not authenticated with the bastion\'s public key (MAC1), so the open port neither reveals nor exposes anything',
        },
      ],
      description: 'Always-on bastion: hardened SSH jump host with a WireGuard link into the management network.',
    },
  ],

  clusters: [
    {
      name: CLUSTER,
      location: 'asgard',
      distribution: 'k3s',
      version: 'v1.31.6+k3s1',
      controlPlane: ['k8s-master-01'],
      workers: ['k8s-worker-01', 'k8s-worker-02'],
      storageClasses: [LOCAL_PATH],
    },
  ],

  apps: [
    {
      name: 'flux', namespace: 'flux-system', tier: 'platform', cluster: CLUSTER,
      description: 'GitOps controller: applies k8s/ from this repository.',
    },
    {
      name: 'local-path-provisioner', namespace: 'storage', tier: 'platform', cluster: CLUSTER,
      chart: { repository: 'https://charts.containeroo.ch', name: 'local-path-provisioner', version: '0.0.33' },
      podSecurity: { level: 'privileged', reason: 'The provisioner\'s helper pods create and delete volume directories through hostPath mounts.' },
      description: 'Dynamic PVs on the nodes\' local disks (storage class local-path).',
    },
    {
      name: 'traefik', namespace: 'traefik', tier: 'platform', cluster: CLUSTER,
      chart: { repository: 'https://traefik.github.io/charts', name: 'traefik', version: '41.3.0' },
      metrics: { port: 9100, path: '/metrics' },
      // The ACME account and certificate keys: re-issued on restore, so no secret material goes to the backups.
      volume: { mountPath: '/data', sizeGiB: 1, storageClass: LOCAL_PATH, backup: false },
      dependsOn: ['local-path-provisioner'],
      podSecurity: { level: 'baseline' },
      description: 'Ingress controller: TLS termination and routing of every application hostname.',
    },
    {
      name: 'authentik', namespace: 'authentik', tier: 'platform', cluster: CLUSTER,
      chart: { repository: 'https://charts.goauthentik.io', name: 'authentik', version: '2025.8.4' },
      port: 9000,
      exposure: { hostname: 'auth', auth: 'none', public: true },
      volume: { mountPath: '/var/lib/postgresql/data', sizeGiB: 8, storageClass: LOCAL_PATH, backup: true },
      dependsOn: ['traefik', 'local-path-provisioner'],
      podSecurity: { level: 'baseline' },
      description: 'Identity provider and forward-auth for every application.',
    },
    {
      name: 'authentik-outpost', namespace: 'authentik', tier: 'platform', cluster: CLUSTER,
      image: { repository: 'ghcr.io/goauthentik/proxy', tag: '2025.8.4' },
      port: 9000,
      dependsOn: ['authentik'],
      manualSteps: [{
        id: 'authentik-outpost-token',
        action: 'In the Authentik UI (Applications → Outposts) open the outpost authentik-outpost (the forward-auth blueprint created it with its providers), View Deployment Info, copy its token into the vault as authentik_outpost_token, re-run the Flux bootstrap (task ansible:playbook PLAYBOOK=flux) and restart the outpost (kubectl -n authentik rollout restart deployment authentik-outpost).',
        vaultKey: 'authentik_outpost_token',
      }],
      // Ready only after the manual step: Flux applies it but waits for nothing (deploy rule deploy-flux-no-manual-wait).
      healthChecked: false,
      description: 'Authentik proxy outpost answering Traefik\'s forward-auth.',
    },
    {
      name: 'prometheus', namespace: 'monitoring', tier: 'platform', cluster: CLUSTER,
      chart: { repository: 'https://prometheus-community.github.io/helm-charts', name: 'kube-prometheus-stack', version: '77.6.2' },
      port: 9090,
      exposure: { hostname: 'prometheus', internet: false },
      // Metrics history, rebuilt by scraping: never in the backups.
      volume: { mountPath: '/prometheus', sizeGiB: 30, storageClass: LOCAL_PATH, holds: 'cache' },
      dependsOn: ['local-path-provisioner'],
      podSecurity: { level: 'privileged', reason: 'node-exporter reads the host\'s /proc, /sys and root filesystem with hostNetwork and hostPID.' },
      description: 'Metrics collection (Prometheus operator, ServiceMonitors).',
    },
    {
      name: 'grafana', namespace: 'monitoring', tier: 'platform', cluster: CLUSTER,
      image: { repository: 'docker.io/grafana/grafana', tag: '12.1.1' },
      port: 3000,
      exposure: { hostname: 'grafana' },
      volume: { mountPath: '/var/lib/grafana', sizeGiB: 2, storageClass: LOCAL_PATH, backup: true },
      // No metrics scraping: :3000 takes traffic from Traefik only.
      dependsOn: ['prometheus', 'authentik'],
      description: 'Dashboards over Prometheus.',
    },
    {
      name: 'jellyfin', namespace: 'media', tier: 'application', cluster: CLUSTER,
      image: { repository: 'docker.io/jellyfin/jellyfin', tag: '10.10.7' },
      port: 8096,
      exposure: { hostname: 'jellyfin', auth: 'none', public: true },
      volume: { mountPath: '/config', sizeGiB: 10, storageClass: LOCAL_PATH, backup: true },
      media: true,
      // It only plays the library: a compromised Jellyfin cannot change or delete it.
      mediaAccess: 'read-only',
      dependsOn: ['traefik', 'local-path-provisioner'],
      podSecurity: { level: 'baseline' },
      description: 'Media server (own login; TV clients cannot do forward-auth, so it is public on purpose).',
    },
    {
      name: 'radarr', namespace: 'media', tier: 'application', cluster: CLUSTER,
      image: { repository: 'lscr.io/linuxserver/radarr', tag: '5.27.5' },
      port: 7878,
      exposure: { hostname: 'radarr' },
      volume: { mountPath: '/config', sizeGiB: 2, storageClass: LOCAL_PATH, backup: true },
      media: true,
      dependsOn: ['traefik', 'authentik'],
      podSecurity: { level: 'baseline' },
      description: 'Movie collection manager (arr-stack).',
    },
    {
      name: 'sonarr', namespace: 'media', tier: 'application', cluster: CLUSTER,
      image: { repository: 'lscr.io/linuxserver/sonarr', tag: '4.0.15' },
      port: 8989,
      exposure: { hostname: 'sonarr' },
      volume: { mountPath: '/config', sizeGiB: 2, storageClass: LOCAL_PATH, backup: true },
      media: true,
      dependsOn: ['traefik', 'authentik'],
      podSecurity: { level: 'baseline' },
      description: 'TV series manager (arr-stack).',
    },
    {
      name: 'velero', namespace: 'velero', tier: 'platform', cluster: CLUSTER,
      chart: { repository: 'https://vmware-tanzu.github.io/helm-charts', name: 'velero', version: '10.1.3' },
      podSecurity: { level: 'privileged', reason: 'The node agent reads pod volumes through a hostPath mount of the kubelet\'s pod directory.' },
      description: 'Cluster backups to the babylon bucket (prefix velero/).',
    },
  ],

  infraEndpoints: [
    { name: 'proxmox-ui', hostname: 'pve', host: 'asgard-atlas', service: 'proxmox-ui', port: 8006, scheme: 'https', cloudflareAccess: true },
    { name: 'truenas-ui', hostname: 'truenas', host: 'wano-zunesha', service: 'truenas-ui', port: 443, scheme: 'https', cloudflareAccess: true },
  ],

  edge: {
    dns: 'cloudflare',
    tunnel: 'homelab-asgard-ingress-tunnel',
    connector: 'bananagator-01',
    infrastructureProxy: 'nginx-proxy-01',
    applicationIngress: 'traefik',
  },

  backups: {
    bucket: 'homelab-babylon-backups-storage',
    location: 'babylon',
    sources: [
      { name: 'truenas', from: { host: 'wano-zunesha' }, prefix: 'truenas/', tool: 'restic', schedule: '0 3 * * *' },
      { name: 'cluster', from: { cluster: CLUSTER }, prefix: 'velero/', tool: 'velero', schedule: '0 2 * * *', volumes: 'opt-in' },
    ],
    noncurrentVersionExpiryDays: 90,
    // Governance: no homelab key can delete a version for 30 days; the person's bootstrap identity still can (a way
    // out of a mistake), which compliance mode would not allow even to the account root.
    objectLock: { mode: 'GOVERNANCE', days: 30 },
    transitionAfterDays: 30,
    transitionStorageClass: 'STANDARD_IA',
  },
};

export default homelab;
