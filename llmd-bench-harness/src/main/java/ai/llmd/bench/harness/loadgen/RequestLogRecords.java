package ai.llmd.bench.harness.loadgen;

import ai.llmd.bench.harness.RequestRecord;
import ai.llmd.bench.harness.ResultTransformException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a stage's request log ({@code stage_<N>_requests.csv}) back as request records, by column
 * name, for merging parallel pods.
 */
final class RequestLogRecords {
  private RequestLogRecords() {}

  static List<RequestRecord> read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String head = in.readLine();
      if (head == null) {
        throw new ResultTransformException(LoadgenHarness.ID, file, "line 1", "empty request log");
      }
      List<String> header = Arrays.asList(head.split(",", -1));
      int ttft = column(file, header, "ttft_ms");
      int e2e = column(file, header, "e2e_ms");
      int input = column(file, header, "input_tokens");
      int output = column(file, header, "output_tokens");
      int itl = header.indexOf("itl_ms");
      int error = column(file, header, "error");
      List<RequestRecord> records = new ArrayList<>();
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] c = line.split(",", -1);
        if (c.length < header.size()) {
          throw new ResultTransformException(
              LoadgenHarness.ID,
              file,
              "line " + n,
              "expected " + header.size() + " columns, found " + c.length);
        }
        try {
          double[] gaps = null;
          if (itl >= 0) {
            gaps =
                c[itl].isEmpty()
                    ? new double[0]
                    : Arrays.stream(c[itl].split(";"))
                        .mapToDouble(g -> Double.parseDouble(g) / 1000)
                        .toArray();
          }
          records.add(
              new RequestRecord(
                  c[error].isBlank(),
                  c[ttft].isEmpty() ? null : Double.parseDouble(c[ttft]) / 1000,
                  Double.parseDouble(c[e2e]) / 1000,
                  Long.parseLong(c[input]),
                  Long.parseLong(c[output]),
                  gaps));
        } catch (NumberFormatException e) {
          throw new ResultTransformException(
              LoadgenHarness.ID, file, "line " + n, "not a number: " + e.getMessage());
        }
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static int column(Path file, List<String> header, String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new ResultTransformException(
          LoadgenHarness.ID, file, "line 1", "no column " + name + " in " + header);
    }
    return i;
  }
}
