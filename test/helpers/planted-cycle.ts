/**
 * The real ordering cycle the untrusted-repository suites plant beside each
 * hostile input: whatever the input does, this cycle must still be reported.
 */
export const CYCLE = {
  'units/a.service': '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
  'units/b.service': '[Unit]\nAfter=a.service\nWants=a.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
};

/** The same cycle in a NixOS module. */
export const NIX_CYCLE = `{ ... }: {
  systemd.services.a = { after = [ "b.service" ]; wantedBy = [ "multi-user.target" ]; script = "true"; };
  systemd.services.b = { after = [ "a.service" ]; wantedBy = [ "multi-user.target" ]; script = "true"; };
}`;
