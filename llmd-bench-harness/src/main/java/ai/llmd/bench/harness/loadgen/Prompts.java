package ai.llmd.bench.harness.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the prompt of request {@code i} from a {@link DataSpec}, the same for the same seed and
 * index.
 */
final class Prompts {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String[] VOCABULARY = vocabulary();
  private static final String[] CORPUS = {
    "Large language models generate text one token at a time.",
    "A benchmark measures how long the first token takes and how fast the rest follow.",
    "Serving systems batch many requests together to keep accelerators busy.",
    "The gateway routes each request to the model server with the best cache hit.",
    "Prefill processes the prompt while decode produces the answer.",
    "Throughput rises with load until queues form and latency grows.",
    "Kubernetes schedules the model servers onto nodes with accelerators.",
    "An endpoint picker scores each replica by queue depth and cache usage."
  };

  /**
   * One prompt: an optional system part, the user part, its size in tokens and the output
   * requested.
   */
  record Prompt(String system, String user, int inputTokens, int maxTokens) {}

  private final DataSpec spec;
  private final long seed;
  private final List<String[]> dataset;

  Prompts(DataSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
    this.dataset = spec instanceof DataSpec.Dataset d ? load(d) : List.of();
  }

  Prompt get(long index) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    int maxTokens = spec.output().sample(r);
    if (spec instanceof DataSpec.Random s) {
      int n = s.input().sample(r);
      return new Prompt(null, words(r, n), n, maxTokens);
    }
    if (spec instanceof DataSpec.Synthetic s) {
      int n = s.input().sample(r);
      return new Prompt(null, corpus(r, n), n, maxTokens);
    }
    if (spec instanceof DataSpec.SharedPrefix s) {
      int group = r.nextInt(s.groups());
      int question = r.nextInt(s.promptsPerGroup());
      String system = words(new SplittableRandom(seed + 31L * group), s.systemPromptLen());
      String user =
          words(new SplittableRandom(seed + 31L * group + 7919L * (question + 1)), s.questionLen());
      return new Prompt(system, user, s.systemPromptLen() + s.questionLen(), maxTokens);
    }
    String[] entry = dataset.get((int) Math.floorMod(index, (long) dataset.size()));
    int reply = entry[1] == null ? 0 : count(entry[1]);
    return new Prompt(null, entry[0], count(entry[0]), reply > 0 ? reply : maxTokens);
  }

  private static String words(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n * 7);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(VOCABULARY[r.nextInt(VOCABULARY.length)]);
    }
    return sb.toString();
  }

  private static String corpus(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n * 7);
    int words = 0;
    int sentence = r.nextInt(CORPUS.length);
    while (words < n) {
      for (String w : CORPUS[sentence++ % CORPUS.length].split(" ")) {
        if (words == n) {
          break;
        }
        sb.append(words++ == 0 ? "" : " ").append(w);
      }
    }
    return sb.toString();
  }

  static int count(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  /**
   * Reads the dataset: per line the first human turn and the first reply after it (or {@code
   * prompt}).
   */
  private static List<String[]> load(DataSpec.Dataset d) {
    List<String[]> out = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(d.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset " + d.file(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(lines.get(i));
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            "dataset " + d.file() + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage());
      }
      if (n.has("conversations") && n.get("conversations").isArray()) {
        String prompt = null;
        String reply = null;
        for (JsonNode turn : n.get("conversations")) {
          String from = turn.path("from").asString("");
          if (prompt == null && (from.equals("human") || from.equals("user"))) {
            prompt = turn.path("value").asString("");
          } else if (prompt != null && reply == null) {
            reply = turn.path("value").asString("");
          }
        }
        if (prompt != null && !prompt.isBlank()) {
          out.add(new String[] {prompt, reply});
        }
      } else if (n.has("prompt")) {
        out.add(new String[] {n.get("prompt").asString(), n.path("completion").asString(null)});
      } else {
        throw new IllegalArgumentException(
            "dataset " + d.file() + " line " + (i + 1) + " has neither conversations nor prompt");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("dataset " + d.file() + " has no usable prompt");
    }
    return out;
  }

  private static String[] vocabulary() {
    String[] stems = {
      "token", "model", "cache", "prefix", "batch", "queue", "route", "serve", "score", "decode",
      "fill", "pod", "node", "gate", "pool", "rate", "load", "time", "step", "path", "data", "text",
      "word", "line", "page", "block", "graph", "layer", "head", "shard"
    };
    String[] suffixes = {
      "", "s", "ed", "er", "ing", "ly", "al", "ize", "ion", "ment", "ous", "ive"
    };
    String[] v = new String[stems.length * suffixes.length];
    int i = 0;
    for (String s : stems) {
      for (String x : suffixes) {
        v[i++] = s + x;
      }
    }
    return v;
  }
}
