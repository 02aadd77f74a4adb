{ config, lib, pkgs, ... }:

{
  # A single-node swarm. The address pool and the proxy network are pinned so
  # they cannot land on a range the host or a VPN already uses.
  systemd.services.swarm-init = {
    description = "Initialise the swarm and the shared overlay networks";
    after = [ "docker.service" ];
    requires = [ "docker.service" ];
    wantedBy = [ "multi-user.target" ];
    path = [ pkgs.docker ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
      TimeoutStartSec = 120;
    };
    script = ''
      if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
        docker swarm init --advertise-addr 203.0.113.10 --default-addr-pool 10.20.0.0/16
        docker network rm ingress || true
        docker network create --driver overlay --ingress --subnet 10.30.0.0/24 ingress
      fi
      docker network inspect proxy >/dev/null 2>&1 || \
        docker network create --driver overlay --attachable --subnet 10.10.0.0/16 proxy
    '';
  };
}
