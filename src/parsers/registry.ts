/** The adapters, one per input format. A new format is a folder and one line here. */
import type { Adapter } from './adapter.js';
import { nixAdapter } from './nix/adapter.js';
import { pythonAdapter } from './python/adapter.js';
import { shellAdapter } from './shell/adapter.js';
import { specFileAdapter } from './spec/adapter.js';
import { stackAdapter } from './stack/adapter.js';
import { systemdAdapter } from './systemd/adapter.js';

export const ADAPTERS: readonly Adapter[] = [systemdAdapter, shellAdapter, pythonAdapter, specFileAdapter, stackAdapter, nixAdapter];
