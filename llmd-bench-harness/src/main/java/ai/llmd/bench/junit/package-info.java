/**
 * JUnit 5 performance tests: {@link ai.llmd.bench.junit.LlmdBench} on a test class gives its tests
 * a {@link ai.llmd.bench.junit.BenchTarget}, the in-process simulator or an llm-d stack deployed in
 * an ephemeral namespace, chosen by {@code -Dllmd.bench.target}. Pair it with {@link
 * ai.llmd.bench.assertj.BenchAssertions} for SLO checks.
 *
 * <p>{@code org.junit.jupiter:junit-jupiter-api} is an optional dependency: a test project has it.
 */
package ai.llmd.bench.junit;
