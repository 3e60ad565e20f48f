package ai.llmd.bench.harness.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where prompts come from. Every kind is seeded by the run's seed, so the same seed sends the same
 * prompts.
 *
 * <pre>{@code
 * DataSpec.random(TokenLength.fixed(128), TokenLength.fixed(32));
 * DataSpec.sharedPrefix(4, 8, 512, 64, TokenLength.fixed(32));
 * DataSpec.dataset(Path.of("sharegpt.jsonl"), TokenLength.fixed(128));
 * }</pre>
 */
public sealed interface DataSpec {

  /** The output length requested of each prompt ({@code max_tokens}). */
  TokenLength output();

  /** Random words from a fixed vocabulary, one token each. */
  static DataSpec random(TokenLength input, TokenLength output) {
    return new Random(input, output);
  }

  /** Text in sentences drawn from an embedded corpus, cut to the input length in words. */
  static DataSpec synthetic(TokenLength input, TokenLength output) {
    return new Synthetic(input, output);
  }

  /**
   * Prompts sharing a system prompt: {@code groups} distinct system prompts of {@code
   * systemPromptLen} tokens, each followed by one of {@code promptsPerGroup} questions of {@code
   * questionLen} tokens.
   */
  static DataSpec sharedPrefix(
      int groups, int promptsPerGroup, int systemPromptLen, int questionLen, TokenLength output) {
    return new SharedPrefix(groups, promptsPerGroup, systemPromptLen, questionLen, output);
  }

  /**
   * A JSON-lines dataset (ShareGPT style {@code {"conversations": [{"from": "human", "value": ...},
   * ...]}} or {@code {"prompt": ...}}); {@code output} applies where a line gives no reply to
   * measure.
   */
  static DataSpec dataset(Path file, TokenLength output) {
    return new Dataset(file, output);
  }

  /**
   * Random words.
   *
   * @param input prompt length, in words (the stand-in for tokens)
   * @param output requested output length in tokens ({@code max_tokens})
   */
  record Random(TokenLength input, TokenLength output) implements DataSpec {
    /**
     * @param input prompt length, in words (the stand-in for tokens)
     * @param output requested output length in tokens ({@code max_tokens})
     * @throws NullPointerException when a length is null
     */
    public Random {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * Corpus text.
   *
   * @param input prompt length, in words (the stand-in for tokens)
   * @param output requested output length in tokens ({@code max_tokens})
   */
  record Synthetic(TokenLength input, TokenLength output) implements DataSpec {
    /**
     * @param input prompt length, in words (the stand-in for tokens)
     * @param output requested output length in tokens ({@code max_tokens})
     * @throws NullPointerException when a length is null
     */
    public Synthetic {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * Shared system prompts.
   *
   * @param groups distinct system prompts
   * @param promptsPerGroup questions per system prompt
   * @param systemPromptLen length of each system prompt, in words
   * @param questionLen length of each question, in words
   * @param output requested output length in tokens ({@code max_tokens})
   */
  record SharedPrefix(
      int groups, int promptsPerGroup, int systemPromptLen, int questionLen, TokenLength output)
      implements DataSpec {
    /**
     * Checks the shape.
     *
     * @param groups distinct system prompts
     * @param promptsPerGroup questions per system prompt
     * @param systemPromptLen length of each system prompt, in words
     * @param questionLen length of each question, in words
     * @param output requested output length in tokens ({@code max_tokens})
     * @throws IllegalArgumentException when a count or length is below 1
     */
    public SharedPrefix {
      if (groups < 1 || promptsPerGroup < 1) {
        throw new IllegalArgumentException(
            "shared prefix groups and prompts per group must be >= 1, were "
                + groups
                + " and "
                + promptsPerGroup);
      }
      if (systemPromptLen < 1 || questionLen < 1) {
        throw new IllegalArgumentException(
            "system prompt and question lengths must be >= 1, were "
                + systemPromptLen
                + " and "
                + questionLen);
      }
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * A JSON-lines dataset file.
   *
   * @param file the dataset file
   * @param output requested output length in tokens where a line gives no reply to measure
   */
  record Dataset(Path file, TokenLength output) implements DataSpec {
    /**
     * Checks the file.
     *
     * @param file the dataset file
     * @param output requested output length in tokens where a line gives no reply to measure
     * @throws IllegalArgumentException when the file does not exist
     */
    public Dataset {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(output, "output");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("dataset file " + file + " does not exist");
      }
    }
  }
}
