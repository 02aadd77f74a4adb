/**
 * V8 settings for a short-lived command-line run.
 *
 * deploy-lint runs for a second or a few, and much of that time is spent in
 * code V8 has not optimised yet: the interpreter runs a function until its
 * optimised version is compiled, on a background thread, one function after
 * another. With TurboFan's inlining, each of those compiles pulls the callees
 * in and takes several times longer (tens of milliseconds for the Nix lexer's
 * main function on a 2-core CI machine), so the parsers and the evaluator run
 * interpreted for much of a run. Without inlining the optimised code arrives
 * early; it is a little slower once warm, which a run this short never
 * recovers. Measured on this project's benchmarks (bench/README.md): a cold
 * 3 MB Nix parse ~25% faster, `deploy-lint examples/ci-host` and the
 * 1,000-module NixOS host ~6–8% faster, 5,000 unit files unchanged; less CPU
 * in every case.
 *
 * WebAssembly (the tree-sitter runtime and grammars) is compiled by Liftoff
 * only (`--liftoff-only`): by default V8 also compiles it with TurboFan on
 * background threads, and on a 2-core machine a run then sat waiting
 * 0.5–1 s for those compiles before it could parse its first script; 2,000
 * bash parses ran 3× faster with Liftoff's code alone (bench/README.md,
 * "Start-up").
 *
 * Functions are also optimised later (`--interrupt-budget` 10× V8's default
 * of 67,584 bytecodes executed before a function is considered for
 * optimisation): in a run of a second, many functions got hot enough to be
 * compiled by TurboFan just before the run ended, and the compiles cost more
 * than they saved. Measured with code caches trained under each setting
 * (bench/README.md, "Throughput"): CPU time of 5,000 units −15 to −25%, of the
 * NixOS host −10 to −15%, `examples/ci-host` −15%; 20,000 units (a longer run,
 * which gains more from optimised code) still −5%; 8× to 16× could not be told
 * apart, 32× and more were slower on 20,000 units. The CPU saved is the
 * optimising compiler's background threads: wall time gains as much when the
 * cores are busy (a CI runner, a commit hook beside an editor), and on an idle
 * 2-core machine stays about the same (5,000 units) or gains a little.
 *
 * Set through node:v8 before any deploy-lint code gets hot (the flag is read
 * by each optimising compile). DEPLOY_LINT_V8_DEFAULTS=1 keeps V8's defaults,
 * for comparison.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneV8ForShortRuns(env: NodeJS.ProcessEnv = process.env): void {
  if (env.DEPLOY_LINT_V8_DEFAULTS === '1') return;
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--liftoff-only');
  setFlagsFromString(`--interrupt-budget=${10 * 67_584}`);
}

/**
 * For a run that has read tens of megabytes (a generated or hostile
 * repository). After each full collection V8 lets its heap grow to up to 4×
 * what was live before collecting again; a 50 MB repository of dangling
 * `After=` lines, about 1 GB live at its largest, peaked at 1.95–2.13 GB.
 * Letting it only double (`--heap-growing-percent=100`): 1.7 GB there, and
 * 47 MB of stack files 1.04 GB → 0.70 GB, for 0–10% more CPU (growing by half
 * saved no more memory on the first and cost 25% more CPU on the second).
 * Issue 12's bound is 2 GB. Small runs keep V8's own growth: with a fixed
 * factor for every run, 20,000 units took 20% more CPU.
 */
export function keepHeapNearLive(env: NodeJS.ProcessEnv = process.env): void {
  if (env.DEPLOY_LINT_V8_DEFAULTS === '1') return;
  setFlagsFromString('--heap-growing-percent=100');
}
