// llmd-bench JShell startup: the library's common imports.
// Open it with (from the repository root; see docs/jshell.md):
//   mvn -q -B package -DskipTests -pl llmd-bench-examples -am && jshell --class-path "$(cat llmd-bench-examples/target/classpath.txt)" --startup DEFAULT --startup llmd-bench-examples/src/main/jshell/llmd-bench.jsh
import ai.llmd.bench.harness.*;
import ai.llmd.bench.harness.loadgen.*;
import ai.llmd.bench.harness.sim.*;
import ai.llmd.bench.report.*;
import ai.llmd.bench.stack.*;
import java.net.URI;
import java.nio.file.*;
import java.time.Duration;
System.out.println("llmd-bench ready: try  var sim = Simulator.builder().start()   (see docs/jshell.md)");
