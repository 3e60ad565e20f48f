/**
 * The harness SPI: {@link ai.llmd.bench.harness.Harness}, {@link
 * ai.llmd.bench.harness.ResultTransformer}, {@link ai.llmd.bench.harness.WorkloadProfile}, {@link
 * ai.llmd.bench.harness.Executor} and the {@link ai.llmd.bench.harness.Harnesses} registry.
 *
 * <pre>{@code
 * List<BenchmarkReport> reports = Harnesses.get("guidellm").transformer().transform(Path.of("benchmarks.json"));
 * }</pre>
 */
package ai.llmd.bench.harness;
