/**
 * Where deploy-lint's documentation is published, for formats that link to it
 * (SARIF `informationUri` and `helpUri`, the Drone card template). The same
 * address is package.json's `homepage` (test/report-sarif.test.ts checks).
 */
export const HOMEPAGE = 'https://github.com/deploy-lint/deploy-lint';

/** The rule's section of docs/rules.md (generated from the registry by `npm run docs:rules`). */
export function ruleDocsUri(id: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules.md#${id}`;
}
