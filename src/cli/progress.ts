/**
 * A progress line on stderr: only on a terminal, only once a run has taken
 * more than a second, and erased before anything else is printed. The
 * pipeline is mostly synchronous, so the line is drawn when a stage starts
 * (never from a timer, which would not fire during the work anyway).
 */
import type { OutStream } from './io.js';

export interface Progress {
  stage(text: string): void;
  done(): void;
}

export function progressLine(stream: OutStream, enabled = Boolean(stream.isTTY), delayMs = 1000, everyMs = 100): Progress {
  const start = Date.now();
  let shown = false;
  let drawnAt = -Infinity;
  return {
    stage(text) {
      const now = Date.now();
      // Counts move on every file: redraw at most every `everyMs`, so a fast run is not slowed by the terminal.
      if (!enabled || now - start < delayMs || now - drawnAt < everyMs) return;
      stream.write(`\r\x1b[2Kdeploy-lint: ${text}…`);
      shown = true;
      drawnAt = now;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
