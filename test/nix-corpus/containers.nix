{ lib, pkgs, ... }:

let
  images = {
    web = { image = "nginx:1.25"; ports = [ "8080:80" ]; deps = [ "db" ]; };
    db = { image = "postgres:16"; ports = [ ]; deps = [ ]; env.POSTGRES_PASSWORD_FILE = "/run/secrets/db"; };
    worker = { image = "ghcr.io/example/worker:latest"; ports = [ ]; deps = [ "db" "web" ]; };
  };
  mkContainer = name: spec: {
    inherit (spec) image ports;
    dependsOn = spec.deps;
    environment = spec.env or { } // { SERVICE_NAME = name; };
    extraOptions = [ "--network=backend" "--health-cmd=curl -f http://localhost/ || exit 1" ];
    autoStart = !(spec ? manual && spec.manual);
  };
in
lib.mkMerge [
  {
    virtualisation.oci-containers.backend = "docker";
    virtualisation.oci-containers.containers = lib.mapAttrs mkContainer images;
  }
  (lib.mkIf (builtins.length (builtins.attrNames images) > 2) {
    systemd.services = builtins.listToAttrs (map
      (name: lib.nameValuePair "docker-${name}" {
        serviceConfig.TimeoutStartSec = lib.mkForce 300;
        unitConfig.StartLimitIntervalSec = 0;
      })
      (builtins.attrNames images));
  })
  {
    systemd.services."docker-web".after = lib.mkDefault [ "docker-db.service" ];
    systemd.services.docker-worker.preStart = ''
      until ${pkgs.postgresql}/bin/pg_isready -h db; do sleep 2; done
    '';
  }
]
