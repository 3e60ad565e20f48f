/**
 * Helm operations ({@link ai.llmd.bench.helm.HelmClient}) through helm-java, in process. Needs
 * {@code com.marcnuri.helm-java:helm-java} on the class path (an optional dependency).
 */
package ai.llmd.bench.helm;
