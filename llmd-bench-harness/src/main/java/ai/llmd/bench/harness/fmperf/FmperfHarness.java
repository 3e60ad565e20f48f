package ai.llmd.bench.harness.fmperf;

import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.ResultTransformer;
import ai.llmd.bench.harness.WorkloadProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * <a href="https://github.com/fmperf-project/fmperf">fmperf</a> (dormant since mid-2025) running
 * its LMBenchmark evaluation: the Job fmperf's {@code Cluster.evaluate} creates for an {@code
 * LMBenchmarkWorkload}, created here by the executor instead, so no Python orchestrator and no RBAC
 * to create Jobs are needed. The image is LMCache's benchmark image ({@code
 * lmcache/lmcache-benchmark:latest}, fmperf's default); the profile's {@code LMBenchmarkWorkload}
 * fields become the environment its {@code run_benchmarks.sh} reads, and the {@code LMBench_*} CSVs
 * are written into the results directory.
 *
 * <pre>{@code
 * Harness fmperf = Harnesses.get("fmperf");
 * HarnessRun run = fmperf.run(fmperf.profile("sanity_random").withEndpoint(stack.endpoint()).withModel("Qwen/Qwen3-0.6B"),
 *     Executor.kubernetes(stack).withResultsDirectory(Path.of("results/fmperf")));
 * List<BenchmarkReport> reports = fmperf.transformer().transform(run.await(Duration.ofMinutes(30)));
 * }</pre>
 */
public final class FmperfHarness implements Harness {
  /** The harness id, {@code fmperf}: {@code Harnesses.get(ID)} returns this harness. */
  public static final String ID = "fmperf";

  /** The scenarios LMBenchmark's {@code run_benchmarks.sh} knows. */
  static final Set<String> SCENARIOS =
      Set.of("sharegpt", "short-input", "long-input", "long-long", "all");

  /** Integer settings of {@code LMBenchmarkWorkload}, by profile key, and their variables. */
  private static final Map<String, String> NUMBERS = numbers();

  /**
   * Keys of fmperf's own orchestration (its evaluation Job's image, service account and PVC): the
   * executor decides these here, so they are accepted and not used.
   */
  private static final Set<String> ORCHESTRATION =
      Set.of("image", "service_account", "pvc_name", "overwrite");

  private static final Pattern QPS = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private static Map<String, String> numbers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("num_users_warmup", "NUM_USERS_WARMUP");
    m.put("num_users", "NUM_USERS");
    m.put("num_rounds", "NUM_ROUNDS");
    m.put("system_prompt", "SYSTEM_PROMPT");
    m.put("chat_history", "CHAT_HISTORY");
    m.put("answer_len", "ANSWER_LEN");
    m.put("init_user_id", "INIT_USER_ID");
    m.put("test_duration", "TEST_DURATION");
    return m;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ResultTransformer transformer() {
    return new FmperfTransformer();
  }

  /** LMCache's benchmark image, the default of fmperf's {@code LMBenchmarkWorkload}. */
  @Override
  public String image() {
    return "lmcache/lmcache-benchmark:latest";
  }

  /**
   * {@code /bin/bash -ce "<activate the image's venv>; /app/run_benchmarks.sh $MODEL $BASE_URL
   * $SAVE_FILE_KEY $SCENARIOS $QPS_VALUES"}, as fmperf's evaluation Job runs it (scenarios and QPS
   * values are validated words, so the unquoted expansion only splits them).
   */
  @Override
  public List<String> command(
      String profileFile, WorkloadProfile.Rendered profile, String resultsDir) {
    environment(profile, resultsDir); // validates the profile before anything is created
    return List.of(
        "/bin/bash",
        "-ce",
        "cd /app && if [ -f ~/.bashrc ]; then . ~/.bashrc; fi && . .venv/bin/activate && "
            + "/app/run_benchmarks.sh \"$MODEL\" \"$BASE_URL\" \"$SAVE_FILE_KEY\""
            + " $SCENARIOS $QPS_VALUES");
  }

