import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import dockerignore from '@balena/dockerignore';
import { copiedManifestDirs, stageCopies } from './docker-build.js';
import { ROOT, readJson } from './stack-files.js';

const workspaces = (readJson(join(ROOT, 'package.json')).workspaces as string[]) ?? [];
const DOCKERFILES = ['demo-app/Dockerfile', 'payment-service/Dockerfile'];

describe('reading a Dockerfile', () => {
  const text = [
    'FROM node:20 AS manifests',
    'COPY package.json package-lock.json ./',
    'COPY packages/a/package.json packages/a/',
    'COPY packages/b/package.json \\',
    '  packages/b/',
    'COPY packages/c/package.json elsewhere/',
    'FROM manifests AS build',
    'COPY packages/d/package.json packages/d/',
    'FROM node:20',
    'COPY --from=build /lab/packages/a/package.json packages/a/',
  ].join('\n');

  test('the COPY instructions of one stage', () => {
    assert.deepEqual(stageCopies(text, 'build'), [
      { sources: ['packages/d/package.json'], destination: 'packages/d/' },
    ]);
  });

  test('the manifests a stage copies, and a manifest copied to another folder', () => {
    assert.deepEqual(copiedManifestDirs(text, 'manifests'), [
      'packages/a',
      'packages/b',
      'packages/c/package.json -> elsewhere/',
    ]);
  });
});

for (const file of DOCKERFILES) {
  test(`${file} copies every workspace's manifest, as the root package.json lists them`, () => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    assert.deepEqual(copiedManifestDirs(text, 'manifests'), workspaces);
    const root = stageCopies(text, 'manifests')[0];
    assert.deepEqual(root?.sources, ['package.json', 'package-lock.json', 'tsconfig.base.json']);
  });
}

describe('.dockerignore', () => {
  const rules = dockerignore().add(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n'));

  test("keeps every workspace's manifest and the root's, which npm ci needs", () => {
    const needed = ['package.json', 'package-lock.json', 'tsconfig.base.json'].concat(
      workspaces.map((dir) => `${dir}/package.json`),
    );
    assert.deepEqual(
      needed.filter((path) => rules.ignores(path)),
      [],
    );
  });

  test('leaves out what the images build themselves or never use', () => {
    for (const path of ['node_modules/x', 'demo-app/dist/main.js', 'data/x', '.git/HEAD']) {
      assert.ok(rules.ignores(path), path);
    }
    assert.ok(rules.ignores('bench/src/ingest.ts'));
    assert.ok(!rules.ignores('packages/telemetry/src/index.ts'));
  });
});
