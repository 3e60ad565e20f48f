/**
 * The fmperf harness: its profile templates and the transformer of its output to v0.2.1 reports.
 */
package ai.llmd.bench.harness.fmperf;
