/**
 * The module system: imports, option declarations and defaults, the `config`
 * fixpoint across modules, mkIf/mkMerge/mkOverride/mkOrder, merging by type,
 * submodules, module arguments, and what is reported when a module is broken.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJSONText } from '../src/parsers/nix/eval/builtins/json.js';
import { RepoFileAccess } from '../src/parsers/nix/eval/file-access.js';
import type { Value } from '../src/parsers/nix/eval/value.js';
import { metaOf } from '../src/parsers/nix/modules/merge.js';
import { createSession, evalNixos } from '../src/parsers/nix/nixos/session.js';
import { tempRepo } from './helpers/temp-repo.js';
import { RunBudget } from '../src/parsers/nix/eval/budget.js';

const SPAN = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Evaluates the given modules (the first file and what it imports, or `roots`) and reads config paths. */
function modules(files: Record<string, string>, roots: string[] = [Object.keys(files)[0]!]) {
  const dir = tempRepo(files);
  const s = createSession({ files: new RepoFileAccess(dir, dir), cwd: dir, run: new RunBudget(5_000_000) });
  const config = evalNixos(
    s,
    roots.map((r) => ({ kind: 'file' as const, abs: join(dir, r) })),
  );
  const value = (path: string): Value => {
    let v = s.m.force(config);
    for (const k of path.split('.')) {
      if (v.t !== 'attrs') throw new Error(`${path}: not a set at ${k}`);
      const a = v.map.get(k);
      if (!a) throw new Error(`${path}: no ${k}`);
      v = s.m.force(a.v);
    }
    return v;
  };
  const json = (path: string): unknown => JSON.parse(toJSONText(s.m, value(path), SPAN));
  const thunk = (path: string) => {
    const parts = path.split('.');
    const last = parts.pop()!;
    const parent = parts.length ? value(parts.join('.')) : s.m.force(config);
    if (parent.t !== 'attrs') throw new Error('not a set');
    return parent.map.get(last)!.v;
  };
  return { s, json, value, thunk, diagnostics: () => [...s.diagnostics, ...s.m.notes] };
}

describe('options and config', () => {
  it('declared defaults apply; definitions override them; config reads other modules (a lazy fixpoint)', () => {
    const m = modules({
      'main.nix': `{ config, lib, ... }: {
  imports = [ ./app.nix ];
  services.app.enable = true;
  services.app.port = 9000;
}`,
      'app.nix': `{ config, lib, ... }:
with lib;
let cfg = config.services.app; in {
  options.services.app = {
    enable = mkEnableOption "app";
    port = mkOption { type = types.port; default = 8080; };
    host = mkOption { type = types.str; default = "app.\${config.networking.domain}"; };
    user = mkOption { type = types.str; default = "app"; };
  };
  config = mkIf cfg.enable {
    networking.domain = "example.net";
    systemd.services.app.environment.PORT = toString cfg.port;
    systemd.services.app.description = "\${cfg.user}@\${cfg.host}";
  };
}`,
    });
    expect(m.json('services.app')).toEqual({ enable: true, port: 9000, host: 'app.example.net', user: 'app' });
    expect(m.json('systemd.services.app.environment')).toEqual({ PORT: '9000' });
    expect(m.json('systemd.services.app.description')).toBe('app@app.example.net');
  });

  it('priorities: mkForce over plain over mkDefault over the option default; mkOverride with any number', () => {
    const m = modules({
      'a.nix': `{ lib, ... }: {
  imports = [ ./b.nix ];
  options.x = { a = lib.mkOption { default = "default"; }; b = lib.mkOption { default = "default"; }; c = lib.mkOption { default = "default"; }; d = lib.mkOption { default = 0; }; };
  config.x = { a = lib.mkDefault "mkDefault"; b = "plain"; c = lib.mkForce "mkForce"; d = lib.mkOverride 20 20; };
}`,
      'b.nix': `{ lib, ... }: {
  x = { b = lib.mkDefault "weaker"; c = "plain"; d = lib.mkOverride 10 10; };
}`,
    });
    expect(m.json('x')).toEqual({ a: 'mkDefault', b: 'plain', c: 'mkForce', d: 10 });
  });

  it('lists concatenate in module order, mkBefore/mkAfter/mkOrder reorder them; lines join', () => {
    const m = modules({
      'a.nix': `{ lib, ... }: {
  imports = [ ./b.nix ./c.nix ];
  systemd.services.s.after = [ "a.service" ];
  systemd.services.s.script = "echo a";
}`,
      'b.nix': `{ lib, ... }: { systemd.services.s.after = lib.mkAfter [ "b.service" ]; systemd.services.s.script = lib.mkBefore "echo b"; }`,
      'c.nix': `{ lib, ... }: { systemd.services.s.after = lib.mkOrder 10 [ "c.service" ]; }`,
    });
    expect(m.json('systemd.services.s.after')).toEqual(['c.service', 'a.service', 'b.service']);
    expect(m.json('systemd.services.s.script')).toBe('echo b\necho a');
  });

  it('mkIf false removes a unit; mkMerge splits; conditions are evaluated only where needed', () => {
    const m = modules({
      'a.nix': `{ config, lib, ... }: {
  options.flag = lib.mkOption { default = false; };
  config = lib.mkMerge [
    (lib.mkIf config.flag { systemd.services.off.script = "x"; })
    (lib.mkIf (!config.flag) { systemd.services.on.script = "y"; })
    { systemd.services.on.after = lib.mkIf config.flag [ "never.service" ]; }
  ];
}`,
    });
    expect(Object.keys(m.json('systemd.services') as object)).toEqual(['on']);
    expect(m.json('systemd.services.on.after')).toEqual([]);
  });

  it('conflicting definitions of a single-valued option are reported; the first is kept', () => {
    const m = modules({
      'a.nix': `{ ... }: { imports = [ ./b.nix ]; systemd.services.s.serviceConfig.Type = "oneshot"; }`,
      'b.nix': `{ ... }: { systemd.services.s.serviceConfig.Type = "simple"; }`,
    });
    expect(m.json('systemd.services.s.serviceConfig.Type')).toBe('oneshot');
    expect(m.diagnostics().map((d) => [d.rule, d.message, d.location.file])).toContainEqual([
      'nix-eval-error',
      "The option `systemd.services.s.serviceConfig.Type' has conflicting definition values",
      'b.nix',
    ]);
  });

  it('serviceConfig values that are lists concatenate across modules', () => {
    const m = modules({
      'a.nix': `{ ... }: { imports = [ ./b.nix ]; systemd.services.s.serviceConfig.ExecStartPre = "/bin/a"; }`,
      'b.nix': `{ ... }: { systemd.services.s.serviceConfig.ExecStartPre = [ "/bin/b" ]; }`,
    });
    expect(m.json('systemd.services.s.serviceConfig.ExecStartPre')).toEqual(['/bin/a', '/bin/b']);
  });

  it('a merged value remembers the definitions it came from (for spans)', () => {
    const m = modules({
      'a.nix': `{ lib, ... }: {
  imports = [ ./b.nix ];
  systemd.services.s.description = lib.mkDefault "weak";
}`,
      'b.nix': `{ ... }: {
  systemd.services.s.description = "strong";
}`,
    });
    m.value('systemd.services.s.description');
    const defs = metaOf(m.thunk('systemd.services.s.description'))!.defs;
    expect(defs.map((d) => [d.file, d.bind?.line, d.bind?.column])).toEqual([['b.nix', 2, 3]]);
  });
});

