package ai.llmd.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {
  @Test
  @SuppressWarnings("unchecked")
  void appliesTheRuleLanguage() {
    // given
    Map<String, Object> vllm = new LinkedHashMap<>();
    vllm.put("name", "vllm");
    vllm.put("args", new ArrayList<>(List.of("--enforce-eager", "--max-model-len=4096")));
    Map<String, Object> decode = new LinkedHashMap<>();
    decode.put("replicas", 1);
    decode.put("containers", new ArrayList<>(List.of(vllm)));
    Map<String, Object> values = new LinkedHashMap<>(Map.of("decode", decode));

    // when
    Map<String, Object> out =
        Overrides.parse(
                """
                # treatment
                decode.replicas=2
                decode.containers[name="vllm"].args=--max-model-len=16000
                decode.containers[name="vllm"].args=--enforce-eager
                decode.containers[name="vllm"].args=--kv-transfer-config={"kv_connector":"NixlConnector"}
                decode.containers[name='sidecar'].image=proxy:1
                modelArtifacts.labels."llm-d.ai/model"=qwen3
                prefill.create=false
                routing.servicePort=8000
                decode.parallelism={tensor: 2}
                """)
            .applyTo(values);

    // then
    Map<String, Object> d = (Map<String, Object>) out.get("decode");
    assertThat(d.get("replicas")).isEqualTo(2);
    List<Map<String, Object>> containers = (List<Map<String, Object>>) d.get("containers");
    assertThat(containers.get(0).get("args"))
        .isEqualTo(
            List.of(
                "--enforce-eager",
                "--max-model-len=16000",
                "--kv-transfer-config={\"kv_connector\":\"NixlConnector\"}"));
    assertThat(containers.get(1)).isEqualTo(Map.of("name", "sidecar", "image", "proxy:1"));
    assertThat(
            ((Map<String, Object>) ((Map<String, Object>) out.get("modelArtifacts")).get("labels")))
        .containsEntry("llm-d.ai/model", "qwen3");
    assertThat(((Map<String, Object>) out.get("prefill")).get("create")).isEqualTo(false);
    assertThat(((Map<String, Object>) out.get("routing")).get("servicePort")).isEqualTo(8000);
    assertThat(d.get("parallelism")).isEqualTo(Map.of("tensor", 2));
    // the input is untouched
    assertThat(decode.get("replicas")).isEqualTo(1);
  }

  @Test
  void badRulesNameTheLineAndTheProblem() {
    assertThatThrownBy(() -> Overrides.parse("a.b=1\nno equals sign"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("path=value");
    assertThatThrownBy(() -> Overrides.parse("a[name=\"x=1"))
        .hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> Overrides.parse("a..b=1")).hasMessageContaining("empty path segment");
    assertThatThrownBy(() -> Overrides.of("a[x]=1")).hasMessageContaining("not k=v");
    Map<String, Object> listOfMaps = Map.of("c", List.of(Map.of("name", "x")));
    assertThatThrownBy(() -> Overrides.of("c=1").applyTo(listOfMaps))
        .hasMessageContaining("list of maps");
  }
}
