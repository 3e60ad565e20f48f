/**
 * The llm-d benchmark report v0.2.1: {@link ai.llmd.bench.report.BenchmarkReport}, {@link
 * ai.llmd.bench.report.Statistics} and {@link ai.llmd.bench.report.Units}; {@link
 * ai.llmd.bench.report.Reports} reads 0.1, 0.2 and 0.2.1, writes and validates 0.2.1.
 *
 * <pre>{@code
 * BenchmarkReport report = Reports.read(Path.of("benchmark_report_v0.2.1,_stage_0.yaml"));
 * Duration p99 = report.require(Metric.TTFT).duration("p99").orElseThrow();
 * }</pre>
 *
 * <p>{@code Ids} is internal (identifiers of reports written by this library).
 */
package ai.llmd.bench.report;
