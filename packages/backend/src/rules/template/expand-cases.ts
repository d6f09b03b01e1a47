/**
 * Rule templates with the text Prometheus expands them to, for the unit tests and for the
 * differential test that has promtool 2.42 check the same expansions.
 */

export const CASE_LABELS = { instance: 'db-1.lab:9187', job: 'postgres', route: '/pay now' };
export const CASE_EXTERNAL_LABELS = { cluster: 'lab-eu', replica: 'a' };
export const CASE_EXTERNAL_URL = 'http://lab.example:9090/prom';

export interface ExpandCase {
  template: string;
  value: number;
  expected: string;
}

const c = (template: string, value: number, expected: string): ExpandCase => ({
  template,
  value,
  expected,
});

export const EXPAND_CASES: ExpandCase[] = [
  // Variables and fields, as Prometheus's prelude defines them.
  c('{{ $labels.instance }} on {{ $labels.job }}', 1, 'db-1.lab:9187 on postgres'),
  c('{{ .Labels.route }}|{{ $externalLabels.cluster }}', 1, '/pay now|lab-eu'),
  c('{{ $externalURL }}/alerts', 1, 'http://lab.example:9090/prom/alerts'),
  c('{{ .ExternalURL }}', 1, 'http://lab.example:9090/prom'),
  c('[{{ $labels.missing }}]', 1, '[]'),
  c('{{ $labels }}', 1, 'map[instance:db-1.lab:9187 job:postgres route:/pay now]'),
  c('{{ $.Labels.job }}', 1, 'postgres'),
  c('{{ $value }}', 1234567, '1.234567e+06'),
  c('{{ $value }}', 123456, '123456'),
  c('{{ $value }}', 0.5, '0.5'),
  c('{{ $value }}', 0.00001, '1e-05'),
  c('{{ .Value }}', -3, '-3'),
  c('{{ $value }}', Number.NaN, 'NaN'),
  c('{{ $value }}', Number.POSITIVE_INFINITY, '+Inf'),
  c('{{ $value }}', Number.NEGATIVE_INFINITY, '-Inf'),
  // humanize family.
  c('{{ $value | humanize }}', 1234567, '1.235M'),
  c('{{ humanize $value }}', 0, '0'),
  c('{{ humanize $value }}', 999, '999'),
  c('{{ humanize $value }}', 1000, '1k'),
  c('{{ humanize $value }}', 0.001234, '1.234m'),
  c('{{ humanize $value }}', -2500000000, '-2.5G'),
  c('{{ humanize $value }}', 1.5e-9, '1.5n'),
  c('{{ humanize $value }}', Number.NaN, 'NaN'),
  c('{{ humanize $value }}', Number.POSITIVE_INFINITY, '+Inf'),
  c('{{ humanize "2048" }}', 1, '2.048k'),
  c('{{ humanize 1234 }}', 1, '1.234k'),
  c('{{ humanize1024 $value }}', 1048576, '1Mi'),
  c('{{ humanize1024 $value }}', 1536, '1.5ki'),
  c('{{ humanize1024 $value }}', 0.5, '0.5'),
  c('{{ humanize1024 $value }}', 123456789012, '115Gi'),
  c('{{ humanizeDuration $value }}', 90, '1m 30s'),
  c('{{ humanizeDuration $value }}', 0, '0s'),
  c('{{ humanizeDuration $value }}', 1.5, '1.5s'),
  c('{{ humanizeDuration $value }}', 3661, '1h 1m 1s'),
  c('{{ humanizeDuration $value }}', 93784.7, '1d 2h 3m 4s'),
  c('{{ humanizeDuration $value }}', -90, '-1m 30s'),
  c('{{ humanizeDuration $value }}', 0.0125, '12.5ms'),
  c('{{ humanizeDuration $value }}', 0.000002, '2us'),
  c('{{ humanizePercentage $value }}', 0.1234, '12.34%'),
  c('{{ humanizePercentage $value }}', 1, '100%'),
  c('{{ humanizePercentage $value }}', 0.000012345, '0.001234%'),
  c('{{ humanizeTimestamp $value }}', 1700000000, '2023-11-14 22:13:20 +0000 UTC'),
  c('{{ humanizeTimestamp $value }}', 1700000000.5, '2023-11-14 22:13:20.5 +0000 UTC'),
  c('{{ humanizeTimestamp $value }}', 0, '1970-01-01 00:00:00 +0000 UTC'),
  // printf with Go's verbs.
  c('{{ printf "%.2f" $value }}', 3.14258, '3.14'),
  c('{{ printf "%.0f" $value }}', 2.5, '2'),
  c('{{ printf "%.1f" $value }}', 0.25, '0.2'),
  c('{{ printf "%.2f" $value }}', 1.005, '1.00'),
  c('{{ printf "%f" $value }}', 1e21, '1000000000000000000000.000000'),
  c('{{ printf "%g" $value }}', 1e21, '1e+21'),
  c('{{ printf "%g" $value }}', 100000, '100000'),
  c('{{ printf "%g" $value }}', 1000000, '1e+06'),
  c('{{ printf "%.3g" $value }}', 0.00012345, '0.000123'),
  c('{{ printf "%e" $value }}', 1234.5678, '1.234568e+03'),
  c('{{ printf "%v" $value }}', 0.1, '0.1'),
  c('{{ printf "%.2f" $value }}', Number.NaN, 'NaN'),
  c('{{ printf "%f" $value }}', Number.POSITIVE_INFINITY, '+Inf'),
  c('{{ printf "%d" $value }}', 3, '%!d(float64=3)'),
  c('{{ printf "%d" 42 }}', 1, '42'),
  c('{{ printf "%5.1f|%-6s|%06.2f" $value "ab" $value }}', 3.14258, '  3.1|ab    |003.14'),
  c('{{ printf "%s is %q" $labels.job $labels.route }}', 1, 'postgres is "/pay now"'),
  c('{{ printf "%s" }}', 1, '%!s(MISSING)'),
  c('{{ printf "%s" "a" "b" }}', 1, 'a%!(EXTRA string=b)'),
  c('{{ printf "%v" $labels.job | toUpper }}', 1, 'POSTGRES'),
  c('{{ printf "100%%" }}', 1, '100%'),
  // String functions.
  c('{{ title "hello lab-world" }}', 1, 'Hello Lab-World'),
  c('{{ toLower "MiXeD" }} {{ toUpper $labels.job }}', 1, 'mixed POSTGRES'),
  c('{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}', 1, 'db-1.lab'),
  c('{{ reReplaceAll "[aeiou]" "_" $labels.job }}', 1, 'p_stgr_s'),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go replacement names its group so
  c('{{ reReplaceAll "(?P<host>[^.]+)\\\\..*" "${host}!" $labels.instance }}', 1, 'db-1!'),
  // Conditions.
  c('{{ if gt $value 100.0 }}high{{ else }}low{{ end }}', 250, 'high'),
  c('{{ if gt $value 100.0 }}high{{ else }}low{{ end }}', 50, 'low'),
  c('{{ if lt $value 1.0 }}a{{ else if lt $value 10.0 }}b{{ else }}c{{ end }}', 5, 'b'),
  c('{{ if eq $labels.job "postgres" "mysql" }}db{{ end }}', 1, 'db'),
  c('{{ if ne $labels.job "postgres" }}x{{ else }}same{{ end }}', 1, 'same'),
  c('{{ if and (ge $value 1.0) (le $value 2.0) }}in{{ end }}', 1.5, 'in'),
  c(
    '{{ if or $labels.missing $labels.job }}{{ or $labels.missing "fallback" }}{{ end }}',
    1,
    'fallback',
  ),
  c('{{ if not $labels.missing }}no label{{ end }}', 1, 'no label'),
  c('{{ with $labels.route }}route {{ . }}{{ else }}none{{ end }}', 1, 'route /pay now'),
  c('{{ with $labels.missing }}{{ . }}{{ else }}none{{ end }}', 1, 'none'),
  c('{{ $v := humanize $value }}{{ $v }}!', 2048, '2.048k!'),
  // White space trimming and comments.
  c('a  {{- $labels.job -}}  b', 1, 'apostgresb'),
  c('a {{/* a comment */}} b', 1, 'a  b'),
  c('line1\n{{- " line2" }}\n', 1, 'line1 line2\n'),
  // Expansion errors are written into the text, as Prometheus does.
  c(
    '{{ humanize "abc" }}',
    1,
    '<error expanding template: error executing template __alert_Case: template: __alert_Case:1:115: executing "__alert_Case" at <humanize "abc">: error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax>',
  ),
];
