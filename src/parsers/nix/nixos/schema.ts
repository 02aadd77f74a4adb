/**
 * The part of NixOS's option tree the analyzer reads, declared as a module
 * (types and defaults as in nixos/lib/systemd-unit-options.nix and the
 * service modules). Declaring them gives NixOS's merge semantics — unit lists
 * concatenate across modules, `script` pieces join as lines, a unit whose
 * every definition is under a false `mkIf` does not exist — and NixOS's
 * defaults (`enable = true` for units, `false` for services).
 */
export const SCHEMA_FILE = '<deploy-lint/nixos-schema.nix>';

export const SCHEMA = String.raw`{ config, lib, ... }:
with lib;
let
  unitOption = { _type = "option-type"; name = "unitOption"; description = "systemd option"; };
  names = mkOption { type = types.listOf types.str; default = [ ]; };
  lines = mkOption { type = types.lines; default = ""; };
  settings = mkOption { type = types.attrsOf unitOption; default = { }; };
  unit = {
    options = {
      enable = mkOption { type = types.bool; default = true; };
      description = mkOption { type = types.str; default = ""; };
      documentation = names;
      requires = names; wants = names; upholds = names; after = names; before = names;
      bindsTo = names; partOf = names; conflicts = names; requisite = names;
      onFailure = names; onSuccess = names;
      wantedBy = names; requiredBy = names; upheldBy = names; aliases = names;
      unitConfig = settings;
      restartTriggers = mkOption { type = types.listOf types.anything; default = [ ]; };
      reloadTriggers = mkOption { type = types.listOf types.anything; default = [ ]; };
    };
  };
  service = {
    options = {
      serviceConfig = settings;
      script = lines; preStart = lines; postStart = lines; reload = lines; preStop = lines; postStop = lines;
      environment = mkOption { type = types.attrsOf types.anything; default = { }; };
      path = mkOption { type = types.listOf types.anything; default = [ ]; };
      startAt = mkOption { type = types.anything; default = [ ]; };
    };
  };
  socket = { options = { socketConfig = settings; listenStreams = names; listenDatagrams = names; }; };
  timer = { options.timerConfig = settings; };
  pathUnit = { options.pathConfig = settings; };
  slice = { options.sliceConfig = settings; };
  mount = {
    options = {
      what = mkOption { type = types.str; };
      where = mkOption { type = types.str; };
      type = mkOption { type = types.str; default = ""; };
      options = mkOption { type = types.commas; default = ""; };
      mountConfig = settings;
    };
  };
  units = extra: mkOption { type = types.attrsOf (types.submodule [ unit extra ]); default = { }; };
  address = types.submodule {
    options = {
      address = mkOption { type = types.str; };
      prefixLength = mkOption { type = types.int; };
      via = mkOption { type = types.nullOr types.str; default = null; };
    };
  };
  addresses = mkOption { type = types.listOf address; default = [ ]; };
  ipFamily = { addresses = addresses; routes = addresses; };
  gateway = mkOption { type = types.nullOr types.anything; default = null; };
in
{
  options = {
    system.stateVersion = mkOption { type = types.str; };
    systemd = {
      services = units service;
      targets = units { };
      sockets = units socket;
      timers = units timer;
      paths = units pathUnit;
      slices = units slice;
      mounts = mkOption { type = types.listOf (types.submodule [ unit mount ]); default = [ ]; };
    };
    virtualisation.docker = {
      enable = mkEnableOption "docker";
      enableOnBoot = mkOption { type = types.bool; default = true; };
      daemon.settings = mkOption { type = types.anything; default = { }; };
    };
    virtualisation.oci-containers = {
      backend = mkOption {
        type = types.enum [ "podman" "docker" ];
        default = if versionAtLeast config.system.stateVersion "22.05" then "podman" else "docker";
      };
      containers = mkOption {
        type = types.attrsOf (types.submodule {
          options = {
            image = mkOption { type = types.str; };
            dependsOn = names;
            autoStart = mkOption { type = types.bool; default = true; };
            ports = names;
          };
        });
        default = { };
      };
    };
    services.nginx = {
      enable = mkEnableOption "nginx";
      virtualHosts = mkOption {
        type = types.attrsOf (types.submodule {
          options = {
            serverName = mkOption { type = types.nullOr types.str; default = null; };
            serverAliases = names;
          };
        });
        default = { };
      };
    };
    services.caddy = {
      enable = mkEnableOption "caddy";
      virtualHosts = mkOption {
        type = types.attrsOf (types.submodule ({ name, ... }: {
          options = {
            hostName = mkOption { type = types.str; default = name; };
            serverAliases = names;
          };
        }));
        default = { };
      };
    };
    networking = {
      interfaces = mkOption {
        type = types.attrsOf (types.submodule { options = { ipv4 = ipFamily; ipv6 = ipFamily; }; });
        default = { };
      };
      defaultGateway = gateway;
      defaultGateway6 = gateway;
      wireguard.interfaces = mkOption {
        type = types.attrsOf (types.submodule { options.ips = names; });
        default = { };
      };
    };
  };
}
`;
