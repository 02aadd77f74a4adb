{ config, lib, pkgs, ... }:
let
  domains = [ "ci.example.net" "drone.ci.example.net" "status.example.net" ];
  upstream = d: if lib.hasPrefix "drone." d then "http://127.0.0.1:8000" else "http://127.0.0.1:3000";
  vhost = d: {
    forceSSL = true;
    enableACME = d != "status.example.net";
    locations."/" = {
      proxyPass = upstream d;
      extraConfig = lib.optionalString (d == "ci.example.net") ''
        proxy_read_timeout 300s;
        add_header X-Frame-Options "SAMEORIGIN";
      '';
    };
    locations."= /health".return = "200 'ok'";
  };
in {
  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts = lib.genAttrs domains vhost // {
      "default" = { default = true; locations."/".return = "444"; };
    };
  };
  systemd.services.nginx.serviceConfig.ExecStartPre = [
    "${pkgs.coreutils}/bin/mkdir -p /var/cache/nginx"
    "${pkgs.bash}/bin/bash -c ${lib.escapeShellArg "test -d /var/www || exit 1"}"
  ];
  security.acme.defaults.email = "ops@example.net";
  networking.firewall.allowedTCPPorts = lib.optionals config.services.nginx.enable [ 80 443 ];
}
