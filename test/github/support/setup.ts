import { join } from 'node:path';
import { createGitHub, type GitHub } from '../../../src/github/client.js';
import { loadResponseValidator, type ResponseValidator } from './openapi.js';
import { FakeGitHub, FIXTURES, loadScenario } from './fake-github.js';

let validator: ResponseValidator | undefined;

/** One validator per test file: loading GitHub's description costs about a second. */
export function responseValidator(): ResponseValidator {
  validator ??= loadResponseValidator();
  return validator;
}

export async function startFake(scenario: string): Promise<FakeGitHub> {
  const fake = new FakeGitHub(responseValidator()).load(loadScenario(scenario));
  await fake.start();
  return fake;
}

/** An Octokit client for the fake: fast retries, no throttling, no logging. */
export function clientFor(fake: FakeGitHub): GitHub {
  return createGitHub({ token: 'test-token', baseUrl: fake.url, retry: { retryAfterBaseValue: 10 }, throttle: { enabled: false } });
}

export function baseDir(office: string): string {
  return join(FIXTURES, 'bases', office);
}
