package ai.llmd.bench.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack and the load of a report ({@code scenario}).
 *
 * @param stack the components that served the load
 * @param load the workload that produced the report
 */
public record Scenario(List<Component> stack, Load load) {

  /**
   * One stack component: an inference engine, the endpoint picker, the gateway, ...
   *
   * @param metadata the component's label and description
   * @param standardized the component in harness-neutral terms
   * @param nativeConfig its own arguments, environment and configuration ({@code native} in the
   *     report)
   */
  public record Component(
      ComponentMetadata metadata,
      Standardized standardized,
      @JsonProperty("native") Native nativeConfig) {}

  /**
   * Metadata of a component.
   *
   * @param label unique name of the component inside the report
   * @param cfgId hash of the component's configuration
   * @param schemaVersion version of the component description schema
   * @param description free text
   */
  public record ComponentMetadata(
      String schemaVersion, String label, String cfgId, String description) {}

  /**
   * The standardised description of a component, of kind {@code generic} (extra keys allowed, kept
   * in {@code extra}) or {@code inference_engine} (role, replicas, model, accelerator).
   *
   * @param kind {@code generic} or {@code inference_engine}
   * @param tool the software, e.g. {@code vllm} or {@code llm-d-inference-scheduler}
   * @param toolVersion its version
   * @param role for an inference engine: {@code replica}, {@code prefill} or {@code decode}
   * @param replicas for an inference engine: its replica count
   * @param model for an inference engine: the served model
   * @param accelerator for an inference engine: the accelerators of one replica
   * @param extra other keys of a generic component, kept as read
   */
  public record Standardized(
      String kind,
      String tool,
      String toolVersion,
      String role,
      Integer replicas,
      EngineModel model,
      Accelerator accelerator,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    /**
     * A null {@code extra} becomes an empty map.
     *
     * @param kind {@code generic} or {@code inference_engine}
     * @param tool the software, e.g. {@code vllm} or {@code llm-d-inference-scheduler}
     * @param toolVersion its version
     * @param role for an inference engine: {@code replica}, {@code prefill} or {@code decode}
     * @param replicas for an inference engine: its replica count
     * @param model for an inference engine: the served model
     * @param accelerator for an inference engine: the accelerators of one replica
     * @param extra other keys of a generic component, kept as read
     */
    public Standardized {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /** A generic component. */
    public static Standardized generic(String tool, String toolVersion) {
      return new Standardized("generic", tool, toolVersion, null, null, null, null, null);
    }
  }

  /**
   * The model an inference engine serves.
   *
   * @param name the served model id, e.g. {@code Qwen/Qwen3-0.6B}
   */
  public record EngineModel(String name) {}

  /**
   * The accelerators of one inference engine replica.
   *
   * @param model the accelerator model, e.g. {@code H100}
   * @param count accelerators used in total
   * @param parallelism how the replica is split across them
   */
  public record Accelerator(String model, Integer count, Parallelism parallelism) {}

  /**
   * Parallelism of one replica.
   *
   * @param tp tensor parallel size
   * @param dp data parallel size
   * @param dpLocal local data parallelism of this engine instance
   * @param workers number of workers
   * @param ep expert parallel size
   * @param pp pipeline parallel size
   */
  public record Parallelism(
      Integer tp, Integer dp, Integer dpLocal, Integer workers, Integer ep, Integer pp) {}

  /**
   * Native configuration of a component or load: arguments, environment and a configuration
   * document.
   *
   * @param args command-line flags (without leading dashes) to their values ({@code null} for a
   *     bare flag)
   * @param envars environment variables given to the tool
   * @param config configuration file details
   */
  public record Native(Map<String, Object> args, Map<String, Object> envars, Object config) {}

  /**
   * The workload of a report ({@code scenario.load}).
   *
   * @param metadata the load's schema version, configuration hash and description
   * @param standardized the load in harness-neutral terms
   * @param nativeConfig the harness's own arguments, environment and configuration ({@code native}
   *     in the report)
   */
  public record Load(
      LoadMetadata metadata,
      LoadStandardized standardized,
      @JsonProperty("native") Native nativeConfig) {}

  /**
   * Metadata of a load.
   *
   * @param schemaVersion version of the load description schema
   * @param cfgId hash of the load's configuration
   * @param description free text
   */
  public record LoadMetadata(String schemaVersion, String cfgId, String description) {}

  /**
   * The load in harness-neutral terms.
   *
   * @param tool harness name, e.g. {@code inference-perf}
   * @param parallelism number of load-generator pods
   * @param source {@code random}, {@code sampled} or {@code unknown}
   * @param stage index of the load point within the run
   * @param rateQps requested rate in queries/s
   * @param concurrency requested concurrency
   * @param toolVersion the harness's version, or {@code unknown}
   * @param inputSeqLen requested input length in tokens
   * @param outputSeqLen requested output length in tokens
   * @param prefix shared-prefix shape, or {@code null}
   * @param multiTurn conversation shape, or {@code null}
   */
  public record LoadStandardized(
      String tool,
      String toolVersion,
      Integer parallelism,
      String source,
      Integer stage,
      SequenceLength inputSeqLen,
      SequenceLength outputSeqLen,
      Prefix prefix,
      MultiTurn multiTurn,
      Double rateQps,
      Concurrency concurrency) {

    /**
     * Starts the load of harness {@code tool}; tool version and source default to {@code unknown},
     * the rest to absent.
     *
     * <pre>{@code
     * LoadStandardized load = LoadStandardized.builder("guidellm")
     *     .toolVersion("0.3.0").source("random").stage(0).rateQps(20.0)
     *     .inputSeqLen(SequenceLength.fixed(128)).outputSeqLen(SequenceLength.fixed(32))
     *     .build();
     * }</pre>
     */
    public static Builder builder(String tool) {
      return new Builder(tool);
    }

    /** Builds a {@link LoadStandardized}. */
    public static final class Builder {
      private final String tool;
      private String toolVersion = "unknown";
      private Integer parallelism;
      private String source = "unknown";
      private Integer stage;
      private SequenceLength inputSeqLen;
      private SequenceLength outputSeqLen;
      private Prefix prefix;
      private MultiTurn multiTurn;
      private Double rateQps;
      private Concurrency concurrency;

      private Builder(String tool) {
        this.tool = tool;
      }

      /** The harness's version (default {@code unknown}). */
      public Builder toolVersion(String v) {
        toolVersion = v;
        return this;
      }

      /** Number of load-generator pods. */
      public Builder parallelism(Integer v) {
        parallelism = v;
        return this;
      }

      /** Where prompts come from: {@code random}, {@code sampled} or {@code unknown} (default). */
      public Builder source(String v) {
        source = v;
        return this;
      }

      /** Index of the load point within the run, from 0. */
      public Builder stage(Integer v) {
        stage = v;
        return this;
      }

      /** Requested input length in tokens. */
      public Builder inputSeqLen(SequenceLength v) {
        inputSeqLen = v;
        return this;
      }

      /** Requested output length in tokens. */
      public Builder outputSeqLen(SequenceLength v) {
        outputSeqLen = v;
        return this;
      }

      /** The shared-prefix shape, for shared-prefix workloads. */
      public Builder prefix(Prefix v) {
        prefix = v;
        return this;
      }

      /** The conversation shape, for multi-turn workloads. */
      public Builder multiTurn(MultiTurn v) {
        multiTurn = v;
        return this;
      }

      /** Requested rate in queries per second ({@code null} for a concurrency load). */
      public Builder rateQps(Double v) {
        rateQps = v;
        return this;
      }

      /** Requested concurrency ({@code null} for a rate load). */
      public Builder concurrency(Concurrency v) {
        concurrency = v;
        return this;
      }

      /** Returns the load with what was set. */
      public LoadStandardized build() {
        return new LoadStandardized(
            tool,
            toolVersion,
            parallelism,
            source,
            stage,
            inputSeqLen,
            outputSeqLen,
            prefix,
            multiTurn,
            rateQps,
            concurrency);
      }
    }
  }

  /**
   * A sequence length in tokens.
   *
   * @param distribution {@code fixed}, {@code gaussian}, {@code uniform} or {@code other}
   * @param value the primary value in tokens (the length when fixed)
   * @param stdDev standard deviation in tokens (gaussian), or {@code null}
   * @param min smallest length in tokens, or {@code null}
   * @param max largest length in tokens, or {@code null}
   */
  public record SequenceLength(
      String distribution, Number value, Double stdDev, Integer min, Integer max) {

    /** Always {@code value} tokens. */
    public static SequenceLength fixed(Number value) {
      return new SequenceLength("fixed", value, null, null, null);
    }

    /** A distribution the schema does not name, with mean {@code value} tokens. */
    public static SequenceLength other(Number value) {
      return new SequenceLength("other", value, null, null, null);
    }
  }

  /**
   * A shared-prefix workload.
   *
   * @param prefixLen length of the common prefix in tokens
   * @param numGroups groups of users that share common prefixes
   * @param numUsersPerGroup users per group
   * @param numPrefixes common prefixes within a group
   */
  public record Prefix(
      SequenceLength prefixLen, Integer numGroups, Integer numUsersPerGroup, Integer numPrefixes) {}

  /**
   * A multi-turn workload.
   *
   * @param enabled whether requests form conversations
   * @param maxTurns most requests per session
   */
  public record MultiTurn(Boolean enabled, SequenceLength maxTurns) {}
}
