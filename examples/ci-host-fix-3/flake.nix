{
  description = "ci.commoninternet.net: a self-hosted CI host (drone, gitea, registry) on docker swarm";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";

  outputs = { self, nixpkgs }: {
    nixosConfigurations.ci = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./nix/configuration.nix ];
    };
  };
}
