package ai.llmd.bench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The BOM that applications import pins the versions the library is built and tested with. */
class BomVersionsTest {
  @Test
  void theBomVersionsAreTheBuildVersions() throws Exception {
    Document parent = parse(Path.of("../pom.xml"));
    Document bom = parse(Path.of("../llmd-bench-bom/pom.xml"));
    Map<String, String> built = properties(parent);
    Map<String, String> published = properties(bom);

    String version = text(parent.getDocumentElement(), "version");
    assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(version);
    assertThat(published.remove("llmd-bench.version")).isEqualTo(version);
    assertThat(published)
        .isNotEmpty()
        .containsKeys(
            "jackson2.version", "jackson3.version", "fabric8.version", "helm-java.version");
    published.forEach(
        (key, value) -> assertThat(built.get(key)).as("parent property %s", key).isEqualTo(value));
  }

  static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static Map<String, String> properties(Document pom) {
    Map<String, String> result = new LinkedHashMap<>();
    NodeList props = pom.getElementsByTagName("properties").item(0).getChildNodes();
    for (int i = 0; i < props.getLength(); i++) {
      Node n = props.item(i);
      if (n instanceof Element e) {
        result.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return result;
  }

  static String text(Element parent, String child) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(child)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }
}
