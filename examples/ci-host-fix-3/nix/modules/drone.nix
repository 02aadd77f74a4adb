{ config, lib, pkgs, ... }:

let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };
in
{
  systemd.services = {
    deploy-drone = {
      description = "Reconcile the drone server stack";
      after = [ "swarm-init.service" "deploy-proxy.service" "deploy-gitea.service" "deploy-postgres.service" ];
      requires = [ "swarm-init.service" ];
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
        TimeoutStartSec = 600;
      };
      script = "${reconcile} drone";
    };

    deploy-drone-runner = {
      description = "Reconcile the drone runner stack";
      after = [ "deploy-drone.service" ];
      requires = [ "swarm-init.service" ];
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
        TimeoutStartSec = 300;
      };
      script = "${reconcile} drone-runner";
    };
  };
}
