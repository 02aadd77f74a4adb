import { describe, expect, it } from 'vitest';
import { RepoFiles } from '../src/graph/build/repo-files.js';

const files = ['stacks/api.yml', 'stacks/web.yml', 'old/stacks/web.yml', 'scripts/deploy.py', 'deploy/app/scripts/deploy.py'].map((path) => ({ path, absPath: `/repo/${path}` }));

describe('repo path resolution', () => {
  const repo = new RepoFiles(files, { '/srv/deploy': 'deploy/app' });
  it('an absolute path of the checkout', () => expect(repo.resolve('/repo/stacks/api.yml')).toBe('stacks/api.yml'));
  it('relative to the referring file, then to the root', () => {
    expect(repo.resolve('../stacks/api.yml', 'units/a.service')).toBe('stacks/api.yml');
    expect(repo.resolve('./stacks/api.yml')).toBe('stacks/api.yml');
  });
  it('an absolute deploy path by its longest unique suffix', () => {
    expect(repo.resolve('/opt/deploy/stacks/api.yml')).toBe('stacks/api.yml');
    expect(repo.resolve('/opt/deploy/old/stacks/web.yml')).toBe('old/stacks/web.yml');
  });
  it('an ambiguous suffix resolves to nothing', () => expect(repo.resolve('/opt/x/stacks/web.yml')).toBeUndefined());
  it('pathMap says where a deploy prefix lives in the repo', () => {
    expect(repo.resolve('/srv/deploy/scripts/deploy.py')).toBe('deploy/app/scripts/deploy.py');
    expect(new RepoFiles(files).resolve('/srv/deploy/scripts/deploy.py')).toBeUndefined();
  });
  it('paths still holding a variable are unknown', () => expect(repo.resolve('$STACKS/api.yml')).toBeUndefined());
});
