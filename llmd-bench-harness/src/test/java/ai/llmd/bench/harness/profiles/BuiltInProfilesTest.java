package ai.llmd.bench.harness.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Fixtures;
import ai.llmd.bench.harness.Harness;
import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.WorkloadProfile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInProfilesTest {
  private static final URI ENDPOINT = URI.create("http://gw-istio.bench.svc.cluster.local:80/qwen");
  private static final String MODEL = "Qwen/Qwen3-0.6B";

  private static WorkloadProfile.Rendered render(String harness, String profile) {
    return Harnesses.get(harness).profile(profile).withEndpoint(ENDPOINT).withModel(MODEL).render();
  }

  @Test
  void everyHarnessShipsTemplates() {
    assertThat(Harnesses.get("inference-perf").profiles())
        .containsExactly("sanity_random", "rate_sweep", "shared_prefix", "concurrent");
    assertThat(Harnesses.get("guidellm").profiles())
        .contains("sanity_random", "rate_sweep", "shared_prefix", "concurrent");
    assertThat(Harnesses.get("vllm-benchmark").profiles())
        .contains("sanity_random", "rate_sweep", "shared_prefix", "concurrent");
    assertThat(Harnesses.get("fmperf").profiles())
        .contains("sanity_random", "rate_sweep", "shared_prefix");
  }

  @Test
  @SuppressWarnings("unchecked")
  void inferencePerfTemplatesRenderToItsConfig() {
    for (String p : Harnesses.get("inference-perf").profiles()) {
      var r = render("inference-perf", p);
      assertThat(r.text()).as(p).doesNotContain("REPLACE_ENV_");
      Map<String, Object> doc = r.document();
      assertThat(doc)
          .as(p)
          .containsKeys("load", "api", "server", "tokenizer", "data", "report", "storage");
      Map<String, Object> server = (Map<String, Object>) doc.get("server");
      assertThat(server)
          .containsEntry("base_url", ENDPOINT.toString())
          .containsEntry("model_name", MODEL);
      Map<String, Object> load = (Map<String, Object>) doc.get("load");
      assertThat(load.get("type")).isIn("constant", "poisson", "concurrent");
      assertThat((List<Object>) load.get("stages")).isNotEmpty();
      assertThat(((Map<String, Object>) doc.get("data")).get("type"))
          .isIn("random", "shared_prefix");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void guidellmTemplatesRenderToScenarios() {
    for (String p : Harnesses.get("guidellm").profiles()) {
      Map<String, Object> spec = (Map<String, Object>) render("guidellm", p).document().get("spec");
      assertThat(spec).as(p).containsKeys("backend", "profile", "constraints", "data");
      assertThat((Map<String, Object>) spec.get("backend"))
          .containsEntry("kind", "openai_http")
          .containsEntry("target", ENDPOINT.toString())
          .containsEntry("model", MODEL);
      assertThat(((Map<String, Object>) spec.get("profile")).get("kind"))
          .isIn("synchronous", "constant", "concurrent", "poisson", "sweep", "throughput");
      for (Object d : (List<Object>) spec.get("data")) {
        assertThat(((Map<String, Object>) d).get("kind")).isEqualTo("synthetic_text");
      }
    }
  }

  @Test
  void vllmTemplatesRenderToFlags() {
    for (String p : Harnesses.get("vllm-benchmark").profiles()) {
      List<String> flags = render("vllm-benchmark", p).flags();
      assertThat(flags)
          .as(p)
          .contains("--base-url=" + ENDPOINT, "--model=" + MODEL, "--ignore-eos", "--save-result");
      for (String f : flags) {
        assertThat(f).matches("--[a-z0-9-]+(=.+)?");
      }
    }
  }

  @Test
  void fmperfTemplatesRenderToLmBenchmarkFields() {
    for (String p : Harnesses.get("fmperf").profiles()) {
      Map<String, Object> doc = render("fmperf", p).document();
      assertThat(doc)
          .as(p)
          .containsKeys(
              "model_name", "scenarios", "qps_values", "num_users", "num_rounds", "test_duration");
      assertThat(doc.get("model_name")).isEqualTo(MODEL);
      assertThat(doc.get("base_url")).isEqualTo(ENDPOINT.toString());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void changesFollowDottedPathsWithIndices() {
    var r =
        Harnesses.get("inference-perf")
            .profile("rate_sweep")
            .withEndpoint(ENDPOINT)
            .withModel(MODEL)
            .withValue("load.stages[0].rate", 3)
            .withValue("load.stages.1.duration", 30)
            .withValue("api.streaming", false)
            .render();
    List<Map<String, Object>> stages =
        (List<Map<String, Object>>) ((Map<String, Object>) r.document().get("load")).get("stages");
    assertThat(stages.get(0).get("rate")).isEqualTo(3);
    assertThat(stages.get(1).get("duration")).isEqualTo(30);
    assertThat(r.text()).contains("streaming: false");
  }

  @Test
  void aKeyTheTemplateDoesNotHaveIsRefusedAtWithNamingTheKeysThere() {
    WorkloadProfile p =
        Harnesses.get("inference-perf")
            .profile("sanity_random")
            .withEndpoint(ENDPOINT)
            .withModel(MODEL);
    assertThatThrownBy(() -> p.withValue("load.llmdb_no_such_key", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("load.llmdb_no_such_key")
        .hasMessageContaining("no 'llmdb_no_such_key' in 'load'")
        .hasMessageContaining("keys there: [type, stages]")
        .hasMessageContaining("withAddedValue(path, value)");
    assertThatThrownBy(() -> p.withValue("load.stages[0].rat", 1))
        .hasMessageContaining("in 'load.stages[0]'")
        .hasMessageContaining("keys there: [rate, duration]");
    assertThatThrownBy(() -> p.withValue("lod", 1))
        .hasMessageContaining("in the top level")
        .hasMessageContaining("load, api, server, tokenizer, data, report, storage");
    assertThatThrownBy(() -> p.withValue("load.type.x", 1))
        .hasMessageContaining("'x' cannot be looked up in 'load.type', which is a scalar");
    // a template parsed only after its tokens are resolved is checked at render
    WorkloadProfile late =
        WorkloadProfile.of("x", "late", "REPLACE_ENV_K: {a: 1}\n").withValue("v.b", 2);
    assertThatThrownBy(() -> late.withToken("K", "v").render())
        .hasMessageContaining("keys there: [a]");
  }

  @Test
  @SuppressWarnings("unchecked")
  void addSetsAKeyOnPurposeButItsParentMustExist() {
    WorkloadProfile p =
        Harnesses.get("inference-perf")
            .profile("rate_sweep")
            .withEndpoint(ENDPOINT)
            .withModel(MODEL);
    Map<String, Object> load =
        (Map<String, Object>)
            p.withAddedValue("load.request_timeout", 30)
                .withAddedValue("load.interval", 5)
                .withAddedValue("load.stages[4]", Map.of("rate", 40, "duration", 60))
                .render()
                .document()
                .get("load");
    assertThat(load).containsEntry("request_timeout", 30).containsEntry("interval", 5);
    assertThat((List<Map<String, Object>>) load.get("stages"))
        .hasSize(5)
        .last()
        .isEqualTo(Map.of("rate", 40, "duration", 60));
    assertThatThrownBy(() -> p.withAddedValue("lod.request_timeout", 30))
        .hasMessageContaining("lod.request_timeout")
        .hasMessageContaining("no 'lod' in the top level");
    assertThatThrownBy(() -> p.withAddedValue("load.stages[6]", Map.of()))
        .hasMessageContaining("index 6 of 'load.stages' is out of range");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTokenizerIsTheModelUnlessSetForEveryHarnessThatHasOne() {
    for (String h : List.of("inference-perf", "guidellm", "vllm-benchmark")) {
      for (String name : Harnesses.get(h).profiles()) {
        WorkloadProfile p =
            Harnesses.get(h).profile(name).withEndpoint(ENDPOINT).withModel("first");
        assertThat(tokenizerOf(h, p.withModel("qwen").render().document()))
            .as(h + "/" + name + " default")
            .isEqualTo("qwen");
        assertThat(tokenizerOf(h, p.withTokenizer(MODEL).withModel("qwen").render().document()))
            .as(h + "/" + name)
            .isEqualTo(MODEL);
        assertThat(tokenizerOf(h, p.withModel("qwen").withTokenizer(MODEL).render().document()))
            .isEqualTo(MODEL);
      }
    }
    assertThatThrownBy(() -> Harnesses.get("fmperf").profile("sanity_random").withTokenizer(MODEL))
        .hasMessageContaining("profile sanity_random of fmperf has no tokenizer setting");
  }

  @SuppressWarnings("unchecked")
  private static Object tokenizerOf(String harness, Map<String, Object> doc) {
    return switch (harness) {
      case "inference-perf" ->
          ((Map<String, Object>) doc.get("tokenizer")).get("pretrained_model_name_or_path");
      case "guidellm" ->
          ((Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("tokenizer"))
              .get("model");
      default -> doc.get("tokenizer");
    };
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRateSweepPauseBetweenStagesIsADocumentedParameter() {
    WorkloadProfile p =
        Harnesses.get("inference-perf")
            .profile("rate_sweep")
            .withEndpoint(ENDPOINT)
            .withModel(MODEL);
    assertThat(p.parameters()).containsKey("load.interval");
    assertThat(p.parameters().get("load.interval")).contains("seconds of pause between stages");
    Map<String, Object> load = (Map<String, Object>) p.render().document().get("load");
    assertThat(load).containsEntry("interval", 10);
    load = (Map<String, Object>) p.withValue("load.interval", 30).render().document().get("load");
    assertThat(load).containsEntry("interval", 30);
  }

  @Test
  void everyDocumentedParameterIsAPathOfItsTemplate() {
    for (Harness h :
        List.of("inference-perf", "guidellm", "vllm-benchmark", "fmperf").stream()
            .map(Harnesses::get)
            .toList()) {
      for (String name : h.profiles()) {
        WorkloadProfile p = h.profile(name).withEndpoint(ENDPOINT).withModel(MODEL);
        assertThat(p.parameters()).as(h.id() + "/" + name).isNotEmpty();
        Map<String, Object> doc = p.render().document();
        for (String path : p.parameters().keySet()) {
          // setting a parameter to the value it has leaves the document as it was
          assertThat(p.withValue(path, valueAt(doc, path)).render().document())
              .as(h.id() + "/" + name + ": " + path)
              .isEqualTo(doc);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object valueAt(Object doc, String path) {
    Object cur = doc;
    for (String seg : path.replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
      cur =
          seg.matches("\\d+")
              ? ((List<Object>) cur).get(Integer.parseInt(seg))
              : ((Map<String, Object>) cur).get(seg);
    }
    return cur;
  }

  @Test
  void everyKeyOfEveryBuiltInProfileIsInTheToolsConfiguration() {
    Set<String> problems = new LinkedHashSet<>();
    for (String id : List.of("inference-perf", "guidellm", "vllm-benchmark", "fmperf")) {
      Harness h = Harnesses.get(id);
      ToolConfigKeys keys = ToolConfigKeys.of(id);
      for (String name : h.profiles()) {
        WorkloadProfile.Rendered rendered =
            h.profile(name).withEndpoint(ENDPOINT).withModel(MODEL).render();
        // the document as the tool reads it, with the results location the executors set
        WorkloadProfile.Rendered prepared = h.withResults(rendered, "/results/raw");
        for (WorkloadProfile.Rendered r : List.of(rendered, prepared)) {
          // vllm bench serve reads flags, checked with the command below
          if (!id.equals("vllm-benchmark")) {
            keys.unknown(r.document()).forEach(k -> problems.add(id + "/" + name + ": " + k));
          }
        }
        if (!id.equals("fmperf")) {
          keys.unknownOptions(h.command("/etc/llmd-bench/profile.yaml", prepared, "/results/raw"))
              .forEach(o -> problems.add(id + "/" + name + ": option " + o));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theKeyListsAcceptTheUpstreamProfilesThatRanWithTheTools() throws Exception {
    // llm-d-benchmark's own templates: every key is in the lists but for two upstream mistakes
    // that the tools refuse (inference-perf's Distribution has std_dev, not std; data nested
    // under tokenizer), which shows the lists are neither too narrow nor too wide
    Set<String> problems = new LinkedHashSet<>();
    int checked = 0;
    for (String id : List.of("inference-perf", "guidellm", "vllm-benchmark")) {
      Harness h = Harnesses.get(id);
      ToolConfigKeys keys = ToolConfigKeys.of(id);
      try (Stream<Path> files = Files.list(Fixtures.resource("upstream-profiles/" + id))) {
        for (Path f : files.sorted().toList()) {
          WorkloadProfile p = h.profile(f);
          Matcher m = Pattern.compile("REPLACE_ENV_(\\w+)").matcher(p.template());
          while (m.find()) {
            p = p.withToken(m.group(1), "x");
          }
          WorkloadProfile.Rendered r = p.render();
          List<String> unknown =
              id.equals("vllm-benchmark")
                  ? keys.unknownOptions(r.flags())
                  : keys.unknown(r.document());
          String name = f.getFileName().toString();
          unknown.stream()
              .filter(k -> !k.startsWith("tokenizer.data."))
              .forEach(k -> problems.add(id + "/" + name + ": " + k));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(problems)
        .containsExactly(
            "inference-perf/guide_predicted-latency-routing_1.yaml: tokenizer.data",
            "inference-perf/random_concurrent.yaml.in: data.input_distribution.std",
            "inference-perf/random_concurrent.yaml.in: data.output_distribution.std");
  }

  @Test
  void theKeyCheckFindsAMisspeltKeyAKeyOfAnotherKindAndAnUnknownOption() {
    ToolConfigKeys ip = ToolConfigKeys.of("inference-perf");
    assertThat(
            ip.unknown(
                Map.of(
                    "load",
                    Map.of("intervall", 1, "stages", List.of(Map.of("rate", 1, "durationn", 2))),
                    "api",
                    Map.of("headers", Map.of("x-anything", "v")))))
        .containsExactlyInAnyOrder("load.intervall", "load.stages[].durationn");
    ToolConfigKeys guidellm = ToolConfigKeys.of("guidellm");
    assertThat(
            guidellm.unknown(
                Map.of(
                    "spec", Map.of("profile", Map.of("kind", "synchronous", "rate", List.of(1))))))
        .containsExactly("spec.profile@synchronous.rate", "spec.profile@synchronous.rate[]");
    assertThat(ToolConfigKeys.of("fmperf").unknown(Map.of("endpoint_url", "http://x")))
        .containsExactly("endpoint_url");
    assertThat(
            ToolConfigKeys.of("vllm-benchmark")
                .unknownOptions(List.of("vllm", "bench", "serve", "--request-rate=1", "--rate=1")))
        .containsExactly("--rate");
  }

  @Test
  void badInputIsNamed(@TempDir Path dir) throws Exception {
    Harness ip = Harnesses.get("inference-perf");
    assertThatThrownBy(() -> ip.profile("nope"))
        .hasMessageContaining("no profile 'nope'")
        .hasMessageContaining("sanity_random");
    assertThatThrownBy(() -> ip.profile("sanity_random").withModel(MODEL).render())
        .hasMessageContaining("REPLACE_ENV_LLMDBENCH_HARNESS_STACK_ENDPOINT_URL");
    assertThatThrownBy(
            () ->
                ip.profile("sanity_random")
                    .withEndpoint(ENDPOINT)
                    .withModel(MODEL)
                    .withValue("load.nope.rate", 1)
                    .render())
        .hasMessageContaining("load.nope.rate")
        .hasMessageContaining("no 'nope'");
    assertThatThrownBy(
            () ->
                ip.profile("sanity_random")
                    .withEndpoint(ENDPOINT)
                    .withModel(MODEL)
                    .withValue("load.stages[5].rate", 1)
                    .render())
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Harnesses.get("no-such-harness"))
        .hasMessageContaining("available")
        .hasMessageContaining("guidellm");

    Path custom = dir.resolve("mine.yaml.in");
    Files.writeString(
        custom,
        "server:\n  base_url: REPLACE_ENV_LLMDBENCH_HARNESS_STACK_ENDPOINT_URL\n  extra: REPLACE_ENV_MY_KEY\n");
    var p = ip.profile(custom).withEndpoint(ENDPOINT);
    assertThat(p.name()).isEqualTo("mine");
    assertThatThrownBy(p::render).hasMessageContaining("REPLACE_ENV_MY_KEY");
    assertThat(p.withToken("MY_KEY", "v").render().text()).contains("extra: v");
  }
}
