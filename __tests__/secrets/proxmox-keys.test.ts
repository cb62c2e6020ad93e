/** secrets:check of the Proxmox keys: one PCI format for every consumer, and a token of the automation identity only. */
import { checkVault } from '../../secrets/check';
import { exampleValues } from '../../secrets/example';
import { secretNames } from '../../model/secrets';
import { fixtureModel, withProxmoxSite, withServiceVm } from '../fixtures/models';

/** The fixture host with a GPU passed through to a service VM, and a second network (a VLAN interface of its own). */
const homelab = fixtureModel(withServiceVm('gpu-vm-01'), (m) => {
  const host = m.hosts[0];
  host.gpus = [{ name: 'alpha-gpu0', model: 'NVIDIA GeForce RTX 3090' }];
  host.networks.push('forge-servers-vlan');
  m.guests.find((g) => g.name === 'gpu-vm-01')!.gpu = 'alpha-gpu0';
  return m;
});

function check(change: (v: Record<string, unknown>) => void): string[] {
  const v = Object.fromEntries(exampleValues(homelab));
  change(v);
  return checkVault(homelab, v).map((p) => `${p.entity} ${p.rule}`);
}

describe('secrets:check, Proxmox keys', () => {
  it('GPU VM never starts (main 779b6ec: the example "0000:01:00.0 10de:2204,10de:1aef" split two ways): each field has its own typed key', () => {
    expect(check(() => undefined)).toEqual([]);
    expect(
      check((v) => {
        v[secretNames.gpuPciPath('alpha-gpu0')] = '0000:01:00.0 10de:2204,10de:1aef';
      }),
    ).toEqual(['vault key pci_path_alpha_gpu0 vault-type-pci-path']);
    expect(
      check((v) => {
        v[secretNames.gpuPciIds('alpha-gpu0')] = '10de:2204,10de:1aef';
      }),
    ).toEqual(['vault key pci_ids_alpha_gpu0 vault-type-pci-id-list']);
    expect(
      check((v) => {
        v[secretNames.gpuPciSubsystemId('alpha-gpu0')] = '0x1043:0x87b3';
      }),
    ).toEqual(['vault key pci_subsystem_id_alpha_gpu0 vault-type-pci-id']);
    expect(
      check((v) => {
        v[secretNames.gpuIommuGroup('alpha-gpu0')] = '14';
      }),
    ).toEqual(['vault key iommu_group_alpha_gpu0 vault-type-iommu-group']);
  });

  it('Proxmox API token is root@pam (main 779b6ec): refused, and so is a token of another identity', () => {
    expect(
      check((v) => {
        v[secretNames.proxmoxApiToken] = 'root@pam!terraform=00000000-fake';
      }),
    ).toEqual(['vault key proxmox_api_token proxmox-token-identity']);
    expect(
      check((v) => {
        v[secretNames.proxmoxApiToken] = 'someone@pve!other=00000000-fake';
      }),
    ).toEqual(['vault key proxmox_api_token proxmox-token-identity']);
    expect(
      check((v) => {
        v[secretNames.proxmoxApiToken] = 'not a token';
      }),
    ).toEqual(['vault key proxmox_api_token proxmox-token-identity']);
  });

  it('asks for the address of every Proxmox node on each of its further networks', () => {
    const key = secretNames.hostNetworkAddress('home-alpha', 'forge-servers-vlan');
    const withoutKey = (v: Record<string, unknown>): void => {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the check edits the vault in place; the key goes missing
      delete v[key];
    };
    expect(check(withoutKey)).toEqual(['vault key address_home_alpha_forge_servers_vlan vault-key-present']);
  });

  it('two Proxmox sites: each has its own endpoint and token, checked against its own automation identity', () => {
    const model = fixtureModel(withProxmoxSite('dune'), (m) => {
      m.pveClusters.find((c) => c.location === 'dune')!.automation.tokenId = 'dune-token';
      return m;
    });
    const example = Object.fromEntries(exampleValues(model));
    expect(checkVault(model, example)).toEqual([]);
    expect(example.proxmox_api_token_dune).toMatch(/^tofu@pve!dune-token=/);
    expect(example.proxmox_api_token_home).toMatch(/^tofu@pve!fixture=/);
    expect(example).not.toHaveProperty(secretNames.proxmoxApiToken);
    const swapped = { ...example, proxmox_api_token_dune: example.proxmox_api_token_home };
    expect(checkVault(model, swapped).map((p) => `${p.entity} ${p.rule}`)).toEqual(['vault key proxmox_api_token_dune proxmox-token-identity']);
  });
});
