import { synthesize } from '../../synth';
import { homelab } from '../../homelab';

/**
 * Regression snapshots of the synthesized stacks. Review changes, then `npx jest -u`. The k8s/ tree is pinned once, by
 * `npm run synth:check` against the committed files.
 */
describe('snapshots', () => {
  const { files } = synthesize(homelab);
  for (const [file, content] of files) {
    if (!file.startsWith('tofu-out/stacks/')) continue;
    it(file, () => {
      expect(content).toMatchSnapshot();
    });
  }
});
