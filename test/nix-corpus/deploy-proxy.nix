# Deploy-proxy module: a oneshot that reconciles the traefik stack and waits
# for the public health endpoint before the dashboard may start.
{ config, lib, pkgs, ... }:

let
  inherit (lib) mkIf mkOption mkEnableOption types mapAttrs' nameValuePair;
  cfg = config.services.deploy-proxy;

  /* One unit per managed stack. */
  stackUnit = name: stack: nameValuePair "deploy-${name}" {
    description = "Deploy the ${name} stack";
    after = [ "docker.service" "swarm-init.service" ] ++ stack.after or [ ];
    requires = [ "docker.service" ];
    wantedBy = [ "multi-user.target" ];
    path = with pkgs; [ docker curl python3 ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      TimeoutStartSec = stack.timeout or 900;
      ExecStart = "${pkgs.python3}/bin/python3 ${./scripts/warm_reconcile.py} ${name}";
    };
    script = ''
      set -euo pipefail
      docker stack deploy -c ${stack.file} ${name}
      for i in $(seq 1 ${toString cfg.attempts}); do
        if curl -fsS "https://${stack.domain}/health"; then
          exit 0
        fi
        sleep ${toString cfg.interval}
      done
      echo "''${name}: not healthy after ${toString cfg.attempts} attempts" >&2
      exit 1
    '';
  };
in
{
  options.services.deploy-proxy = {
    enable = mkEnableOption "the deploy proxy";
    attempts = mkOption { type = types.int; default = 60; };
    interval = mkOption { type = types.int; default = 5; };
    stacks = mkOption {
      type = types.attrsOf types.attrs;
      default = { };
      description = ''
        Stacks to deploy, keyed by name.
          Each has `file`, `domain` and optionally `after`.
      '';
    };
  };

  config = mkIf cfg.enable {
    systemd.services = mapAttrs' stackUnit cfg.stacks // {
      deploy-dashboard = {
        after = [ "deploy-proxy.service" ];
        wants = [ "deploy-proxy.service" ];
        serviceConfig.ExecStart = "${pkgs.bash}/bin/bash ${./scripts/dashboard.sh}";
      };
    };
    networking.firewall.allowedTCPPorts = [ 80 443 ];
  };
}
