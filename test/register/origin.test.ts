import { pullRequestOfSubject } from '../../src/register/origin.js';

test('finds the pull request in GitHub merge and squash commit subjects only', () => {
  expect(pullRequestOfSubject('Merge pull request #12 from dinkes/sehat')).toBe(12);
  expect(pullRequestOfSubject('Permohonan sub domain sehat.bekasikota.go.id (#34)')).toBe(34);
  expect(pullRequestOfSubject('Fix #12 typo')).toBeUndefined();
  expect(pullRequestOfSubject('Catat permohonan (#0)')).toBeUndefined();
  expect(pullRequestOfSubject('direct push')).toBeUndefined();
});
