/**
 * llm-d stacks: {@link ai.llmd.bench.stack.Stack} plans (Helm template, no cluster) and deploys a
 * gateway, the Gateway API Inference Extension, a model service and an HTTPRoute as real Helm
 * releases. Needs {@code io.fabric8:kubernetes-client}, {@code
 * io.fabric8:kubernetes-model-gatewayapi} and {@code com.marcnuri.helm-java:helm-java} on the class
 * path (optional dependencies; versions in {@code llmd-bench-bom}).
 */
package ai.llmd.bench.stack;
