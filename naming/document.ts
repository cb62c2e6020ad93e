/** docs/NAMING_CONVENTION.md, generated from naming/rules.ts (the same rules synth enforces). */
import { NAMING_RULES } from './rules';

const TITLES: Record<string, string> = {
  location: 'Locations',
  host: 'Hosts (bare metal)',
  guest: 'Guests (VMs, LXCs, cloud instances)',
  storage: 'Storage pools',
  network: 'Networks (VLANs)',
  'cloud-resource': 'Cloud and edge resources',
  'k8s-cluster': 'Kubernetes clusters',
  'pve-cluster': 'Proxmox VE clusters',
  'k8s-name': 'Kubernetes apps and namespaces',
  'hostname-label': 'Public hostnames',
  gpu: 'Passthrough GPUs',
};

export function namingConventionMarkdown(header: string): string {
  const lines = [
    header.trimEnd(),
    '# Naming convention',
    '',
    'Every name in `homelab.ts` is checked against these rules before anything is written; a name that breaks one',
    'fails `npm run synth` with the entity, the rule and a valid example. The rules live in `naming/rules.ts`.',
    '',
  ];
  for (const rule of NAMING_RULES) {
    lines.push(`## ${TITLES[rule.kind] ?? rule.kind}`, '', `Pattern: \`${rule.pattern}\``, '', rule.description, '');
    lines.push(`- Valid: ${rule.valid.map((v) => `\`${v}\``).join(', ')}`);
    lines.push(`- Invalid: ${rule.invalid.map((v) => `\`${v}\``).join(', ')}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
