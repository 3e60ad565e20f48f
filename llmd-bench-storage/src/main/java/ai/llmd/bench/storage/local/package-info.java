/** {@link ai.llmd.bench.storage.local.LocalStore}: results copied into a local directory. */
package ai.llmd.bench.storage.local;
