{ config, lib, pkgs, ... }:
with lib;
let
  cfg = config.services.swarm;
  pool = "10.10.0.0/16";
  overlay = name: subnet: ''
    if ! docker network inspect ${name} >/dev/null 2>&1; then
      docker network create --driver overlay --attachable ${optionalString (subnet != null) "--subnet ${subnet}"} ${name}
    fi
  '';
in {
  options.services.swarm.networks = mkOption {
    type = types.attrsOf (types.nullOr types.str);
    default = { proxy = "10.10.0.0/24"; internal = null; };
  };

  config = {
    virtualisation.docker.enable = true;
    virtualisation.docker.daemon.settings = {
      default-address-pools = [ { base = "172.30.0.0/16"; size = 24; } ];
      "log-driver" = "journald";
    };

    systemd.services.swarm-init = {
      description = "Initialise the swarm";
      after = [ "docker.service" "network-online.target" ];
      wants = [ "network-online.target" ];
      requires = [ "docker.service" ];
      wantedBy = [ "multi-user.target" ];
      serviceConfig.Type = "oneshot";
      serviceConfig.RemainAfterExit = true;
      path = [ pkgs.docker pkgs.gnugrep ];
      script = ''
        state=$(docker info --format '{{.Swarm.LocalNodeState}}')
        if [ "$state" != "active" ]; then
          docker swarm init --default-addr-pool ${pool} --advertise-addr ${config.networking.primaryIPAddress or "127.0.0.1"}
        fi
        ${concatStrings (mapAttrsToList overlay cfg.networks)}
      '';
    };

    systemd.timers.swarm-prune = {
      wantedBy = [ "timers.target" ];
      timerConfig = { OnCalendar = "weekly"; Persistent = true; RandomizedDelaySec = 3600 * 2; };
    };
  };
}
