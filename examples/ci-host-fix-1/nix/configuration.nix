{ config, lib, pkgs, ... }:

{
  imports = [
    ./modules/docker.nix
    ./modules/swarm.nix
    ./modules/proxy.nix
    ./modules/dashboard.nix
    ./modules/drone.nix
    ./modules/gitea.nix
    ./modules/platform.nix
  ];

  networking.hostName = "ci";
  networking.interfaces.ens3.ipv4.addresses = [
    { address = "203.0.113.10"; prefixLength = 24; }
  ];
  networking.defaultGateway = "203.0.113.1";

  system.stateVersion = "24.05";
}
