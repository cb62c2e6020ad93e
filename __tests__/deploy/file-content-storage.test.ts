import { fileContentStorage } from '../../deploy/rules/file-content-storage';
import { deployProblems } from './helpers';
import { fixture, fixtureModel, withGpuWorkbench, type Draft } from '../fixtures/models';

const pool = (m: Draft, name: string) => m.storage.find((s) => s.name === name)!;

describe("deploy rule 'deploy-file-content-storage'", () => {
  it('compliant: images and snippets sit on directory pools', () => {
    expect(deployProblems(fileContentStorage, fixtureModel(withGpuWorkbench))).toEqual([]);
  });

  it('non-compliant: an LVM-thin pool holding images (allowed by decision 0007 on main) is reported', () => {
    const model = fixture(withGpuWorkbench);
    pool(model, 'alpha-disk').backend = 'lvm-thin';
    const problems = deployProblems(fileContentStorage, model);
    expect(problems.map((p) => [p.entity, p.rule])).toEqual([['storage/alpha-disk', 'deploy-file-content-storage']]);
    expect(problems[0].message).toMatch(/holds images and snippets but is a local lvm-thin/);
  });

  it('non-compliant: a local pool of undeclared backend cannot be trusted with files', () => {
    const model = fixture(withGpuWorkbench);
    delete pool(model, 'titan-disk').backend;
    expect(deployProblems(fileContentStorage, model).map((p) => p.entity)).toEqual(['storage/titan-disk']);
  });
});
