/**
 * The sensitive OpenTofu variables of a stack, declared from the secret catalogue (model/secrets.ts). Values come
 * from the Ansible Vault through `task tofu:plan|apply` (a 0600 var-file removed afterwards); nothing is in git.
 */
import { SECRET_CATALOGUE } from './contracts';
import { fail } from '../model/errors';
import { Construct } from 'constructs';
import { TerraformVariable } from './core';
import type { SecretKey, SecretType } from '../model/secrets';

export interface SecretVariablesProps {
  /** The catalogue entries this stack consumes (tofuVariablesFor(model, stack)). */
  readonly keys: readonly SecretKey[];
}

const TOFU_TYPE: Record<SecretType, string> = {
  'ipv4-address': 'string',
  'ipv4-cidr': 'string',
  'ipv4-cidr-list': 'list(string)',
  'vlan-id': 'number',
  domain: 'string',
  url: 'string',
  token: 'string',
  id: 'string',
  passphrase: 'string',
  'ssh-public-keys': 'list(string)',
  pem: 'string',
  'email-list': 'list(string)',
  'pci-path': 'string',
  'pci-id': 'string',
  'pci-id-list': 'list(string)',
  'iommu-group': 'number',
};

export class SecretVariables extends Construct {
  private readonly vars = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, props: SecretVariablesProps) {
    super(scope, id);
    for (const key of props.keys) {
      const variable = new TerraformVariable(this, key.name, {
        type: TOFU_TYPE[key.type],
        sensitive: true,
        nullable: false,
        description: `${key.description} (secret: from the Ansible Vault, key ${key.name})`,
      });
      variable.overrideLogicalId(key.name);
      this.vars.set(key.name, variable);
    }
  }

  private variable(name: string): TerraformVariable {
    const v = this.vars.get(name);
    if (!v)
      fail(
        `secrets/${name}`,
        SECRET_CATALOGUE,
        'the stack reads it, but it is not a variable of the stack',
        'add the stack to its tofuStacks in model/secrets.ts',
      );
    return v;
  }

  /** The variable's value as a string token. */
  string(name: string): string {
    return this.variable(name).stringValue;
  }

  /** The variable's value as a number token (VLAN IDs). */
  number(name: string): number {
    return this.variable(name).numberValue;
  }

  /** The variable's value as a list token (CIDR lists, SSH keys). */
  list(name: string): string[] {
    return this.variable(name).listValue;
  }

  /** `${var.<name>}` for places that need the raw reference (encryption, backend). */
  reference(name: string): string {
    return `\${${this.expression(name)}}`;
  }

  /** The bare expression `var.<name>`, for use inside a larger expression (a for-expression over a list). */
  expression(name: string): string {
    this.variable(name);
    return `var.${name}`;
  }
}