describe('imports', () => {
  it('follows imports relative to the importing file, directories by default.nix, each file once (cycles are fine)', () => {
    const m = modules({
      'top.nix': `{ ... }: { imports = [ ./sub ./sub/b.nix ]; }`,
      'sub/default.nix': `{ ... }: { imports = [ ./b.nix ../top.nix ]; systemd.services.a.after = [ "from-a" ]; }`,
      'sub/b.nix': `{ ... }: { imports = [ ./default.nix ]; systemd.services.a.after = [ "from-b" ]; }`,
    });
    expect(m.json('systemd.services.a.after')).toEqual(['from-a', 'from-b']);
    expect(m.s.scope.files.size).toBe(3);
  });

  it('inline modules, function modules, and `import` of a helper that is not a module', () => {
    const m = modules({
      'top.nix': `{ lib, ... }:
let helper = import ./helper.nix { inherit lib; }; in {
  imports = [ { systemd.services.x.wants = [ "inline" ]; } ({ config, ... }: { systemd.services.x.wants = [ helper.name ]; }) ];
}`,
      'helper.nix': `{ lib }: { name = lib.toUpper "helper"; }`,
    });
    expect(m.json('systemd.services.x.wants')).toEqual(['inline', 'HELPER']);
  });

  it('_module.args reach modules that ask for them; imports that depend on config are reported, not followed', () => {
    const m = modules({
      'top.nix': `{ ... }: { imports = [ ./uses-arg.nix ./bad-imports.nix ]; _module.args.site = { name = "ci"; }; }`,
      'uses-arg.nix': `{ site, ... }: { systemd.services.\${site.name}.script = "true"; }`,
      'bad-imports.nix': `{ config, ... }: { imports = if config.systemd.services ? ci then [ ] else [ ]; }`,
    });
    expect(Object.keys(m.json('systemd.services') as object)).toEqual(['ci']);
    expect(m.diagnostics().map((d) => d.message)).toContainEqual(expect.stringContaining('imports cannot depend on config'));
  });
});

describe('submodules', () => {
  it('attrsOf (submodule …) declared by a module: defaults per element, `name` available, functions as modules', () => {
    const m = modules({
      'a.nix': `{ config, lib, ... }:
with lib; {
  options.sites = mkOption {
    type = types.attrsOf (types.submodule ({ name, ... }: {
      options.domain = mkOption { type = types.str; default = "\${name}.example.net"; };
      options.port = mkOption { type = types.int; default = 80; };
    }));
    default = { };
  };
  config.sites.blog = { port = 8080; };
  config.sites.shop = { domain = "shop.test"; };
  config.systemd.services = mapAttrs' (n: s: nameValuePair "site-\${n}" { description = "\${s.domain}:\${toString s.port}"; }) config.sites;
}`,
    });
    expect(m.json('sites')).toEqual({ blog: { domain: 'blog.example.net', port: 8080 }, shop: { domain: 'shop.test', port: 80 } });
    expect(m.json('systemd.services.site-blog.description')).toBe('blog.example.net:8080');
  });
});

describe('broken modules', () => {
  it('an error in one module is reported at its place and does not take the others down', () => {
    const m = modules({
      'a.nix': `{ ... }: { imports = [ ./b.nix ]; systemd.services.good.script = "true"; }`,
      'b.nix': `{ ... }: { systemd.services.bad.after = [ (throw "no") ]; systemd.services.\${throw "name"}.script = "x"; }`,
    });
    expect(m.json('systemd.services.good.script')).toBe('true');
    expect(m.diagnostics().map((d) => [d.rule, d.message, d.location.file])).toContainEqual(['nix-eval-error', 'a definition could not be evaluated: name', 'b.nix']);
  });
});
