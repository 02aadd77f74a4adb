/** What discovery hands to the parsers: a file, where it is, and what it looks like. */
export type FileKind =
  | 'unit' // foo.service, foo.socket, …
  | 'dropin' // foo.service.d/bar.conf, service.d/bar.conf
  | 'unit-link' // foo.target.wants/bar.service (a symlink or an empty file)
  | 'nix'
  | 'python' // reconcile scripts
  | 'spec' // YAML/JSON/TOML reconcile specs
  | 'stack' // docker stack / compose YAML
  | 'shell'; // plain shell scripts (by .sh or shebang)

export interface SourceFile {
  /** Relative to the run's root (LintOptions.root), forward slashes: what every span says. */
  path: string;
  absPath: string;
  kind: FileKind;
  /** Whether its folder entry is a symbolic link; absent when discovery did not list it (a path given as such). */
  symlink?: boolean;
}
