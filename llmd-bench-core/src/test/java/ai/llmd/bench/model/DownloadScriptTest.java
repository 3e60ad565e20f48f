package ai.llmd.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the download Job's shell script with {@code sh}, with stand-ins for {@code pip} and {@code
 * hf} on the PATH: the marker, skip and redo logic is what decides whether a model on a claim is
 * trusted.
 */
class DownloadScriptTest {
  @TempDir Path dir;
  private Path cache;
  private Path bin;
  private Path model;

  @BeforeEach
  void tools() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh on this machine");
    cache = Files.createDirectories(dir.resolve("cache"));
    bin = Files.createDirectories(dir.resolve("bin"));
    model = cache.resolve("models/Qwen/Qwen3-0.6B");
    script("pip", "exit 0");
    // hf download <id> --local-dir <dir>: writes the model files unless HF_FAIL is set
    script(
        "hf",
        """
        echo "hf $*" >> "$CALLS"
        [ -n "${HF_FAIL:-}" ] && { echo "401 Client Error" >&2; exit 1; }
        for a in "$@"; do last="$a"; done
        echo '{}' > "$last/config.json"; echo weights > "$last/model.safetensors"
        """);
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, String output, String calls) {}

  private Run run(Map<String, String> extra) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", "-c", ModelDownload.SCRIPT).redirectErrorStream(true);
    Path calls = dir.resolve("calls");
    Files.deleteIfExists(calls);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().put("MOUNT_PATH", cache.toString());
    pb.environment().put("MODEL_PATH", "models/Qwen/Qwen3-0.6B");
    pb.environment().put("HF_MODEL_ID", "Qwen/Qwen3-0.6B");
    pb.environment().put("CALLS", calls.toString());
    pb.environment().putAll(extra);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    return new Run(exit, out, Files.exists(calls) ? Files.readString(calls) : "");
  }

  @Test
  void downloadsThenWritesTheMarkerAndASecondRunSkips() throws Exception {
    Run first = run(Map.of());
    assertThat(first.exit()).isZero();
    assertThat(first.calls()).contains("hf download Qwen/Qwen3-0.6B --local-dir " + model);
    assertThat(model.resolve(ModelDownload.MARKER)).exists();
    assertThat(model.resolve("model.safetensors")).exists();

    Run second = run(Map.of());
    assertThat(second.exit()).isZero();
    assertThat(second.output()).contains(ModelDownload.SKIP_LINE);
    assertThat(second.calls()).isEmpty();
  }

  @Test
  void aHalfFinishedDownloadIsRemovedAndRedoneNotTrusted() throws Exception {
    Files.createDirectories(model);
    Files.writeString(model.resolve("model-00001-of-00002.safetensors"), "partial");

    Run r = run(Map.of());

    assertThat(r.exit()).isZero();
    assertThat(r.output())
        .contains(ModelDownload.REDO_LINE)
        .doesNotContain(ModelDownload.SKIP_LINE);
    assertThat(r.calls()).contains("hf download");
    assertThat(model.resolve("model-00001-of-00002.safetensors")).doesNotExist();
    assertThat(model.resolve(ModelDownload.MARKER)).exists();
  }

  @Test
  void aFailedDownloadLeavesNoMarkerAndFailsThePod() throws Exception {
    Run r = run(Map.of("HF_FAIL", "1"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("401 Client Error");
    assertThat(model.resolve(ModelDownload.MARKER)).doesNotExist();
  }

  @Test
  void aRevisionIsPassedToHf() throws Exception {
    Run r = run(Map.of("HF_REVISION", "v2.0"));
    assertThat(r.calls()).contains("hf download Qwen/Qwen3-0.6B --revision v2.0 --local-dir");
  }
}
