/**
 * AssertJ assertions on benchmark reports, for SLO checks in performance tests: {@link
 * ai.llmd.bench.assertj.BenchAssertions#assertThat(ai.llmd.bench.report.BenchmarkReport)} and
 * {@link ai.llmd.bench.assertj.BenchSoftAssertions}.
 *
 * <p>{@code org.assertj:assertj-core} is an optional dependency: add it (test scope) to use this
 * package.
 */
package ai.llmd.bench.assertj;
