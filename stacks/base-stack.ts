/**
 * The base every stack extends, rendered from its base plan (plan/stacks.ts): exact provider pins, the S3 backend in
 * the backup location (one key per stack, `use_lockfile`), OpenTofu state and plan encryption (pbkdf2 + aes_gcm,
 * enforced; one passphrase per stack, so a leaked passphrase opens one state, not all) and the stack's sensitive
 * variables. The backend's credentials come from the environment: the state-only identity for every stack, the
 * person's bootstrap profile for the backup location's AWS stack (scripts/secrets.sh). Layer stacks add resources,
 * never backends.
 */
import { PROVIDER_PINS as PROVIDER_PIN_RULE } from '../constructs/contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { S3Backend, TerraformStack } from '../constructs/core';
import type { StackBasePlan } from '../plan/stacks';
import { SecretVariables } from '../constructs/secret-variables';
import { PROVIDER_PINS, REQUIRED_TOFU_VERSION } from './providers';

export class HomelabStack extends TerraformStack {
  readonly stackName: string;
  /** Sensitive variables of this stack, from the secret catalogue. */
  readonly secrets: SecretVariables;

  constructor(scope: Construct, base: StackBasePlan) {
    super(scope, base.name);
    this.stackName = base.name;
    new S3Backend(this, { ...base.backend, encrypt: true });
    this.addOverride('terraform.backend.s3.use_lockfile', true);
    this.secrets = new SecretVariables(this, 'secrets', { keys: base.variables });
    this.addOverride('terraform.required_version', REQUIRED_TOFU_VERSION);
    // In OpenTofu's JSON syntax `keys` is an expression (a template reference) but `method` must be a static
    // traversal written without "${…}" — checked with real tofu (a template there fails at init/plan).
    this.addOverride('terraform.encryption', {
      key_provider: { pbkdf2: { state: { passphrase: this.secrets.reference(base.passphraseKey) } } },
      method: { aes_gcm: { state: { keys: '${key_provider.pbkdf2.state}' } } },
      state: { method: 'method.aes_gcm.state', enforced: true },
      plan: { method: 'method.aes_gcm.state', enforced: true },
    });
  }

  /** Rewrites `required_providers` to fully qualified sources and exact versions. */
  override toTerraform(): { terraform?: { required_providers?: Record<string, { source: string; version: string }> } } {
    const tf = super.toTerraform() as { terraform?: { required_providers?: Record<string, { source: string; version: string }> } };
    const required = tf.terraform?.required_providers;
    if (required) {
      for (const name of Object.keys(required)) {
        const pin = Object.hasOwn(PROVIDER_PINS, name) ? PROVIDER_PINS[name as keyof typeof PROVIDER_PINS] : undefined;
        if (!pin)
          fail(
            `stacks/${this.stackName}`,
            PROVIDER_PIN_RULE,
            `provider "${name}" has no pin`,
            'add it to tools/pins.json "providers" and to PROVIDER_PINS in stacks/providers.ts',
          );
        required[name] = { source: pin.source, version: pin.version };
      }
    }
    return tf;
  }
}
