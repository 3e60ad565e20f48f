/** Performance benchmarks of the library, reported as medians and ratios against a baseline. */
package ai.llmd.bench.examples.bench;
