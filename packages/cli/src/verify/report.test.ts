import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PENDING } from './pending.js';
import { formatReport, reportJson, reportOf, TRAFFIC_ADVICE, WAIT_ADVICE } from './report.js';
import { checkOf, fail, pass, skip } from './result.js';

describe('check status and exit code', () => {
  const cases: { name: string; evidence: ReturnType<typeof pass>[]; status: string }[] = [
    { name: 'all pass', evidence: [pass('a'), pass('b')], status: 'pass' },
    { name: 'a skip among passes', evidence: [pass('a'), skip('b')], status: 'pass' },
    { name: 'all skipped', evidence: [skip('a')], status: 'skip' },
    { name: 'one failure', evidence: [pass('a'), skip('b'), fail('c')], status: 'fail' },
  ];
  for (const { name, evidence, status } of cases) {
    test(name, () => assert.equal(checkOf(1, 't', evidence).status, status));
  }

  test('exit 0 with passes and skips, 1 with any failure', () => {
    assert.equal(
      reportOf('x', [checkOf(1, 'a', [pass('a')]), checkOf(5, 'b', [skip('b')])]).exitCode,
      0,
    );
    assert.equal(
      reportOf('x', [checkOf(1, 'a', [pass('a')]), checkOf(2, 'b', [fail('b')])]).exitCode,
      1,
    );
  });
});

describe('the checklist', () => {
  const report = reportOf('demo-app http://localhost:8080', [
    checkOf(1, 'The services', [
      pass('demo-app up'),
      fail('no spans; run npm run traffic', PENDING.spans),
    ]),
    checkOf(4, 'Dashboard', [pass('7 panels'), skip('Traces: counted, not queried')]),
    checkOf(5, 'Logs', [skip('not checked: no Loki')]),
  ]);

  test('one line per check and per piece of evidence, marked ✓ ✗ –', () => {
    assert.equal(
      formatReport(report),
      [
        'Lab deliverables at demo-app http://localhost:8080',
        '',
        '✗ 1. The services',
        '    ✓ demo-app up',
        '    ✗ no spans; run npm run traffic; allow up to 10 s for spans (the services export them every 5 s)',
        '✓ 4. Dashboard',
        '    ✓ 7 panels',
        '    – Traces: counted, not queried',
        '– 5. Logs',
        '    – not checked: no Loki',
        '',
        'Result: 1 of 3 checks passed, 1 failed, 1 not checked (exit 1)',
        TRAFFIC_ADVICE,
        WAIT_ADVICE,
      ].join('\n'),
    );
  });

  test('after --wait: how long it waited, and no advice to wait', () => {
    const waited = reportOf(report.target, report.checks, 60_000);
    const text = formatReport(waited);
    assert.match(text, /\(exit 1\), after waiting 60 s\n/);
    assert.doesNotMatch(text, /--wait/);
  });

  test('a failure that waiting cannot mend gets no advice to wait', () => {
    const broken = reportOf('x', [
      checkOf(1, 'a', [fail('no spans', PENDING.spans), fail('parent ff is not in the trace')]),
    ]);
    assert.doesNotMatch(formatReport(broken), /--wait/);
  });

  test('no traffic advice when nothing lacks data', () => {
    const fine = reportOf('x', [checkOf(1, 'a', [fail('cannot reach http://x')])]);
    assert.doesNotMatch(formatReport(fine), /npm run traffic/);
  });

  test('--json holds the same facts', () => {
    const json = JSON.parse(reportJson(report));
    assert.equal(json.exitCode, 1);
    assert.equal(json.passed, false);
    assert.equal(json.needsTraffic, true);
    assert.deepEqual(
      json.checks.map((check: { id: number; status: string }) => [check.id, check.status]),
      [
        [1, 'fail'],
        [4, 'pass'],
        [5, 'skip'],
      ],
    );
    assert.deepEqual(json.checks[0].evidence[1], {
      status: 'fail',
      text: 'no spans; run npm run traffic',
      needsTraffic: true,
      pending: PENDING.spans,
    });
  });
});
