package ai.llmd.bench.harness.sim;

/**
 * What a {@link Simulator} has served.
 *
 * @param running sequences being generated now
 * @param waiting requests queued at the concurrency limit
 * @param requests requests answered successfully
 * @param failures requests answered with an injected failure
 * @param promptTokens prompt tokens processed
 * @param generationTokens tokens generated
 */
public record SimulatorMetrics(
    int running,
    int waiting,
    long requests,
    long failures,
    long promptTokens,
    long generationTokens) {}
