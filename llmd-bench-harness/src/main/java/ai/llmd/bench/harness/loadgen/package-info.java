/**
 * The built-in load generator: {@link ai.llmd.bench.harness.loadgen.LoadGenerator} sends rate or
 * concurrency stages to an OpenAI-compatible endpoint and writes raw results that the {@code
 * loadgen} transformer turns into v0.2.1 reports.
 */
package ai.llmd.bench.harness.loadgen;
