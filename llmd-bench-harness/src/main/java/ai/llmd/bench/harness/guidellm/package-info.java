/** The guidellm harness: its profile templates, command and the transformer of its output. */
package ai.llmd.bench.harness.guidellm;
