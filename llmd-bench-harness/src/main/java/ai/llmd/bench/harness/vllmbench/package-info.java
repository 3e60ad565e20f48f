/** The vllm-benchmark harness ({@code vllm bench serve}): command and output transformer. */
package ai.llmd.bench.harness.vllmbench;
