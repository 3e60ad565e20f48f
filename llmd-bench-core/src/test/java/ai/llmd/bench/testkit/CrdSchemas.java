package ai.llmd.bench.testkit;

import ai.llmd.bench.report.Reports;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates manifests against the upstream CRD schemas (test resources under {@code /crds}), with
 * unknown fields counted as errors: every object schema that lists properties gets {@code
 * additionalProperties: false}, except {@code metadata} and nodes marked {@code
 * x-kubernetes-preserve-unknown-fields}.
 */
public final class CrdSchemas {
  private CrdSchemas() {}

  /** Errors of a manifest against version {@code version} of the CRD in {@code crdResource}. */
  public static List<String> errors(String crdResource, String version, Object manifest) {
    JsonNode crd;
    try (InputStream in = CrdSchemas.class.getResourceAsStream(crdResource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + crdResource);
      }
      crd = Reports.yamlMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode schemaNode = null;
    for (JsonNode v : crd.at("/spec/versions")) {
      if (version.equals(v.path("name").asString())) {
        schemaNode = v.at("/schema/openAPIV3Schema").deepCopy();
      }
    }
    if (schemaNode == null) {
      throw new IllegalArgumentException(crdResource + " has no version " + version);
    }
    closeObjects(schemaNode, false);
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaNode);
    JsonNode doc = manifest instanceof JsonNode j ? j : Reports.jsonMapper().valueToTree(manifest);
    return schema.validate(doc).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  private static void closeObjects(JsonNode node, boolean isMetadata) {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    JsonNode props = o.get("properties");
    if (props != null
        && props.isObject()
        && !isMetadata
        && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      o.put("additionalProperties", false);
    }
    if (props != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        closeObjects(e.getValue(), e.getKey().equals("metadata"));
      }
    }
    if (o.has("items")) {
      closeObjects(o.get("items"), false);
    }
    if (o.has("additionalProperties") && o.get("additionalProperties").isObject()) {
      closeObjects(o.get("additionalProperties"), false);
    }
  }
}
