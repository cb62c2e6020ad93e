import { synthesize } from '../../synth';
import { homelab } from '../../homelab';

/** Regression snapshots of every synthesized file (stacks, k8s tree). Review changes, then `npx jest -u`. */
describe('snapshots', () => {
  const { files } = synthesize(homelab);
  for (const [file, content] of files) {
    if (!file.startsWith('tofu-out/stacks/') && !file.startsWith('k8s/')) continue;
    it(file, () => {
      expect(content).toMatchSnapshot();
    });
  }
});
