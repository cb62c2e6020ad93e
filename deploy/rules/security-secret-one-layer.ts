/**
 * deploy-security-secret-one-layer: a secret key reaches one layer (OpenTofu, a host through Ansible, the cluster
 * through Flux, or a person's task) unless its catalogue entry says why it may reach more. Whoever owns any layer a
 * credential reaches owns the credential: the edge stack's Cloudflare token in the Traefik pod let a compromised
 * Traefik repoint every hostname (issue 18.1).
 */
import type { DeployRule } from '../rule';
import type { Homelab } from '../../model/types';
import { secretCatalogue, secretLayers, type SecretKey } from '../../model/secrets';

const ID = 'deploy-security-secret-one-layer';

/** The rule over a catalogue (the model's own by default; tests pass a broken one). */
export function secretOneLayerRule(catalogue: (model: Homelab) => readonly SecretKey[] = secretCatalogue): DeployRule {
  return {
    id: ID,
    description: 'Each secret key reaches one layer (tofu, ansible, flux, operator) unless the catalogue gives the reason it may reach more.',
    check(model, _index, problems) {
      for (const key of catalogue(model)) {
        const layers = secretLayers(key);
        if (layers.length <= 1 || (key.sharedReason ?? '').trim() !== '') continue;
        problems.report(
          `secrets/${key.name}`,
          ID,
          `reaches ${layers.length} layers (${layers.join(', ')}): whoever owns any of them owns the key`,
          'give each layer its own key with the scope that layer needs (e.g. a DNS-only token for the cluster), or add a sharedReason to the key in model/secrets.ts',
        );
      }
    },
  };
}

export const SECURITY_SECRET_ONE_LAYER = secretOneLayerRule();
