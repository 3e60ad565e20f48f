package ai.llmd.bench.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.storage.StorageException;
import ai.llmd.bench.storage.UploadItem;
import ai.llmd.bench.storage.UploadReceipt;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
  @TempDir Path dir;

  private Path results() throws Exception {
    Path run = dir.resolve("src/run-1");
    Files.createDirectories(run.resolve("raw"));
    Files.writeString(run.resolve("raw/stage_0.csv"), "a,b\n1,2\n");
    Files.writeString(run.resolve("record.yaml"), "experiment: e1\n");
    return run;
  }

  @Test
  void copiesDirectoriesWithRelativeKeysAndSkipsUnchangedFiles() throws Exception {
    Path run = results();
    List<BenchEvent> events = new ArrayList<>();
    BenchEvent.Context ctx = new BenchEvent.Context("e1", null, null);
    LocalStore store = LocalStore.of(dir.resolve("store")).withEvents(events::add, ctx);

    List<UploadReceipt> first = store.upload(List.of(run), "exp");
    List<UploadReceipt> second = store.upload(List.of(run), "exp");

    // each file reported, stored then skipped, with the upload's counts
    long bytes =
        Files.size(run.resolve("raw/stage_0.csv")) + Files.size(run.resolve("record.yaml"));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.context()).isEqualTo(ctx))
        .extracting(
            e ->
                e.upload().step()
                    + " "
                    + e.upload().key()
                    + " "
                    + e.upload().objectsDone()
                    + "/"
                    + e.upload().objects())
        .containsExactly(
            "OBJECT_STORED exp/run-1/raw/stage_0.csv 1/2",
            "OBJECT_STORED exp/run-1/record.yaml 2/2",
            "OBJECT_SKIPPED exp/run-1/raw/stage_0.csv 1/2",
            "OBJECT_SKIPPED exp/run-1/record.yaml 2/2");
    assertThat(events.get(1).upload().bytesDone())
        .isEqualTo(bytes)
        .isEqualTo(events.get(1).upload().bytes());

    assertThat(first)
        .extracting(UploadReceipt::key)
        .containsExactly("exp/run-1/raw/stage_0.csv", "exp/run-1/record.yaml");
    assertThat(first).extracting(UploadReceipt::skipped).containsOnly(false);
    assertThat(second).extracting(UploadReceipt::skipped).containsOnly(true);
    assertThat(dir.resolve("store/exp/run-1/raw/stage_0.csv"))
        .hasSameTextualContentAs(run.resolve("raw/stage_0.csv"));
    assertThat(first.get(0).sha256()).isEqualTo(UploadItem.sha256(run.resolve("raw/stage_0.csv")));
    try (var left = Files.walk(dir.resolve("store"))) {
      assertThat(left.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
    }
  }

  @Test
  void archivesAreReproducibleSoTheSecondUploadIsSkipped() throws Exception {
    Path run = results();
    LocalStore store = LocalStore.of(dir.resolve("store")).withArchive(true);

    UploadReceipt first = store.upload(List.of(run), "exp").get(0);
    UploadReceipt second = store.upload(List.of(run), "exp").get(0);

    assertThat(first.key()).isEqualTo("exp/run-1.tar.gz");
    assertThat(second.skipped()).isTrue();
    List<String> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(dir.resolve("store/exp/run-1.tar.gz"));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).containsExactly("run-1/raw/stage_0.csv", "run-1/record.yaml");
  }

  @Test
  void keysThatLeaveTheStoreAreRefusedAndMissingPathsNamed() throws Exception {
    Path run = results();
    assertThatThrownBy(
            () -> LocalStore.of(dir.resolve("store")).upload(List.of(run), "../../escape"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("leaves the store");
    assertThatThrownBy(
            () -> LocalStore.of(dir.resolve("store")).upload(List.of(dir.resolve("nope")), "x"))
        .hasMessageContaining("nope");
  }
}
