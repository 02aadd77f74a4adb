{ config, lib, pkgs, ... }:

let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };
in
{
  systemd.services.deploy-dashboard = {
    description = "Reconcile the dashboard stack";
    # Not after deploy-proxy: the proxy's health gate needs the dashboard up
    # (fix 2 for the cold-boot deadlock). Until traefik runs it is just not routed.
    after = [ "swarm-init.service" ];
    requires = [ "swarm-init.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
    };
    script = "${reconcile} dashboard";
  };
}
