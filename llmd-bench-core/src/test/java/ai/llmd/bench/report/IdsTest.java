package ai.llmd.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void uuid5MatchesUpstreamVectors() {
    assertThat(Ids.uuid5Url("inference-perf-1786024743-hipkpq"))
        .hasToString("6b843cb0-78da-55e2-8152-8dae8cb8a341");
    assertThat(Ids.uuid5Dns("run-only")).hasToString("7630073d-6eb6-5633-8fab-ee2f02955294");
  }

  @Test
  void cfgIdMatchesPythonJsonDumps() {
    assertThat(Ids.cfgId(Map.of()))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(Ids.cfgId(Map.of("envars", Map.of(), "args", Map.of())))
        .isEqualTo("16c0d563b61c6a0a42e93b5b09a5994db4ab86017d1944d93c85c2dd9f95e420");
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("--max-model-len", 16000);
    args.put("--enforce-eager", null);
    assertThat(Ids.cfgId(Map.of("args", args, "envars", Map.of("VLLM_LOGGING_LEVEL", "DEBUG"))))
        .isEqualTo("a17090c10f4c7270423b500023c15abd84682fa145ecc8d6bdf0b098c970cef0");
  }
}
