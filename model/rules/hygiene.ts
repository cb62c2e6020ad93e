import type { ModelRule } from './rule';
import { childPath } from './rule';

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\d.])/;
const IPV6 = /(?<![0-9a-f:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-f:])/i;
const PUBLIC_CHECKSUM = /^images\/[^/]+\/checksum\/value$/;
const TOKENISH = /\b(?:[A-Za-z0-9+/]{40,}={0,2}|[0-9a-f]{32,})\b/;

/** No secret in the model: no address, CIDR or token-like value in any field. */
export const noSecretsInModel: ModelRule = {
  id: 'no-secrets-in-model',
  description: 'The model holds no address, CIDR or token: those live in the Ansible Vault.',
  check(model, _index, problems) {
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        // A published checksum of a public download is meant to be in the model (it pins what the node verifies).
        if (PUBLIC_CHECKSUM.test(path)) return;
        if (IPV4.test(value) || IPV6.test(value))
          problems.report(
            path,
            'no-secrets-in-model',
            `"${value}" looks like an IP address or CIDR`,
            'remove it: addresses live in the Ansible Vault (model/secrets.ts lists the key)',
          );
        else if (TOKENISH.test(value))
          problems.report(
            path,
            'no-secrets-in-model',
            `"${value.slice(0, 12)}…" looks like a token or key`,
            'remove it: credentials live in the Ansible Vault',
          );
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPath(path, i, v)));
      else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}/${k}`);
    };
    walk(model, '');
  },
};
