{ config, lib, pkgs, ... }:

# The platform stacks differ only in what they wait for and how long they may
# take, so their deploy units are generated from one table.
let
  reconcile = import ../lib/reconcile.nix { inherit pkgs; };

  platform = {
    postgres = { after = [ ]; timeout = 300; };
    storage = { after = [ ]; timeout = 300; };
    registry = { after = [ "deploy-proxy.service" "deploy-storage.service" ]; timeout = 600; };
    monitoring = { after = [ "deploy-proxy.service" ]; timeout = 600; };
  };

  deployUnit = name: cfg: lib.nameValuePair "deploy-${name}" {
    description = "Reconcile the ${name} stack";
    after = [ "swarm-init.service" ] ++ cfg.after;
    requires = [ "swarm-init.service" ];
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      TimeoutStartSec = cfg.timeout;
    };
    script = "${reconcile} ${name}";
  };
in
{
  systemd.services = lib.mapAttrs' deployUnit platform;
}
