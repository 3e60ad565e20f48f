package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.harness.Harnesses;
import ai.llmd.bench.harness.loadgen.DataSpec;
import ai.llmd.bench.harness.loadgen.LoadGenerator;
import ai.llmd.bench.harness.loadgen.LoadgenResult;
import ai.llmd.bench.harness.loadgen.Stage;
import ai.llmd.bench.harness.loadgen.TokenLength;
import ai.llmd.bench.harness.sim.Simulator;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.stack.GaieSpec;
import ai.llmd.bench.stack.GatewayClass;
import ai.llmd.bench.stack.GatewaySpec;
import ai.llmd.bench.stack.ModelServiceSpec;
import ai.llmd.bench.stack.RouteSpec;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.stack.StackPlan;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.local.LocalStore;
import ai.llmd.bench.storage.s3.S3Store;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file a quickstart-like run plus a stack plan writes, locally and in S3, with a secret given
 * to every API that takes one and secret-looking values given where nothing registers them: none of
 * the secrets may appear in any file, object or exception message.
 */
class SecretScanTest {
  // registered by the APIs they are given to
  private static final String API_KEY = "sk-loadgen-apikey-7f3a9c";
  private static final String RECORD_SECRET = "record-secret-51b2e8";
  private static final String HF_TOKEN = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123";
  private static final String S3_SECRET = "s3-secret-key-90d4aa";
  private static final String WRONG_S3_SECRET = "wrong-s3-secret-1c77f0";
  // never registered: caught by their keys and flags only
  private static final String VLLM_API_KEY = "vllm-api-key-2e6f1d";
  private static final String VLLM_HF_TOKEN = "plain-hf-token-88aa01";
  private static final String CAMEL_SECRET = "camel-case-secret-4c4c4c";
  private static final String ARG_TOKEN = "arg-token-value-3b3b3b";

  private static final List<String> SECRETS =
      List.of(
          API_KEY,
          RECORD_SECRET,
          HF_TOKEN,
          S3_SECRET,
          WRONG_S3_SECRET,
          VLLM_API_KEY,
          VLLM_HF_TOKEN,
          CAMEL_SECRET,
          ARG_TOKEN);

  @TempDir Path dir;

