{ config, lib, pkgs, ... }:

let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };
in
{
  systemd.services.deploy-dashboard = {
    description = "Reconcile the dashboard stack";
    after = [ "swarm-init.service" "deploy-proxy.service" ];
    requires = [ "swarm-init.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
    };
    script = "${reconcile} dashboard";
  };
}
