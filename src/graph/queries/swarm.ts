/** Docker's own address ranges, which the graph assumes when a `docker swarm init` does not set them. */

/** Docker's default swarm address pool when `--default-addr-pool` is not given. */
export const DEFAULT_SWARM_POOL = '10.0.0.0/8';
/** The ingress network docker creates at `swarm init` (10.255.0.0/16 on engines before 20.10 took 10.0.0.0/24). */
export const DEFAULT_INGRESS = '10.0.0.0/24';