  /** A test chart of llmd-bench-core's test-jar, copied out when it is inside the jar. */
  private Path chart(String name) throws Exception {
    URI uri = SecretScanTest.class.getResource("/charts/" + name + "/Chart.yaml").toURI();
    if (!"jar".equals(uri.getScheme())) {
      return Path.of(uri).getParent();
    }
    Path target = dir.resolve("charts").resolve(name);
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
        Stream<Path> walk = Files.walk(jar.getPath("/charts/" + name))) {
      Path root = jar.getPath("/charts/" + name);
      for (Path p : walk.toList()) {
        Path t = target.resolve(root.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  @Test
  void noSecretReachesAnyFileObjectOrMessage() throws Exception {
    Path results = dir.resolve("results");
    Instant start = Instant.now();

    // the quickstart: simulator, load generator (with an API key), reports
    LoadgenResult run;
    try (Simulator sim = Simulator.builder().model("sim").start()) {
      run =
          LoadGenerator.builder()
              .endpoint(sim.endpoint())
              .model(sim.model())
              .apiKey(API_KEY)
              .data(DataSpec.random(TokenLength.fixed(16), TokenLength.fixed(4)))
              .stage(Stage.rate(10, Duration.ofSeconds(1)))
              .build()
              .run(results.resolve("raw"));
    }
    Harnesses.get("loadgen").transformer().transform(run.directory(), results.resolve("reports"));

    // a stack plan with secrets in the server's arguments and a Hugging Face token
    StackPlan plan =
        Stack.builder()
            .namespace("bench")
            .modelLabel("qwen")
            .huggingFaceToken(HF_TOKEN)
            .gateway(
                GatewaySpec.llmdInfra()
                    .withChart(ChartRef.local(chart("llm-d-infra")))
                    .withGatewayClass(GatewayClass.KGATEWAY))
            .gaie(GaieSpec.inferencePool().withChart(ChartRef.local(chart("inferencepool"))))
            .model(
                ModelServiceSpec.of("Qwen/Qwen3-0.6B")
                    .withChart(ChartRef.local(chart("llm-d-modelservice")))
                    .withArgs(
                        "--api-key", VLLM_API_KEY, "--hf-token=" + VLLM_HF_TOKEN, "--port", "8000"))
            .route(RouteSpec.perStack())
            .plan();
    plan.writeTo(results.resolve("plan"));
    assertThat(Reports.yamlMapper().writeValueAsString(plan.release("deploy_model").values()))
        .as("the plan itself keeps the arguments: only what is written is redacted")
        .contains(VLLM_API_KEY);

    // the record: a registered secret, a camelCase secret key, a token in executor arguments
    ExperimentRecord.builder("scan")
        .start(start)
        .end(Instant.now())
        .secret(RECORD_SECRET)
        .stack(plan)
        .workload(
            new ExperimentRecord.Workload(
                "loadgen",
                "scan",
                Map.of("note", "uses " + RECORD_SECRET),
                Map.of(
                    "s3", Map.of("secretAccessKey", CAMEL_SECRET),
                    "args", List.of("--token", ARG_TOKEN)),
                start,
                Instant.now(),
                "raw",
                List.of()))
        .build()
        .write(results.resolve("record.yaml"));

    // stored locally and in S3; a wrong secret fails without showing it
    LocalStore.of(dir.resolve("store")).upload(List.of(results), "e1");
    Path blobs = Files.createDirectories(dir.resolve("s3"));
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", blobs.toString());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", props))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "scan", S3_SECRET)
            .stopTimeout(100)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    List<String> messages = new ArrayList<>();
    try {
      String endpoint = "http://127.0.0.1:" + proxy.getPort();
      S3Store.builder()
          .endpoint(endpoint)
          .bucket("scan")
          .createBucket(true)
          .credentials("scan", S3_SECRET)
          .build()
          .upload(List.of(results), "e1");
      assertThatThrownBy(
              () ->
                  S3Store.builder()
                      .endpoint(endpoint)
                      .bucket("scan")
                      .credentials("scan", WRONG_S3_SECRET)
                      .build()
                      .upload(List.of(results), "e2"))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                  messages.add(String.valueOf(t));
                }
              });
      MinioClient raw =
          MinioClient.builder().endpoint(endpoint).credentials("scan", S3_SECRET).build();
      int objects = 0;
      for (var r :
          raw.listObjects(ListObjectsArgs.builder().bucket("scan").recursive(true).build())) {
        String key = r.get().objectName();
        try (var in = raw.getObject(GetObjectArgs.builder().bucket("scan").object(key).build())) {
          assertNoSecret("s3://scan/" + key, in.readAllBytes());
        }
        objects++;
      }
      assertThat(objects).isGreaterThan(5);
    } finally {
      try {
        proxy.stop();
      } catch (java.util.concurrent.TimeoutException e) {
        // stopped anyway
      }
    }

    // then
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .anyMatch(p -> p.endsWith("values.yaml"))
        .anyMatch(p -> p.endsWith("manifests.yaml"));
    for (Path f : files) {
      assertNoSecret(dir.relativize(f).toString(), Files.readAllBytes(f));
    }
    for (String m : messages) {
      assertNoSecret("exception message", m.getBytes(StandardCharsets.UTF_8));
    }
    String values =
        Files.readString(
            results
                .resolve("plan")
                .resolve(plan.release("deploy_model").name())
                .resolve("values.yaml"));
    assertThat(values).contains("--api-key").contains("--hf-token=<redacted>");
  }

  private static void assertNoSecret(String where, byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    for (String s : SECRETS) {
      assertThat(text).as(where).doesNotContain(s);
      assertThat(text)
          .as(where + " (base64)")
          .doesNotContain(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
