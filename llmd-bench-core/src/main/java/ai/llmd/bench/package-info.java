/**
 * llmd-bench: benchmarks LLM inference against llm-d stacks and any OpenAI-compatible endpoint.
 *
 * <p>Start with {@link ai.llmd.bench.report} (reports and unit-safe reads), {@link
 * ai.llmd.bench.harness.Harnesses} (harnesses and their transformers) and {@link
 * ai.llmd.bench.stack.Stack} (deploying a stack). {@link ai.llmd.bench.BenchException} is the root
 * of the library's exceptions.
 *
 * <p>One naming rule holds everywhere (docs/conventions.md): a mutable builder sets a value with
 * the bare name and returns itself ({@code Stack.builder().namespace("bench")}); an immutable value
 * (a record or final class such as {@link ai.llmd.bench.stack.GaieSpec} or {@link
 * ai.llmd.bench.harness.WorkloadProfile}) has the bare name as its accessor and returns a modified
 * copy from {@code with...} ({@code spec.withChart(ref)}). Every timeout is a {@link
 * java.time.Duration} and every endpoint a {@link java.net.URI}.
 *
 * <pre>{@code
 * GaieSpec gaie = GaieSpec.inferencePool().withPluginsConfigFile("inf-sche-prefix-kv.yaml");
 * Stack.Builder stack = Stack.builder().namespace("bench").gaie(gaie).readyTimeout(Duration.ofMinutes(15));
 * }</pre>
 */
package ai.llmd.bench;
