// Where the shared conformance data lives: ../shared next to the repository (never copied in).
import { sharedConformance } from '@otel-lab/testkit';

const logql = sharedConformance('logql');
export const conformanceDir = logql.dir;
/** Whether the data is present; absent data skips the tests unless OTEL_LAB_REQUIRE_ALL is set. */
export const conformanceSkip = (file: string) => logql.skip(file);
