# Shaped like a flake's outputs: several hosts, each its own module set.
{ self, nixpkgs ? <nixpkgs>, ... }@inputs:
let
  system = "x86_64-linux";
  hosts = {
    ci = { ip = "10.0.0.2"; extra = [ ./hosts/ci/default.nix ]; };
    proxy = { ip = "10.0.0.3"; extra = [ ]; };
  };
  mkHost = name: { ip, extra ? [ ], ... }: nixpkgs.lib.nixosSystem {
    inherit system;
    specialArgs = { inherit inputs name; };
    modules = [
      ./modules/common.nix
      ({ ... }: {
        networking.hostName = name;
        networking.interfaces.eth0.ipv4.addresses = [ { address = ip; prefixLength = 24; } ];
      })
    ] ++ extra;
  };
in rec {
  nixosConfigurations = builtins.mapAttrs mkHost hosts;
  checks.${system} = builtins.mapAttrs (_: c: c.config.system.build.toplevel) nixosConfigurations;
  formatter.${system} = (import nixpkgs { inherit system; }).nixfmt;
  version = "1.0.${toString (self.lastModified or 0)}";
  ratio = 0.75 * 2;
}
