/**
 * The bootstrap order as data: from bare hardware to running apps, every step naming what it needs and what it
 * provides, in phases. Derived from the model where the model decides it (which hosts have GPUs, which serve NFS, which
 * guests run DNS, whether a bastion exists, the Proxmox cluster, the Git repository Flux reads). `task bootstrap`
 * (scripts/bootstrap.js) runs the steps in this order and stops at each step that needs a person; docs/BOOTSTRAP.md is
 * generated from the same data; checkBootstrapOrder proves every consumer comes after its producer.
 */
import type { Homelab } from '../model/types';
import { isGuestActive, isHostActive } from '../model/lookup';
import { secretNames } from '../model/secrets';
import { AUTHENTIK_INFRASTRUCTURE_OUTPOST, BOOTSTRAP_AWS_PROFILE, internalHostname, localStorageDir } from '../naming/names';
import { poolDemandGiB } from '../model/derive';
import { bootstrapStack, EDGE_STACK, stacksOfKind, type StackSpec } from '../model/stacks';

export type PhaseName = 'accounts' | 'state' | 'host-prep' | 'guests' | 'dns' | 'edge' | 'configure' | 'cluster' | 'apps';

export interface Phase {
  readonly name: PhaseName;
  readonly title: string;
}

/** The phases, in order. */
export const PHASES: readonly Phase[] = [
  { name: 'accounts', title: 'Hardware, accounts and the vault' },
  { name: 'state', title: 'State bucket and the cloud stacks (AWS, OCI)' },
  { name: 'host-prep', title: 'Proxmox host preparation: provisioning identity, bridges, storage network, NFS export, IOMMU/vfio + reboot' },
  { name: 'guests', title: 'Proxmox guests (OpenTofu, then the bind mounts as root)' },
  { name: 'dns', title: 'DNS first (AdGuard), so every other guest resolves' },
  { name: 'edge', title: 'Edge: Cloudflare tunnel and DNS records' },
  { name: 'configure', title: 'The rest of site.yml: hardening, NFS clients, LXC services, backups, bastion' },
  { name: 'cluster', title: 'k3s and Flux' },
  { name: 'apps', title: 'Apps that need a person once (the Authentik outpost)' },
];

/** What a person does at a manual step: the exact action, and commands that help or check it. */
export interface ManualAction {
  readonly do: string;
  readonly commands?: readonly string[];
}

export interface BootstrapStep {
  /** Kebab-case, unique; `task bootstrap FROM=<id>` starts here. */
  readonly id: string;
  readonly phase: PhaseName;
  readonly title: string;
  /** Things that must exist before the step (each provided by an earlier step). */
  readonly needs: readonly string[];
  /** Things the step makes exist. */
  readonly provides: readonly string[];
  /** The command that does the step (run from the repository root). Exactly one of `run` and `manual`. */
  readonly run?: string;
  /** The step needs a person. */
  readonly manual?: ManualAction;
}

/** `task ansible:playbook` of one playbook, with ansible-playbook arguments after `--`. */
const playbook = (name: string, ...args: string[]): string => `task ansible:playbook PLAYBOOK=${name}${args.length ? ` -- ${args.join(' ')}` : ''}`;

