/** Runnable examples: the quickstart, an embedded application, the JUnit example is in tests. */
package ai.llmd.bench.examples;
