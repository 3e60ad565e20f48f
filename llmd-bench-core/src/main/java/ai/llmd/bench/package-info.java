/**
 * llmd-bench: benchmarks LLM inference against llm-d stacks and any OpenAI-compatible endpoint.
 *
 * <p>Start with {@link ai.llmd.bench.report} (reports and unit-safe reads), {@link
 * ai.llmd.bench.harness.Harnesses} (harnesses and their transformers) and {@link
 * ai.llmd.bench.stack.Stack} (deploying a stack). {@link ai.llmd.bench.BenchException} is the root
 * of the library's exceptions.
 */
package ai.llmd.bench;
