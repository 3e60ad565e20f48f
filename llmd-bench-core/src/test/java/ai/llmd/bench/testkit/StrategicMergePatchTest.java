package ai.llmd.bench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.report.Reports;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String s) {
    return Reports.jsonMapper().readValue(s, Map.class);
  }

  @Test
  void mergesContainersByNameReplacesArgsAndDeletesNulls() {
    // given: a Deployment and the patch helm upgrade sends when replicas and args change
    Map<String, Object> live =
        json(
            """
            {"metadata":{"name":"d","labels":{"a":"1","b":"2"}},
             "spec":{"replicas":1,"template":{"spec":{"containers":[
               {"name":"vllm","image":"img:1","args":["--x=1"]},
               {"name":"sidecar","image":"side:1"}]}}}}
            """);
    Map<String, Object> patch =
        json(
            """
            {"metadata":{"labels":{"b":null}},
             "spec":{"replicas":2,"template":{"spec":{
               "$setElementOrder/containers":[{"name":"vllm"},{"name":"sidecar"}],
               "containers":[{"name":"vllm","args":["--x=2"]}]}}}}
            """);

    // when
    Map<String, Object> merged = StrategicMergePatch.apply(live, patch);

    // then
    assertThat(merged)
        .isEqualTo(
            json(
                """
                {"metadata":{"name":"d","labels":{"a":"1"}},
                 "spec":{"replicas":2,"template":{"spec":{"containers":[
                   {"name":"vllm","image":"img:1","args":["--x=2"]},
                   {"name":"sidecar","image":"side:1"}]}}}}
                """));
  }

  @Test
  void deletesAListElementByDirective() {
    Map<String, Object> merged =
        StrategicMergePatch.apply(
            json("{\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]}"),
            json("{\"env\":[{\"name\":\"A\",\"$patch\":\"delete\"}]}"));
    assertThat(merged).isEqualTo(json("{\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}"));
  }
}
