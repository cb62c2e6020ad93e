/**
 * Property test over location sets (fast-check): fixture models with any number of Proxmox sites, OCI regions (with or
 * without bastions), spare AWS accounts, planned locations — and none of the cloud locations at all — either synthesize
 * with every active guest and cloud instance provisioned by exactly one stack, or are refused with a ModelError naming
 * entity, rule and fix. Never a stack trace.
 */
import fc from 'fast-check';
import { fixture, withOciLocation, withProxmoxSite, type Draft } from '../fixtures/models';
import { synthesize } from '../../synth';
import { ModelError } from '../../model/errors';
import { expectNoSilentDrop, type TfJson } from '../helpers/stacks';

interface Layout {
  readonly proxmox: readonly { readonly name: string; readonly planned: boolean }[];
  readonly oci: readonly { readonly name: string; readonly bastion: boolean; readonly planned: boolean }[];
  readonly spareAws: readonly string[];
  /** Remove the AWS backup location (and so every cloud location, when there is no OCI one). */
  readonly dropBackupLocation: boolean;
}

/** Location codenames: 3–8 letters (the edge stack's name and the base's own names come up on purpose). */
const codename = fc.oneof(fc.stringMatching(/^[a-z]{3,8}$/), fc.constantFrom('edge', 'home', 'vault'));

const layout: fc.Arbitrary<Layout> = fc.record({
  proxmox: fc.array(fc.record({ name: codename, planned: fc.boolean() }), { maxLength: 2 }),
  oci: fc.array(fc.record({ name: codename, bastion: fc.boolean(), planned: fc.boolean() }), { maxLength: 3 }),
  spareAws: fc.array(codename, { maxLength: 1 }),
  dropBackupLocation: fc.boolean(),
});

function build(l: Layout): Draft {
  const m = fixture();
  l.proxmox.forEach((site, i) => {
    withProxmoxSite(site.name, { host: `node${'abcdefgh'[i]}`, network: `dunes${'abcdefgh'[i]}`, vmid: 400 + i, ordinal: i + 1 })(m);
    if (site.planned) m.locations[m.locations.length - 1].lifecycle = 'planned';
  });
  l.oci.forEach((region, i) => {
    if (region.bastion) withOciLocation(region.name, `bastion-${String(i + 1).padStart(2, '0')}`)(m);
    else m.locations.push({ name: region.name, kind: 'cloud', cloud: 'oci', region: 'eu-frankfurt-1', description: 'An OCI region with nothing in it.' });
    if (region.planned) m.locations[m.locations.length - 1].lifecycle = 'planned';
  });
  for (const name of l.spareAws) m.locations.push({ name, kind: 'cloud', cloud: 'aws', region: 'eu-west-2', description: 'A spare AWS account.' });
  if (l.dropBackupLocation) m.locations = m.locations.filter((x) => x.name !== m.backups.location);
  return m;
}

describe('location sets (property)', () => {
  it('a model synthesizes with nothing dropped, or is refused with named rules — never a stack trace', () => {
    let synthesized = 0;
    let refused = 0;
    fc.assert(
      fc.property(layout, (l) => {
        const model = build(l);
        let result: ReturnType<typeof synthesize>;
        try {
          result = synthesize(model);
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
          for (const p of e.problems) {
            expect(p.entity.length).toBeGreaterThan(0);
            expect(p.rule).toMatch(/^[a-z0-9-]+$/);
            expect(p.fix.length).toBeGreaterThan(3);
          }
          refused++;
          return;
        }
        synthesized++;
        const stacks = new Map(result.stacks.map((s) => [s.name, JSON.parse(result.files.get(`tofu-out/stacks/${s.name}/cdk.tf.json`)!) as TfJson]));
        expectNoSilentDrop(result.model, stacks);
      }),
      { numRuns: 40, seed: 1313 },
    );
    expect(synthesized).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('a model without any cloud location is refused by a named rule (the backups need an AWS location)', () => {
    const m = fixture();
    m.locations = m.locations.filter((l) => l.kind !== 'cloud');
    expect(() => synthesize(m)).toThrow(ModelError);
    expect(() => synthesize(m)).toThrow(/\[backups\] location "vault" does not exist — rule: location-exists/);
  });

  it('a model with an OCI location but no instance there synthesizes without an OCI stack', () => {
    const m = fixture();
    m.locations.push({ name: 'tower', kind: 'cloud', cloud: 'oci', region: 'eu-frankfurt-1', description: 'Empty.' });
    expect(synthesize(m).stacks.map((s) => s.name)).toEqual(['home', 'vault', 'edge']);
  });
});
