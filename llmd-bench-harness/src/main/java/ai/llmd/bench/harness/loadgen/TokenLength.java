package ai.llmd.bench.harness.loadgen;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.SplittableRandom;

/**
 * A length in tokens: fixed, uniform between bounds, or gaussian clipped to bounds.
 *
 * <pre>{@code
 * TokenLength.fixed(128);
 * TokenLength.uniform(64, 256);
 * TokenLength.gaussian(512, 64, 128, 1024);
 * }</pre>
 *
 * @param mean mean length in tokens
 * @param stdDev standard deviation in tokens (gaussian only; 0 otherwise)
 * @param min smallest length in tokens, at least 1
 * @param max largest length in tokens
 * @param distribution {@code fixed}, {@code uniform} or {@code gaussian} (the report's names)
 */
public record TokenLength(
    String distribution, double mean, @JsonProperty("std_dev") double stdDev, int min, int max) {

  /**
   * Checks the bounds.
   *
   * @param distribution {@code fixed}, {@code uniform} or {@code gaussian} (the report's names)
   * @param mean mean length in tokens
   * @param stdDev standard deviation in tokens (gaussian only; 0 otherwise)
   * @param min smallest length in tokens, at least 1
   * @param max largest length in tokens
   * @throws IllegalArgumentException unless {@code 1 <= min <= max} and {@code stdDev >= 0}
   */
  public TokenLength {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          "token length bounds must satisfy 1 <= min <= max, were " + min + ".." + max);
    }
    if (stdDev < 0) {
      throw new IllegalArgumentException("token length std dev must be >= 0, was " + stdDev);
    }
  }

  /** Always {@code tokens} tokens. */
  public static TokenLength fixed(int tokens) {
    return new TokenLength("fixed", tokens, 0, tokens, tokens);
  }

  /** Uniformly between {@code min} and {@code max} tokens, both included. */
  public static TokenLength uniform(int min, int max) {
    return new TokenLength("uniform", (min + max) / 2.0, 0, min, max);
  }

  /** Normally distributed around {@code mean} tokens, clipped to {@code [min, max]}. */
  public static TokenLength gaussian(double mean, double stdDev, int min, int max) {
    return new TokenLength("gaussian", mean, stdDev, min, max);
  }

  /** One length drawn from the distribution. */
  public int sample(SplittableRandom random) {
    return switch (distribution) {
      case "fixed" -> min;
      case "uniform" -> random.nextInt(min, max + 1);
      default -> {
        double g = mean + stdDev * gaussian(random);
        yield (int) Math.max(min, Math.min(max, Math.round(g)));
      }
    };
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
