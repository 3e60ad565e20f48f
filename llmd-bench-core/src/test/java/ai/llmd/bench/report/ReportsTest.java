package ai.llmd.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.testkit.ReportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ReportsTest {
  @TempDir Path dir;

  static Path resource(String name) throws Exception {
    return Path.of(ReportsTest.class.getResource("/reports/" + name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"br_v0_2_example.yaml", "br_v0_2_1_example.yaml"})
  void examplesRoundTripWithoutLosingAField(String name) throws Exception {
    // given
    Path source = resource(name);
    JsonNode original = Reports.yamlMapper().readTree(source.toFile());

    // when
    BenchmarkReport report = Reports.read(source);
    Reports.validate(report);
    Path yaml = dir.resolve("out.yaml");
    Path json = dir.resolve("out.json");
    Reports.write(report, yaml);
    Reports.write(report, json);

    // then: the same document, apart from the version
    ObjectNode expected = ((ObjectNode) original).deepCopy();
    expected.put("version", "0.2.1");
    assertThat(canonical(Reports.yamlMapper().readTree(yaml.toFile())))
        .isEqualTo(canonical(expected));
    // JSON cannot hold .inf: an unbounded concurrency is left out there, as upstream advises
    ObjectNode expectedJson = expected.deepCopy();
    ((ObjectNode) expectedJson.at("/scenario/load/standardized")).remove("concurrency");
    assertThat(canonical(Reports.jsonMapper().readTree(json.toFile())))
        .isEqualTo(canonical(expectedJson));
    assertThat(ReportSchema.errors(report)).isEmpty();
    assertThat(Reports.read(yaml)).isEqualTo(report);
  }

  /**
   * A comparable form of a document: key order ignored, numbers by value (2 equals 2.0), and the
   * YAML 1.1 booleans {@code True}/{@code False} (as upstream's PyYAML reads them) as booleans.
   */
  private static Object canonical(JsonNode node) {
    if (node.isObject()) {
      java.util.TreeMap<String, Object> map = new java.util.TreeMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), canonical(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      java.util.List<Object> list = new java.util.ArrayList<>();
      node.forEach(n -> list.add(canonical(n)));
      return list;
    }
    if (node.isNumber()) {
      double d = node.asDouble();
      return Double.isFinite(d) ? node.decimalValue().stripTrailingZeros() : d;
    }
    if (node.isString() && (node.asString().equals("True") || node.asString().equals("False"))) {
      return Boolean.valueOf(node.asString());
    }
    return node.isNull() ? null : node.isBoolean() ? node.asBoolean() : node.asString();
  }

  @Test
  void upgradesVersion01KeepingEveryMetric() throws Exception {
    // given
    Path source = resource("br_v0_1_example.yaml");
    JsonNode v01 = Reports.yamlMapper().readTree(source.toFile());

    // when
    BenchmarkReport report = Reports.read(source);

    // then
    Reports.validate(report);
    assertThat(ReportSchema.errors(report)).isEmpty();
    var agg = report.results().requestPerformance().aggregate();
    JsonNode m = v01.get("metrics");
    assertThat(agg.requests().total()).isEqualTo(m.at("/requests/total").asLong());
    assertThat(agg.requests().failures()).isEqualTo(m.at("/requests/failures").asLong());
    assertThat(agg.requests().inputLength().mean())
        .isEqualTo(m.at("/requests/input_length/mean").asDouble());
    assertThat(agg.latency().timeToFirstToken().p90())
        .isEqualTo(m.at("/latency/time_to_first_token/p90").asDouble());
    assertThat(agg.latency().timeToFirstToken().units().text())
        .isEqualTo(m.at("/latency/time_to_first_token/units").asString());
    assertThat(agg.throughput().totalTokenRate().mean())
        .isEqualTo(m.at("/throughput/total_tokens_per_sec").asDouble());
    assertThat(agg.throughput().totalTokenRate().units()).isEqualTo(Units.TOKENS_PER_S);
    assertThat(report.run().time().duration())
        .isEqualTo("PT" + m.at("/time/duration").asDouble() + "S");
    assertThat(report.scenario().stack()).hasSize(v01.at("/scenario/host/accelerator").size());
    assertThat(report.scenario().stack().get(0).standardized().role()).isEqualTo("prefill");
    assertThat(report.scenario().load().standardized().tool())
        .isEqualTo(v01.at("/scenario/load/name").asString());
  }

  @Test
  void fmperfLegacyReportsAreRelabelledAsSeconds() throws Exception {
    // given: upstream's fmperf converter wrote seconds labelled as ms
    Path file = dir.resolve("fmperf.yaml");
    Files.writeString(
        file,
        """
        version: '0.1'
        scenario: {model: {name: m}, load: {name: fmperf}}
        metrics:
          time: {duration: 10}
          requests:
            total: 5
            input_length: {units: count, mean: 10}
            output_length: {units: count, mean: 20}
          latency:
            time_to_first_token: {units: ms, mean: 0.12}
            time_per_output_token: {units: ms/token, mean: 0.02}
          throughput: {total_tokens_per_sec: 15}
        """);

    // when
    BenchmarkReport report = Reports.read(file);

    // then
    var latency = report.results().requestPerformance().aggregate().latency();
    assertThat(latency.timeToFirstToken().units()).isEqualTo(Units.S);
    assertThat(latency.timeToFirstToken().mean()).isEqualTo(0.12);
    assertThat(latency.timePerOutputToken().units()).isEqualTo(Units.S_PER_TOKEN);
  }

  @Test
  void rejectsAnUnknownVersionNamingIt() throws Exception {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, "version: '0.3'\nrun: {uid: x}\nresults: {}\n");
    assertThatThrownBy(() -> Reports.read(file))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("unknown report version '0.3'")
        .hasMessageContaining("$.version")
        .hasMessageContaining(file.toString());
  }

  @Test
  void rejectsAnUnknownKeyWithItsPath() throws Exception {
    Path file = dir.resolve("r.yaml");
    Files.writeString(file, "version: '0.2.1'\nrun: {uid: x, submitter: me}\nresults: {}\n");
    assertThatThrownBy(() -> Reports.read(file))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("$.run")
        .hasMessageContaining("submitter");
  }

  @Test
  void validateListsEveryViolation() {
    // given: wrong units, negative stddev, missing uid, a label that refers to nothing
    var ttft = Statistics.builder(Units.TOKENS_PER_S).mean(1.0).stddev(-1.0).build();
    var latency = new Results.Latency(ttft, null, null, null, null);
    var obs =
        Results.Observability.of(
            java.util.List.of(
                new Results.ObservedComponent("ghost", null, null, null, null, null)));
    var scenario = new Scenario(java.util.List.of(), null);
    var report =
        new BenchmarkReport(
            "0.2.1",
            BenchmarkReport.Run.of(null, null),
            scenario,
            new Results(
                new Results.RequestPerformance(new Results.Aggregate(null, latency, null), null),
                null,
                obs,
                null,
                null));

    // when
    var violations = Reports.violations(report);

    // then
    assertThat(violations)
        .containsExactlyInAnyOrder(
            "$.run.uid: is required",
            "$.results.request_performance.aggregate.latency.time_to_first_token.units: must be one of [ms, s] (TIME), was tokens/s",
            "$.results.request_performance.aggregate.latency.time_to_first_token.stddev: must be >= 0, was -1.0",
            "$.results.observability.components[0].component_label: refers to no scenario.stack[].metadata.label: \"ghost\" (labels: [])");
    assertThatThrownBy(() -> Reports.validate(report))
        .isInstanceOf(ReportValidationException.class)
        .hasMessageContaining("4 violations");
  }

  @Test
  void unboundedConcurrencyIsYamlInfinityAndLeftOutOfJson() throws Exception {
    // given
    var load =
        new Scenario.Load(
            new Scenario.LoadMetadata(null, null, null),
            Scenario.LoadStandardized.builder("loadgen")
                .inputSeqLen(Scenario.SequenceLength.fixed(128))
                .concurrency(Concurrency.UNBOUNDED)
                .build(),
            new Scenario.Native(Map.of(), Map.of(), null));
    var report =
        new BenchmarkReport(
            "0.2.1", BenchmarkReport.Run.of("u", null), new Scenario(null, load), Results.of(null));

    // when
    Path yaml = dir.resolve("r.yaml");
    Reports.write(report, yaml);

    // then
    assertThat(Files.readString(yaml)).contains("concurrency: .inf");
    assertThat(Reports.read(yaml).scenario().load().standardized().concurrency().unbounded())
        .isTrue();
    Reports.write(report, dir.resolve("r.json"));
    assertThat(Files.readString(dir.resolve("r.json")))
        .doesNotContain("concurrency")
        .doesNotContain("Infinity");
  }

  @Test
  void yamlReadsTheSameInYaml11Readers() throws Exception {
    // given: values a YAML 1.1 reader takes for something else when written plain
    var load =
        new Scenario.Load(
            new Scenario.LoadMetadata(null, null, null),
            Scenario.LoadStandardized.builder("loadgen")
                .inputSeqLen(Scenario.SequenceLength.fixed(128))
                .rateQps(1.5e-7)
                .concurrency(Concurrency.UNBOUNDED)
                .build(),
            new Scenario.Native(
                new java.util.LinkedHashMap<>(
                    Map.of(
                        "date", "2025-05-30",
                        "switch", "on",
                        "port", "1:30",
                        "mode", "0755",
                        "float", "1.5e3",
                        "yes", "y")),
                Map.of(),
                null));
    var time =
        new BenchmarkReport.RunTime(
            "2025-05-30T19:47:02.155275Z", "2025-05-30 19:50:02", "PT180.0S");
    var aggregate =
        new Results.Aggregate(
            new Results.Requests(10L, 0L, null, null, null, null, null),
            null,
            new Results.Throughput(
                null,
                null,
                Statistics.mean(1.197706808888889E8, Units.TOKENS_PER_S),
                null,
                null,
                null,
                null));
    var report =
        new BenchmarkReport(
            "0.2.1",
            BenchmarkReport.Run.of("u", time),
            new Scenario(null, load),
            Results.of(aggregate));

    // when
    Path yaml = dir.resolve("r.yaml");
    Reports.write(report, yaml);

    // then
    String text = Files.readString(yaml);
    assertThat(text)
        .contains("start: \"2025-05-30T19:47:02.155275Z\"")
        .contains("1.197706808888889e+08")
        .contains("1.5e-07")
        .doesNotContain("E8");
    assertThat(ai.llmd.bench.testkit.ReadBack.problems(yaml)).isEmpty();
    assertThat(Reports.read(yaml)).isEqualTo(report);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {0.0, -0.0, 1.0, 12.5, 1e-5, 1.197706808888889E8, -3.4e-300, 1e21, 123456789.0})
  void floatsAreWrittenInAFormEveryReaderReadsAsThatNumber(double d) {
    String written = PortableYaml.number(d);
    assertThat(written).matches("[-+]?[0-9]+\\.[0-9]*(e[-+][0-9]{2,3})?");
    assertThat(Double.parseDouble(written)).isEqualTo(d);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-05-30",
        "2025-05-30T19:47:02Z",
        "yes",
        "Off",
        "1:30",
        "0755",
        "0x1F",
        "1.5e3",
        "1e3",
        ".inf",
        "~",
        "<<",
        "="
      })
  void yaml11ImplicitTypesAreQuoted(String text) {
    assertThat(PortableYaml.needsQuotes(text)).isTrue();
    assertThat(Reports.yamlMapper().writeValueAsString(Map.of("k", text)))
        .contains("\"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT180.0S", "loadgen", "Qwen/Qwen3-0.6B", "p99", "1.2.3", "queries/s"})
  void plainStringsStayPlain(String text) {
    assertThat(PortableYaml.needsQuotes(text)).isFalse();
  }
}
