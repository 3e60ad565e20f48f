package ai.llmd.bench.record;

/** The library's version, from the jar manifest (or {@code dev} when running from classes). */
final class LibraryVersion {
  private LibraryVersion() {}

  static String get() {
    String v = LibraryVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
