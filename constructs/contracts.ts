/**
 * Rules the constructs and stacks check on what their callers pass (not on the model: the model rules and deploy rules
 * have refused a bad model before a construct is built). Breaking one is a bug in the stack or chart that called the
 * construct, or in a catalogue of the code; it stops synth with the same error as a model problem (model/errors.ts
 * `fail`), naming the rule.
 */
export const CONSTRUCT_PROPS = 'construct-props';
export const SECRET_CATALOGUE = 'secret-catalogue';
export const PROVIDER_PINS = 'provider-pins';

export const CONSTRUCT_RULES: Readonly<Record<string, string>> = {
  [CONSTRUCT_PROPS]:
    'A construct gets props it can build: a security group with rules, a known IP set, host rules in one call, tunnel origins and Access expressions of the expected form, bastion rules with a port.',
  [SECRET_CATALOGUE]: 'A stack reads only the secrets the catalogue (model/secrets.ts) declares for it (tofuStacks).',
  [PROVIDER_PINS]: 'Every provider a stack uses has its pin (tools/pins.json, PROVIDER_PINS in stacks/providers.ts).',
};
