/**
 * The media type of a Content-Type header, lower case, without parameters ("application/json"
 * for "Application/JSON; charset=utf-8"); '' when there is none. The one reading of Content-Type
 * on both ports, so an OTLP body, an import and the write guard agree on what was sent.
 */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
