/**
 * The field names that make a record a reconcile spec. Scripts name things
 * differently (`health_url`, `healthDomain`, `health-domain`), so names are
 * compared after normalisation; config can replace any list.
 */
export interface SpecVocabulary {
  /** Endpoints the reconcile waits on before it exits. */
  gate: readonly string[];
  /** Endpoints the spec's stack answers for. */
  served: readonly string[];
  stack: readonly string[];
  /** Later names are more specific and win when a record has several. */
  timeout: readonly string[];
  order: readonly string[];
  /** The field that names a record in a list of records. */
  name: readonly string[];
}

export const DEFAULT_SPEC_VOCABULARY: SpecVocabulary = {
  gate: ['health_domain', 'health_url', 'health_host', 'healthcheck_url', 'wait_for'],
  served: ['domain', 'domains', 'host', 'hosts', 'url'],
  stack: ['stack', 'stack_file', 'compose', 'compose_file'],
  timeout: ['timeout', 'health_timeout', 'wait_timeout'],
  order: ['depends_on', 'after'],
  name: ['name'],
};

export type FieldRole = 'gate' | 'served' | 'stack' | 'timeout' | 'order';
const ROLES: readonly FieldRole[] = ['gate', 'served', 'stack', 'timeout', 'order'];

/** `healthDomain`, `Health-Domain` and `health_domain` are one field. */
export function normalizeFieldName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

export function fieldRole(name: string, vocab: SpecVocabulary): FieldRole | undefined {
  const n = normalizeFieldName(name);
  return ROLES.find((role) => vocab[role].some((v) => normalizeFieldName(v) === n));
}

export function isNameField(name: string, vocab: SpecVocabulary): boolean {
  const n = normalizeFieldName(name);
  return vocab.name.some((v) => normalizeFieldName(v) === n);
}
