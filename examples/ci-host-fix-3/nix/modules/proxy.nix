{ config, lib, pkgs, ... }:

let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };
in
{
  systemd.services.deploy-proxy = {
    description = "Reconcile the proxy stack";
    # The health gate waits for ci.commoninternet.net, which the dashboard
    # serves: start the dashboard first (fix 3 for the cold-boot deadlock).
    wants = [ "deploy-dashboard.service" ];
    after = [ "swarm-init.service" "deploy-dashboard.service" ];
    requires = [ "swarm-init.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      TimeoutStartSec = 900;
    };
    script = "${reconcile} traefik";
  };
}
