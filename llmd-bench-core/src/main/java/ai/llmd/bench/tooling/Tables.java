package ai.llmd.bench.tooling;

import java.util.List;

/** Aligned plain-text tables. */
final class Tables {
  private Tables() {}

  /** Formats rows (the first is the header) in left-aligned columns separated by two spaces. */
  static String format(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns - 1; i++) {
        width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = r[i] == null ? "" : r[i];
        line.append(i < columns - 1 ? String.format("%-" + width[i] + "s  ", cell) : cell);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
