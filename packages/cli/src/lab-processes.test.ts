import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseLabArgs } from './lab-args.js';
import { labProcesses, labRulesFile } from './lab-processes.js';

const root = join(__dirname, '..', '..', '..');

const backendArgsOf = (argv: string[]) => {
  const args = parseLabArgs(argv, {});
  assert.ok('backend' in args, JSON.stringify(args));
  return labProcesses(args, root, {}).find((p) => p.name === 'backend')?.args;
};

test("the backend evaluates the lab's rules, and the user's besides", () => {
  assert.ok(existsSync(labRulesFile(root)), labRulesFile(root));
  const lab = ['--rules', labRulesFile(root)];
  assert.deepEqual(backendArgsOf([]), lab);
  assert.deepEqual(backendArgsOf(['--rules', 'mine.yml', '--http-port', '17686']), [
    ...lab,
    '--rules',
    'mine.yml',
    '--http-port',
    '17686',
  ]);
});
