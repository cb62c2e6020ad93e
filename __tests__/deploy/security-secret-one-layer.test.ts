import { secretCatalogue, secretLayers, secretNames } from '../../model/secrets';
import { SECURITY_SECRET_ONE_LAYER, secretOneLayerRule } from '../../deploy/rules/security-secret-one-layer';
import { deployProblems } from './helpers';
import { fixtureModel, withOciBastion, withResticSource } from '../fixtures/models';
import { platformModel } from '../charts/fixtures';

/** A fixture whose catalogue has the OCI keys (admin CIDRs) and a restic writer besides the cluster's Velero one. */
const model = () => fixtureModel(withOciBastion, withResticSource);

describe("deploy rule 'deploy-security-secret-one-layer'", () => {
  it('compliant: the fixture catalogue (the edge token is OpenTofu-only; shared keys say why)', () => {
    const m = model();
    expect(secretCatalogue(m).map((k) => k.name)).toEqual(expect.arrayContaining([secretNames.cloudflareApiToken, secretNames.adminCidrs]));
    expect(deployProblems(SECURITY_SECRET_ONE_LAYER, m)).toEqual([]);
    // With the platform apps too: Authentik, Grafana, Velero and the download client's address the arr apps' egress names.
    expect(deployProblems(SECURITY_SECRET_ONE_LAYER, platformModel(withOciBastion, withResticSource))).toEqual([]);
  });

  it('non-compliant: the Cloudflare account token in the Traefik pod (tofu and flux) is rejected, naming the key', () => {
    const broken = secretOneLayerRule((m) =>
      secretCatalogue(m).map((k) =>
        k.name === secretNames.cloudflareApiToken ? { ...k, consumers: ['tofu', 'flux'] as const, fluxName: 'CLOUDFLARE_API_TOKEN' } : k,
      ),
    );
    const problems = deployProblems(broken, model());
    expect(problems).toEqual([
      expect.objectContaining({
        entity: 'secrets/cloudflare_api_token',
        rule: 'deploy-security-secret-one-layer',
        message: expect.stringContaining('reaches 2 layers (tofu, flux)'),
      }),
    ]);
    expect(problems[0].fix).toMatch(/DNS-only token .* or add a sharedReason/);
  });

  it('non-compliant: a blank reason does not count', () => {
    const broken = secretOneLayerRule((m) => secretCatalogue(m).map((k) => (k.name === secretNames.adminCidrs ? { ...k, sharedReason: '  ' } : k)));
    expect(deployProblems(broken, model()).map((p) => p.entity)).toEqual(['secrets/admin_cidrs']);
  });

  it('counts the layers a key really reaches: a backend credential reaches OpenTofu, a prune key only the person', () => {
    const byName = new Map(secretCatalogue(model()).map((k) => [k.name, k]));
    expect(secretLayers(byName.get(secretNames.stateAccessKeyId)!)).toEqual(['tofu']);
    expect(secretLayers(byName.get(secretNames.pruneSecretAccessKey)!)).toEqual(['operator']);
    expect(secretLayers(byName.get(secretNames.backupSecretAccessKey('cluster'))!)).toEqual(['flux']);
    expect(secretLayers(byName.get(secretNames.backupSecretAccessKey('alpha'))!)).toEqual(['ansible']);
  });
});
