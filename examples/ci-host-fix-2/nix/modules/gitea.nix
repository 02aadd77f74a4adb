{ config, lib, pkgs, ... }:

let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };
in
{
  systemd.services.deploy-gitea = {
    description = "Reconcile the gitea stack";
    after = [ "swarm-init.service" "deploy-proxy.service" "deploy-storage.service" "deploy-postgres.service" ];
    requires = [ "swarm-init.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      TimeoutStartSec = 600;
    };
    script = "${reconcile} gitea";
  };
}
