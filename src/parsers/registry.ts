/** The adapters, one per input format. A new format is a folder and one line here. */
import type { Adapter } from './adapter.js';
import { systemdAdapter } from './systemd/adapter.js';

export const ADAPTERS: readonly Adapter[] = [systemdAdapter];