/** The bootstrap steps for `model`, in the order they run. */
export function bootstrapPlan(model: Homelab): readonly BootstrapStep[] {
  const activeHosts = model.hosts.filter((h) => isHostActive(model, h));
  const proxmoxHosts = activeHosts.filter((h) => h.kind === 'proxmox');
  const gpuHosts = proxmoxHosts.filter((h) => (h.gpus ?? []).length > 0);
  const gpus = gpuHosts.flatMap((h) => (h.gpus ?? []).map((g) => ({ host: h.name, gpu: g })));
  const nfsHosts = proxmoxHosts.filter((h) => (h.services ?? []).includes('nfs-server'));
  const guests = model.guests.filter((g) => isGuestActive(model, g));
  const dnsGuests = guests.filter((g) => g.role === 'dns');
  const outpostGuests = guests.filter((g) => g.role === 'identity-outpost');
  const downloadGuests = guests.filter((g) => g.role === 'media-downloads');
  const vpnGateways = guests.filter((g) => g.role === 'vpn-gateway');
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- bastion is the only cloud role today; the filter keeps the meaning when another is added
  const bastions = model.cloudInstances.filter((c) => c.role === 'bastion');
  const usesAuthentik = model.apps.some((a) => a.name === 'authentik');
  // The in-cluster outposts: the apps whose manual step fills the outpost token.
  const authOutposts = model.apps.filter((a) => (a.manualSteps ?? []).some((s) => s.vaultKey === secretNames.authentikOutpostToken)).map((a) => a.name);
  const clusters = model.clusters;
  const pve = model.pveClusters.map((c) => c.name).join(', ') || 'one Proxmox VE cluster';
  // The stacks, from the stack layout (model/stacks.ts): never a location name of this homelab.
  const aws = bootstrapStack(model);
  const locationOf = new Map(model.hosts.map((h) => [h.name, h.location]));
  const proxmoxStacks = stacksOfKind(model, 'proxmox');
  const ociStacks = stacksOfKind(model, 'oci');
  /** What the step of one of several stacks provides: the plain name with one stack, `<what>:<stack>` with several. */
  const ofStack = (what: string, stacks: readonly StackSpec[], stack: string): string => (stacks.length === 1 ? what : `${what}:${stack}`);
  /** What a step after all those stacks needs. */
  const ofAll = (what: string, stacks: readonly StackSpec[]): string[] => stacks.map((st) => ofStack(what, stacks, st.name));

  const steps: BootstrapStep[] = [];
  const add = (s: BootstrapStep): void => {
    steps.push(s);
  };
  /** `task tofu:apply` of a cloud stack on the state bucket, then `task secrets:sync` of its outputs into the vault. */
  const applyAndSync = (phase: PhaseName, stack: string, what: string, synced: { title: string; provides: string }): void => {
    add({
      id: stack,
      phase,
      title: `Apply ${stack}: ${what}`,
      needs: ['state-bucket', 'vault-checked'],
      provides: [`${stack}-applied`],
      run: `task tofu:apply STACK=${stack}`,
    });
    add({ id: `${stack}-sync`, phase, title: synced.title, needs: [`${stack}-applied`], provides: [synced.provides], run: `task secrets:sync STACK=${stack}` });
  };

  // --- accounts -------------------------------------------------------------------------------------------------
  add({
    id: 'proxmox-installed',
    phase: 'accounts',
    title: `Proxmox VE on ${proxmoxHosts.map((h) => h.name).join(', ')}, clustered as ${pve}`,
    needs: [],
    provides: ['proxmox-cluster'],
    manual: {
      do:
        `Install Proxmox VE 8 (≥ 8.4) on ${proxmoxHosts.map((h) => h.name).join(', ')}, join them into ${pve} and put your SSH key on root of each ` +
        '(Ansible prepares the hosts as root). On each node create the bridge vmbr1 on the storage NIC (no address: the host preparation ' +
        'makes both bridges VLAN-aware and adds the storage-network address), and turn on IOMMU/VT-d in the firmware of GPU nodes. ' +
        `Give the API (${secretNames.proxmoxEndpoint}) a certificate the machine running OpenTofu trusts (ACME in the PVE UI, or your own CA ` +
        "in its trust store); only otherwise set tls: 'insecure' on the cluster in homelab.ts (docs/decisions/0007). " +
        'No API token yet: the host preparation creates the provisioning identity.',
      commands: [
        'pvecm create <cluster>      # on the first node',
        'pvecm add <first-node>      # on each other node',
        'ssh-copy-id root@<node>',
        'curl -sS -o /dev/null <proxmox_endpoint>   # must succeed without -k',
      ],
    },
  });
  // A default install gives the root filesystem ~100 GiB and the rest of the disk to the thin pool pve/data: the
  // directory pools get filesystems of their own (the host preparation checks their size, role pve_network).
  const filePools = model.storage.filter((s) => s.kind === 'local-ssd' && s.backend === 'dir' && proxmoxHosts.some((h) => h.name === s.host));
  // The NFS shares a node exports (the media library): on the root filesystem they would fill it (role nfs_server refuses).
  const hostShares = model.storage.filter(
    (s) => s.kind === 'nfs' && s.path !== undefined && s.stages.includes(model.storageStage) && nfsHosts.some((h) => h.name === s.host),
  );
  if (filePools.length || hostShares.length) {
    add({
      id: 'pool-filesystems',
      phase: 'accounts',
      title: `A filesystem of its own for each local pool and exported share (${[...filePools, ...hostShares].map((s) => s.name).join(', ')})`,
      needs: ['proxmox-cluster'],
      provides: ['pool-filesystems'],
      manual: {
        do:
          'Each directory pool holds guest disks that grow to their full size: give it a filesystem at least this big, mounted at its path — ' +
          `${filePools.map((s) => `${s.name} on ${s.host}: ${poolDemandGiB(model, s.name)} GiB at ${localStorageDir(s.name)}`).join('; ')}. ` +
          'On the default LVM install take it from the thin pool pve/data (on a ZFS install: zfs create -o mountpoint=<path> rpool/<pool>).' +
          hostShares
            .map((s) => ` The share ${s.name} on ${s.host} is a disk or volume of its own mounted at ${s.path} (sized for the media library).`)
            .join(''),
        commands: filePools.map(
          (s) =>
            `lvcreate -V ${poolDemandGiB(model, s.name)}G -T pve/data -n ${s.name} && mkfs.ext4 /dev/pve/${s.name} && mkdir -p ${localStorageDir(s.name)} && ` +
            `echo '/dev/pve/${s.name} ${localStorageDir(s.name)} ext4 defaults 0 2' >> /etc/fstab && mount ${localStorageDir(s.name)}   # on ${s.host}`,
        ),
      },
    });
  }
  add({
    id: 'fill-vault',
    phase: 'accounts',
    title: "Create the Ansible Vault and fill it with this homelab's real values",
    needs: ['proxmox-cluster'],
    provides: ['vault'],
    manual: {
      do:
        'Create the vault from ansible/vault.example.yml and replace every FAKE value: the domain, CIDRs, VLAN IDs, addresses, ' +
        `the Proxmox endpoint (${secretNames.proxmoxEndpoint}), Cloudflare and OCI credentials, SSH keys and every passphrase. ` +
        `Keys a later step fills (${secretNames.proxmoxApiToken}, the outpost tokens, what task secrets:sync copies from OpenTofu) keep the ` +
        "example's value until then (the early checks name them as pending). The vault is git-ignored: keep it and its password backed up; " +
        'the pre-commit hook refuses a plaintext vault should one ever be added.',
      commands: ['task secrets:edit', 'task hooks:install'],
    },
  });
  add({
    id: 'state-identity',
    phase: 'accounts',
    title: `The person's AWS profile ${BOOTSTRAP_AWS_PROFILE}, the only identity that creates the state bucket and the IAM identities`,
    needs: ['vault'],
    provides: ['aws-credentials'],
    manual: {
      do:
        `Configure the AWS CLI profile ${BOOTSTRAP_AWS_PROFILE} on this machine (SSO or a user with MFA, rights on S3 and IAM for ${aws}'s resources); ` +
        `it never enters the vault or a homelab host. ${aws} runs with it; every other stack uses the state-only identity ${aws} creates.`,
      commands: [`aws configure sso --profile ${BOOTSTRAP_AWS_PROFILE}`, `aws sts get-caller-identity --profile ${BOOTSTRAP_AWS_PROFILE}`],
    },
  });
  add({
    id: 'cloudflare-tokens',
    phase: 'accounts',
    title: 'Three Cloudflare API tokens, one job each, and a Zero Trust login method',
    needs: ['vault'],
    provides: ['cloudflare-tokens'],
    manual: {
      do:
        `In the Cloudflare dashboard create the edge token (Account: Cloudflare Tunnel edit, Access: Apps and Policies edit; Zone: Zone read, DNS edit) as ${secretNames.cloudflareApiToken}, ` +
        `the DNS-01 token for Traefik (Zone: DNS edit on the one zone only) as ${secretNames.cloudflareDnsApiToken}, and one more like it for the NGINX proxy's ` +
        `certificate as ${secretNames.cloudflareProxyDnsApiToken}; turn on Zero Trust with a login method ` +
        `(one-time PIN or an identity provider) and put the admins' e-mails into the vault as ${secretNames.cloudflareAccessEmails}.`,
      commands: ['task secrets:edit'],
    },
  });
  for (const { host, gpu } of gpus) {
    add({
      id: `pci-ids-${gpu.name}`,
      phase: 'accounts',
      title: `PCI ids of ${gpu.name} (${gpu.model}) on ${host}`,
      needs: ['vault', 'proxmox-cluster'],
      provides: [`pci-ids:${gpu.name}`],
      manual: {
        do:
          `On ${host} (as root), read the PCI path, the vendor:device ids of every function and the subsystem id of ${gpu.name}; then, here, ` +
          `put them into the vault as ${secretNames.gpuPciPath(gpu.name)}, ${secretNames.gpuPciIds(gpu.name)} and ${secretNames.gpuPciSubsystemId(gpu.name)} ` +
          '(formats in ansible/vault.example.yml). Its IOMMU group is read after the reboot of the host preparation.',
        commands: ['lspci -nn -D | grep -i -e vga -e audio', 'lspci -v -s <pci-path>.0 | grep -i subsystem', 'task secrets:edit'],
      },
    });
  }
  add({
    id: 'vault-check',
    phase: 'accounts',
    title: 'Check the vault against the model',
    needs: ['vault', 'aws-credentials', 'cloudflare-tokens', ...gpus.map(({ gpu }) => `pci-ids:${gpu.name}`)],
    provides: ['vault-checked'],
    run: 'task secrets:check -- --allow-pending',
  });

  // --- state and the cloud stacks -------------------------------------------------------------------------------
  add({
    id: 'state-bucket',
    phase: 'state',
    title: `Create the state bucket with one local apply of ${aws}, then move its state into it`,
    needs: ['vault-checked', 'aws-credentials'],
    provides: ['state-bucket'],
    manual: {
      do:
        `The state bucket is created by the ${aws} stack whose state is to live in it: apply ${aws} once on local state, then ` +
        'migrate the state into the bucket — the exact commands are in docs/STATE.md, "Bootstrap (once, on a fresh AWS account)".',
      commands: ['less docs/STATE.md'],
    },
  });
  applyAndSync('state', aws, 'backup bucket and identities', {
    title: `Copy the backup identities' keys from ${aws}'s outputs into the vault`,
    provides: 'backup-keys',
  });
  for (const oci of ociStacks) {
    const here = bastions.filter((b) => b.location === oci.location);
    applyAndSync('state', oci.name, `${here.map((b) => b.name).join(', ')} in Oracle Cloud`, {
      title: "Copy the bastion's public address into the vault",
      provides: ofStack('bastion-address', ociStacks, oci.name),
    });
  }

  // --- host preparation ---------------------------------------------------------------------------------------------
  const hostPrepProvides = [
    'package-repositories',
    'provisioning-identity',
    'host-bridges',
    'storage-network',
    ...(nfsHosts.length ? ['nfs-export'] : []),
    ...(gpuHosts.length ? ['iommu-active'] : []),
  ];
  add({
    id: 'host-prep',
    phase: 'host-prep',
    title:
      `Prepare ${proxmoxHosts.map((h) => h.name).join(', ')}: package repositories (no subscription), provisioning identity, VLAN-aware bridges, storage network` +
      `${nfsHosts.length ? `, NFS export on ${nfsHosts.map((h) => h.name).join(', ')}` : ''}${gpuHosts.length ? `, IOMMU/vfio and a reboot of ${gpuHosts.map((h) => h.name).join(', ')}` : ''}`,
    needs: ['vault-checked', 'proxmox-cluster', ...(filePools.length ? ['pool-filesystems'] : []), ...gpus.map(({ gpu }) => `pci-ids:${gpu.name}`)],
    provides: hostPrepProvides,
    // The GPU nodes run no guests yet: the vfio role may reboot them into the IOMMU/vfio configuration and checks the binding.
    run: gpuHosts.length ? playbook('proxmox', '-e vfio_reboot=true') : playbook('proxmox'),
  });
  const automation = model.pveClusters.map((c) => `${c.automation.user}!${c.automation.tokenId}`).join(', ');
  add({
    id: 'provisioning-token',
    phase: 'host-prep',
    title: `The provisioning token${automation ? ` ${automation}` : ''} into the vault${gpus.length ? `, with the IOMMU group of ${gpus.map(({ gpu }) => gpu.name).join(', ')}` : ''}`,
    needs: ['provisioning-identity', ...(gpuHosts.length ? ['iommu-active'] : [])],
    provides: ['proxmox-token', ...gpus.map(({ gpu }) => `iommu-group:${gpu.name}`)],
    manual: {
      do:
        'The host preparation wrote the new API token once to a root-only file on the first node (its output names the file). Put its ' +
        `content into the vault as ${secretNames.proxmoxApiToken} and delete the file` +
        (gpus.length
          ? `; on ${gpuHosts.map((h) => h.name).join(', ')}, read the IOMMU group of ${gpus.map(({ gpu }) => gpu.name).join(', ')} and put it into the vault as ` +
            `${gpus.map(({ gpu }) => secretNames.gpuIommuGroup(gpu.name)).join(', ')}.`
          : '.'),
      commands: ['task secrets:edit', ...(gpus.length ? ['basename "$(readlink /sys/bus/pci/devices/<pci-path>.0/iommu_group)"   # on the GPU node'] : [])],
    },
  });
  add({
    id: 'vault-recheck',
    phase: 'host-prep',
    title: 'Check the vault again, now with the provisioning token',
    needs: ['proxmox-token'],
    provides: ['vault-complete'],
    run: 'task secrets:check -- --allow-pending',
  });

  // --- guests ---------------------------------------------------------------------------------------------------
  for (const stack of proxmoxStacks) {
    const here = guests.filter((g) => locationOf.get(g.host) === stack.location);
    add({
      id: stack.name,
      phase: 'guests',
      title: `Apply ${stack.name}: ${here.length} guests, images, PCI mappings, firewall`,
      needs: [
        'state-bucket',
        'vault-complete',
        'host-bridges',
        'storage-network',
        ...(nfsHosts.length ? ['nfs-export'] : []),
        ...(gpuHosts.length ? ['iommu-active'] : []),
        ...gpus.map(({ gpu }) => `iommu-group:${gpu.name}`),
      ],
      provides: [ofStack('guests', proxmoxStacks, stack.name)],
      run: `task tofu:apply STACK=${stack.name}`,
    });
  }
  add({
    id: 'proxmox-guests',
    phase: 'guests',
    title: "What only root may set on the new guests: the share mounted on their node, its bind mount into the LXCs, the owner's id mapping",
    needs: [...ofAll('guests', proxmoxStacks), ...(nfsHosts.length ? ['nfs-export'] : [])],
    provides: ['bind-mounts'],
    run: playbook('proxmox-guests'),
  });

  // --- DNS first ------------------------------------------------------------------------------------------------
  if (dnsGuests.length) {
    add({
      id: 'dns',
      phase: 'dns',
      title: `dns.yml first: hardening and AdGuard on ${dnsGuests.map((g) => g.name).join(', ')}, through which the other guests resolve`,
      needs: ofAll('guests', proxmoxStacks),
      provides: ['dns'],
      run: playbook('dns'),
    });
  }

  // --- edge -----------------------------------------------------------------------------------------------------
  applyAndSync('edge', EDGE_STACK, `the Cloudflare tunnel ${model.edge.tunnel} and its DNS records`, {
    title: 'Copy the tunnel token into the vault',
    provides: 'tunnel-token',
  });

  // --- the rest of site.yml, play by play in its order (k3s and Flux in their own phase) ----------------------------
  const dnsNeed = dnsGuests.length ? ['dns'] : [];
  add({
    id: 'hardening',
    phase: 'configure',
    title: 'Harden every host and guest',
    needs: [...ofAll('guests', proxmoxStacks), ...dnsNeed],
    provides: ['hardened'],
    run: playbook('hardening'),
  });
  add({
    id: 'nfs-clients',
    phase: 'configure',
    title: 'Mount the NFS storage on its clients',
    needs: ['hardened', ...(nfsHosts.length ? ['nfs-export'] : [])],
    provides: ['nfs-mounts'],
    run: playbook('nfs-clients'),
  });
  add({
    id: 'lxc-services',
    phase: 'configure',
    title: 'LXC services: AdGuard rewrites, Nginx Proxy Manager, cloudflared',
    needs: ['hardened', 'tunnel-token', 'bind-mounts'],
    provides: ['reverse-proxy', 'tunnel-connector'],
    run: playbook('lxc-services'),
  });
  if (downloadGuests.length) {
    add({
      id: 'media-downloads',
      phase: 'configure',
      title: `Download client on ${downloadGuests.map((g) => g.name).join(', ')}, writing into the media share as its owner`,
      needs: ['hardened', 'bind-mounts'],
      provides: ['download-client'],
      run: playbook('media-downloads'),
    });
  }
  add({
    id: 'backups',
    phase: 'configure',
    title: `restic backups to the ${aws} bucket`,
    needs: ['hardened', 'backup-keys'],
    provides: ['backups'],
    run: playbook('backups'),
  });
  if (bastions.length) {
    const gatewayNeeds: string[] = [];
    if (vpnGateways.length) {
      const gatewayHosts = [...new Set(vpnGateways.map((g) => g.host))];
      add({
        id: 'tunnel-route',
        phase: 'configure',
        title: `Route the tunnel to ${vpnGateways.map((g) => g.name).join(', ')}; the WireGuard module on ${gatewayHosts.join(', ')}`,
        needs: ofAll('guests', proxmoxStacks),
        provides: ['tunnel-route'],
        manual: {
          do:
            `The gateway does not masquerade: on the router of the management network add a static route ${secretNames.wireguardTunnelCidr} → ` +
            `${vpnGateways.map((g) => g.name).join(', ')} (replies from the other networks pass the router both ways; hosts on the gateway's own network ` +
            'route them back themselves: hardening, platform-stack-policy-routes.service). ' +
            `An unprivileged LXC cannot load kernel modules: load wireguard on ${gatewayHosts.join(', ')} (as root there).`,
          commands: ['echo wireguard > /etc/modules-load.d/wireguard.conf && modprobe wireguard'],
        },
      });
      gatewayNeeds.push('tunnel-route');
    }
    add({
      id: 'bastion',
      phase: 'configure',
      title: `The bastion ${bastions.map((b) => b.name).join(', ')} and its WireGuard link to ${[...new Set(vpnGateways.map((g) => locationOf.get(g.host)))].join(', ') || 'home'}`,
      needs: [...ofAll('bastion-address', ociStacks), 'hardened', ...gatewayNeeds],
      provides: ['bastion-link'],
      run: playbook('bastion'),
    });
  }

  // --- k3s and Flux ---------------------------------------------------------------------------------------------
  if (clusters.length) {
    add({
      id: 'k3s',
      phase: 'cluster',
      title: clusters.map((c) => `${c.name}: k3s ${c.version} on ${[...c.controlPlane, ...c.workers].join(', ')}`).join('; '),
      needs: ['hardened', 'nfs-mounts'],
      provides: ['k3s-api'],
      run: playbook('k3s'),
    });
    add({
      id: 'flux-deploy-key',
      phase: 'cluster',
      title: `Deploy key for Flux on ${model.gitops.repositoryUrl}`,
      needs: ['vault'],
      provides: ['flux-deploy-key'],
      manual: {
        do:
          `Create an SSH key pair, add its public half as a read-only deploy key of ${model.gitops.repositoryUrl} on the git host, and put the private half ` +
          `into the vault as ${secretNames.fluxGitDeployKey}; then delete both files.`,
        commands: ['ssh-keygen -t ed25519 -N "" -C flux -f ./flux-deploy-key', 'task secrets:edit', 'shred -u ./flux-deploy-key ./flux-deploy-key.pub'],
      },
    });
    add({
      id: 'flux-signing',
      phase: 'cluster',
      title: `Sign ${model.gitops.branch} with a key Flux trusts (it verifies the HEAD commit)`,
      needs: ['vault'],
      provides: ['signed-head'],
      manual: {
        do:
          `Flux applies ${model.gitops.branch} only when its HEAD commit carries an SSH signature by a key in ${secretNames.fluxGitVerificationKeys}: ` +
          'put your signing public key(s) into the vault, sign every commit (merges included) from now on, and push a signed HEAD.',
        commands: [
          'git config commit.gpgsign true',
          'git config gpg.format ssh',
          'git config user.signingkey ~/.ssh/id_ed25519.pub',
          'task secrets:edit',
          'git commit --allow-empty -S -m "Signed HEAD for Flux" && git push',
        ],
      },
    });
    add({
      id: 'flux',
      phase: 'cluster',
      title: `Flux from ${model.gitops.repositoryUrl} (${model.gitops.branch}), with the cluster-secrets it substitutes`,
      needs: ['k3s-api', 'flux-deploy-key', 'signed-head', 'reverse-proxy'],
      provides: ['flux', ...(usesAuthentik ? ['authentik-server'] : [])],
      run: playbook('flux'),
    });
  }

  // --- apps that need a person once -----------------------------------------------------------------------------
  if (usesAuthentik && clusters.length) {
    add({
      id: 'authentik-outpost-token',
      phase: 'apps',
      title: `Copy the Authentik outpost token${outpostGuests.length ? 's' : ''} into the vault`,
      needs: ['authentik-server'],
      provides: ['outpost-token'],
      manual: {
        do:
          'The forward-auth blueprint created the outposts with their proxy providers and applications; only their tokens are copied by hand. ' +
          `In the Authentik admin UI (Applications → Outposts → View Deployment Info) copy the token of ${authOutposts[0] ?? 'the in-cluster outpost'} into the vault as ${secretNames.authentikOutpostToken}` +
          (outpostGuests.length
            ? `, and the token of ${AUTHENTIK_INFRASTRUCTURE_OUTPOST} (run on ${outpostGuests.map((g) => g.name).join(', ')}) as ${secretNames.authentikInfrastructureOutpostToken}.`
            : '.'),
        commands: ['task secrets:edit', 'task secrets:check'],
      },
    });
    add({
      id: 'vault-final',
      phase: 'apps',
      title: "The vault is complete: no key holds the example's value any more",
      needs: ['outpost-token'],
      provides: ['vault-final'],
      run: 'task secrets:check',
    });
    add({
      id: 'authentik-outpost',
      phase: 'apps',
      title: `Outpost ${outpostGuests.length ? `on ${outpostGuests.map((g) => g.name).join(', ')} ` : ''}and the cluster-secrets with its token`,
      needs: ['outpost-token', 'vault-final', 'flux'],
      provides: ['authentik-outpost'],
      run: outpostGuests.length ? `${playbook('authentik-outpost')} && ${playbook('flux')}` : playbook('flux'),
    });
  }
  if (downloadGuests.length && clusters.length && model.apps.some((a) => a.media === true)) {
    add({
      id: 'arr-download-client',
      phase: 'apps',
      title: `Point the arr apps at the download client on ${downloadGuests.map((g) => g.name).join(', ')}`,
      needs: ['flux', 'download-client'],
      provides: ['arr-downloads'],
      manual: {
        do:
          `In Radarr and Sonarr: Settings → Download Clients → Transmission, host ${downloadGuests.map((g) => internalHostname(g.name)).join(', ')} (the name its RPC host whitelist accepts), ` +
          `user arr, password ${secretNames.downloadClientPassword} from the vault (their settings live in the apps' own databases).`,
        commands: ['ansible-vault view ansible/group_vars/all/vault.yml'],
      },
    });
  }
  return steps;
}

