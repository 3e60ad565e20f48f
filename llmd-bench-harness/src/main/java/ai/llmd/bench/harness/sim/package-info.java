/**
 * {@link ai.llmd.bench.harness.sim.Simulator}: an in-process OpenAI-compatible server that behaves
 * like vLLM, for tests, calibration and the quickstart.
 */
package ai.llmd.bench.harness.sim;
