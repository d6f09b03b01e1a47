import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertmanagerAlertsUrl } from './alertmanager-url.js';

const joined: [base: string, expected: string][] = [
  ['http://127.0.0.1:9093', 'http://127.0.0.1:9093/api/v2/alerts'],
  ['http://127.0.0.1:9093/', 'http://127.0.0.1:9093/api/v2/alerts'],
  ['https://am.example:443/prefix', 'https://am.example/prefix/api/v2/alerts'],
  ['http://am:9093/prefix/', 'http://am:9093/prefix/api/v2/alerts'],
  ['http://am:9093//a//b/../c', 'http://am:9093/a/c/api/v2/alerts'],
  ['http://[::1]:9093', 'http://[::1]:9093/api/v2/alerts'],
];
for (const [base, expected] of joined) {
  test(`${base} posts to ${expected}`, () => {
    assert.equal(alertmanagerAlertsUrl(base), expected);
  });
}

const refused: [base: string, message: RegExp][] = [
  ['127.0.0.1:9093', /not an absolute URL/],
  ['localhost:9093', /scheme must be http or https, not localhost/],
  ['', /not an absolute URL/],
  ['ftp://am:21', /scheme must be http or https, not ftp/],
  ['http://user:secret@am:9093', /credentials in the URL are not supported/],
  ['http://am:9093/?x=1', /no query or fragment/],
  ['http://am:9093/#top', /no query or fragment/],
];
for (const [base, message] of refused) {
  test(`refuses ${base}`, () => {
    assert.throws(() => alertmanagerAlertsUrl(base), message);
  });
}