  /**
   * The variables fmperf's {@code LMBenchmarkWorkload.get_env} sets, from the profile: {@code
   * MODEL}, {@code BASE_URL} ({@code base_url} or {@code endpoint_url}), {@code SAVE_FILE_KEY}
   * ({@code <results>/LMBench}), {@code SCENARIOS}, {@code QPS_VALUES}, the benchmark sizes, {@code
   * USE_CHAT_COMPLETIONS} and a Hugging Face cache outside the results.
   *
   * @throws IllegalArgumentException naming the profile key that is missing or invalid
   */
  @Override
  public Map<String, String> environment(WorkloadProfile.Rendered profile, String resultsDir) {
    Map<String, Object> doc = profile.document();
    String where = "fmperf profile " + profile.name();
    for (String key : doc.keySet()) {
      if (!NUMBERS.containsKey(key)
          && !ORCHESTRATION.contains(key)
          && !Set.of(
                  "model_name",
                  "base_url",
                  "endpoint_url",
                  "scenarios",
                  "qps_values",
                  "use_chat_completions",
                  "chat_template")
              .contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + key + "' (not an LMBenchmarkWorkload field)");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MODEL", required(doc, "model_name", where));
    Object url = doc.containsKey("base_url") ? doc.get("base_url") : doc.get("endpoint_url");
    if (url == null || url.toString().isBlank()) {
      throw new IllegalArgumentException(
          where + ": base_url (or endpoint_url) is required: the stack's endpoint");
    }
    String base = url.toString().strip();
    env.put("BASE_URL", base.matches("(?i)https?://.*") ? base : "http://" + base);
    env.put("SAVE_FILE_KEY", resultsDir + "/LMBench");
    String scenarios = String.valueOf(doc.getOrDefault("scenarios", "sharegpt")).strip();
    for (String s : scenarios.split("\\s+")) {
      if (!SCENARIOS.contains(s)) {
        throw new IllegalArgumentException(
            where + ": scenarios: '" + s + "' is not one of " + SCENARIOS);
      }
    }
    env.put("SCENARIOS", scenarios);
    env.put("QPS_VALUES", String.join(" ", qpsValues(doc.get("qps_values"), where)));
    for (var e : NUMBERS.entrySet()) {
      Object v = doc.get(e.getKey());
      if (v != null) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
          throw new IllegalArgumentException(
              where + ": " + e.getKey() + " must be a whole number >= 0, was " + v);
        }
        env.put(e.getValue(), v.toString());
      }
    }
    Object chat = doc.getOrDefault("use_chat_completions", true);
    if (!(chat instanceof Boolean)) {
      throw new IllegalArgumentException(
          where + ": use_chat_completions must be true or false, was " + chat);
    }
    // The scripts compare with "true" case-insensitively; fmperf passes Python's str(bool).
    env.put("USE_CHAT_COMPLETIONS", (Boolean) chat ? "True" : "False");
    if (doc.get("chat_template") != null) {
      env.put(
          "CHAT_TEMPLATE",
          "{\"template\": "
              + ai.llmd.bench.report.Reports.jsonMapper()
                  .writeValueAsString(doc.get("chat_template").toString())
              + ", \"use_template\": true}");
    }
    env.put("HF_HOME", "/tmp/hf_cache");
    env.put("TRANSFORMERS_CACHE", "/tmp/hf_cache");
    env.put("HF_DATASETS_CACHE", "/tmp/hf_cache/datasets");
    return env;
  }

  /** QPS values as written in the file names ({@code 0.5}, {@code 1}). */
  static List<String> qpsValues(Object value, String where) {
    if (value == null) {
      return List.of("1.34"); // the image's default
    }
    List<String> out = new ArrayList<>();
    List<?> items =
        value instanceof List<?> l ? l : List.of(value.toString().strip().split("\\s+"));
    for (Object item : items) {
      String s = item.toString().strip();
      if (!QPS.matcher(s).matches() || Double.parseDouble(s) <= 0) {
        throw new IllegalArgumentException(
            where + ": qps_values: '" + s + "' is not a positive number");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(where + ": qps_values is empty");
    }
    return out;
  }

  private static String required(Map<String, Object> doc, String key, String where) {
    Object v = doc.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new IllegalArgumentException(where + ": " + key + " is required");
    }
    return v.toString();
  }

  @Override
  public String toString() {
    return ai.llmd.bench.harness.Harnesses.describe(this);
  }
}
