import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { stampUiBundle, uiBundleInputs, uiBundleState } from './ui-bundle.js';

/** A checkout with a built, stamped UI: the files the UI build reads, and its output. */
function builtCheckout(): { root: string; ui: string } {
  const root = mkdtempSync(join(tmpdir(), 'ui-bundle-'));
  const ui = join(root, 'packages', 'ui');
  const files: Record<string, string> = {
    'package-lock.json': '{}',
    'tsconfig.base.json': '{}',
    'packages/ui/package.json': '{"name":"@otel-lab/ui"}',
    'packages/ui/vite.config.mts': 'export default {};',
    'packages/ui/tsconfig.app.json': '{}',
    'packages/ui/index.html': '<div id="app"></div>',
    'packages/ui/src/main.tsx': 'render();',
    'packages/ui/src/views/search.tsx': 'export const Search = 1;',
    'packages/ui/src/views/search.test.ts': 'test();',
    'packages/ui/src/e2e/lab.ts': 'browser();',
    'packages/ui/dist/web/index.html': '<script src="/assets/index.js"></script>',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  stampUiBundle(ui, uiBundleState(root, ui).hash);
  return { root, ui };
}

test('the inputs are the bundled sources and the build configuration, not tests', () => {
  const { root, ui } = builtCheckout();
  assert.deepEqual(uiBundleInputs(root, ui), [
    'package-lock.json',
    'packages/ui/index.html',
    'packages/ui/package.json',
    'packages/ui/src/main.tsx',
    'packages/ui/src/views/search.tsx',
    'packages/ui/tsconfig.app.json',
    'packages/ui/vite.config.mts',
    'tsconfig.base.json',
  ]);
});

const CASES: { change: string; edit: (root: string) => void; fresh: boolean; reason?: string }[] = [
  { change: 'nothing', edit: () => {}, fresh: true },
  {
    change: 'a source touched, its content the same (a checkout)',
    edit: (root) => utimesSync(join(root, 'packages/ui/src/main.tsx'), new Date(), new Date()),
    fresh: true,
  },
  {
    change: 'a source edited',
    edit: (root) => writeFileSync(join(root, 'packages/ui/src/views/search.tsx'), 'export {};'),
    fresh: false,
    reason: 'its sources changed',
  },
  {
    change: 'a source added',
    edit: (root) => writeFileSync(join(root, 'packages/ui/src/views/new.tsx'), 'export {};'),
    fresh: false,
    reason: 'its sources changed',
  },
  {
    change: 'the Vite configuration edited',
    edit: (root) => writeFileSync(join(root, 'packages/ui/vite.config.mts'), 'export default 1;'),
    fresh: false,
    reason: 'its sources changed',
  },
  {
    change: 'a dependency pinned anew',
    edit: (root) => writeFileSync(join(root, 'packages/ui/package.json'), '{"version":"2"}'),
    fresh: false,
    reason: 'its sources changed',
  },
  {
    change: 'a unit test and an end-to-end spec edited',
    edit: (root) => {
      writeFileSync(join(root, 'packages/ui/src/views/search.test.ts'), 'test(2);');
      writeFileSync(join(root, 'packages/ui/src/e2e/lab.ts'), 'browser(2);');
    },
    fresh: true,
  },
  {
    change: 'the bundle deleted',
    edit: (root) => rmSync(join(root, 'packages/ui/dist/web'), { recursive: true }),
    fresh: false,
    reason: 'it has not been built',
  },
  {
    change: 'a bundle built without the stamp',
    edit: (root) => rmSync(join(root, 'packages/ui/dist/web-inputs.sha256')),
    fresh: false,
    reason: 'its build is not stamped',
  },
];

for (const { change, edit, fresh, reason } of CASES) {
  test(`after ${change}, the bundle is ${fresh ? 'up to date' : 'rebuilt'}`, () => {
    const { root, ui } = builtCheckout();
    edit(root);
    const state = uiBundleState(root, ui);
    assert.equal(state.fresh, fresh);
    assert.equal(state.reason, reason);
  });
}

test('a new stamp makes a changed bundle up to date again', () => {
  const { root, ui } = builtCheckout();
  writeFileSync(join(root, 'packages/ui/src/main.tsx'), 'render(2);');
  const stale = uiBundleState(root, ui);
  assert.equal(stale.fresh, false);
  stampUiBundle(ui, stale.hash);
  assert.equal(uiBundleState(root, ui).fresh, true);
});
