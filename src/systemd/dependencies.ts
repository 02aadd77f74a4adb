/**
 * systemd's dependency directives (systemd.unit(5), "[Unit] Section Options"
 * and "[Install] Section Options"), in one table: the edge each makes in the
 * deploy graph, which way it points, and whether an empty assignment resets it.
 *
 * `Before=` is stored as the `after` edge seen from the other side, so every
 * ordering question asks one edge kind; [Install] directives make the edge
 * from the target to the unit it installs.
 */

/** The edges dependency directives make (the graph adds `triggers` and the link kinds). */
export type DependencyEdgeKind =
  | 'after' // from's start job waits for to's start job
  | 'wants' | 'requires' | 'binds-to' | 'requisite' | 'part-of' | 'conflicts' | 'upholds'
  | 'installs' // target → unit, from WantedBy=/RequiredBy=/UpheldBy= and .wants/ links
  | 'on-failure' | 'on-success';

export interface DependencyDirective {
  section: 'Unit' | 'Install';
  directive: string;
  /** The edge it makes; none for the directives the graph does not model (reload propagation, namespaces). */
  edge?: DependencyEdgeKind;
  /** The edge runs from the listed unit to the one that has the directive (Before=, every [Install] one). */
  reverse: boolean;
  /**
   * Whether an empty assignment resets the list. [Unit] dependencies never do
   * (config_parse_unit_deps: "dependencies cannot be reset to an empty list,
   * so dependencies can only be added in drop-ins"); [Install] lists do.
   */
  resettable: boolean;
}

const unit = (directive: string, edge?: DependencyEdgeKind, reverse = false): DependencyDirective => ({ section: 'Unit', directive, edge, reverse, resettable: false });
const install = (directive: string): DependencyDirective => ({ section: 'Install', directive, edge: 'installs', reverse: true, resettable: true });

/** In the order the graph adds their edges (which decides the order paths are found in). */
export const DEPENDENCY_DIRECTIVES: readonly DependencyDirective[] = [
  unit('After', 'after'),
  unit('Wants', 'wants'),
  unit('Requires', 'requires'),
  unit('BindsTo', 'binds-to'),
  unit('Requisite', 'requisite'),
  unit('PartOf', 'part-of'),
  unit('Conflicts', 'conflicts'),
  unit('Upholds', 'upholds'),
  unit('OnFailure', 'on-failure'),
  unit('OnSuccess', 'on-success'),
  unit('Before', 'after', true),
  install('WantedBy'),
  install('RequiredBy'),
  install('UpheldBy'),
  unit('PropagatesReloadTo'),
  unit('ReloadPropagatedFrom'),
  unit('JoinsNamespaceOf'),
];

/** `Section.Key` of each dependency directive that an empty assignment does not reset. */
const NOT_RESETTABLE: ReadonlySet<string> = new Set(DEPENDENCY_DIRECTIVES.filter((d) => !d.resettable).map((d) => `${d.section}.${d.directive}`));

/** Whether `Key=` (empty) in `section` resets the list assigned so far. */
export function resetsOnEmpty(section: string, key: string): boolean {
  return !NOT_RESETTABLE.has(`${section}.${key}`);
}
