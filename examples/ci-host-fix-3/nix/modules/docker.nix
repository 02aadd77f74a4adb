{ config, lib, pkgs, ... }:

{
  virtualisation.docker = {
    enable = true;
    daemon.settings = {
      bip = "172.26.0.1/16";
      default-address-pools = [
        { base = "172.27.0.0/16"; size = 24; }
      ];
    };
  };
}
