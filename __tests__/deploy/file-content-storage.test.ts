import { fileContentStorage } from '../../deploy/rules/file-content-storage';
import { deployProblems } from './helpers';
import { mutated, seedCopy } from '../helpers/model';
import type { Homelab } from '../../model/types';

describe("deploy rule 'deploy-file-content-storage'", () => {
  it('compliant: images and snippets sit on directory pools', () => {
    expect(deployProblems(fileContentStorage, seedCopy() as Homelab)).toEqual([]);
  });

  it('non-compliant: an LVM-thin pool holding images (allowed by decision 0007 on main) is reported', () => {
    const model = mutated((m) => {
      m.storage.find((s) => s.name === 'atlas-bedrock')!.backend = 'lvm-thin';
    }) as Homelab;
    const problems = deployProblems(fileContentStorage, model);
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['storage/atlas-bedrock', 'deploy-file-content-storage']]);
    expect(problems[0].message).toMatch(/holds images and snippets but is a local lvm-thin/);
  });

  it('non-compliant: a local pool of undeclared backend cannot be trusted with files', () => {
    const model = mutated((m) => {
      delete m.storage.find((s) => s.name === 'godzilla-bedrock')!.backend;
    }) as Homelab;
    expect(deployProblems(fileContentStorage, model).map((p) => p.entity)).toEqual(['storage/godzilla-bedrock']);
  });
});