/**
 * Every problem of a step order, as `[bootstrap step x] what — rule: id — fix: …` lines: a need no step provides, a
 * need provided only by a later step, a thing provided twice, a duplicate id, a step that is both or neither manual
 * and automated.
 */
export function checkBootstrapOrder(steps: readonly BootstrapStep[]): readonly string[] {
  const problems: string[] = [];
  const producer = new Map<string, { step: string; index: number }>();
  const ids = new Set<string>();
  steps.forEach((s, index) => {
    if (ids.has(s.id)) problems.push(`[bootstrap step ${s.id}] the id is used twice — rule: bootstrap-unique-id — fix: rename one`);
    ids.add(s.id);
    if (Boolean(s.run) === Boolean(s.manual))
      problems.push(`[bootstrap step ${s.id}] must either run a command or need a person — rule: bootstrap-step-kind — fix: give it run or manual, not both`);
    for (const p of s.provides) {
      const prev = producer.get(p);
      if (prev)
        problems.push(
          `[bootstrap step ${s.id}] provides "${p}", already provided by "${prev.step}" — rule: bootstrap-one-producer — fix: let one step provide it`,
        );
      else producer.set(p, { step: s.id, index });
    }
  });
  const phaseIndex = (name: PhaseName): number => PHASES.findIndex((p) => p.name === name);
  steps.forEach((s, index) => {
    const prev = index > 0 ? steps[index - 1] : undefined;
    if (prev && phaseIndex(s.phase) < phaseIndex(prev.phase)) {
      problems.push(
        `[bootstrap step ${s.id}] is in phase ${s.phase}, after "${prev.id}" of the later phase ${prev.phase} — rule: bootstrap-phase-order — fix: keep the steps in the order of PHASES`,
      );
    }
    for (const need of s.needs) {
      const p = producer.get(need);
      if (!p) problems.push(`[bootstrap step ${s.id}] needs "${need}", which no step provides — rule: bootstrap-producer — fix: add the step that provides it`);
      else if (p.index >= index)
        problems.push(
          `[bootstrap step ${s.id}] needs "${need}" from "${p.step}", which comes later — rule: bootstrap-order — fix: move "${s.id}" after "${p.step}"`,
        );
    }
  });
  return problems;
}
