package ai.llmd.bench.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.ChartRef;
import ai.llmd.bench.testkit.HelmMockServer;
import ai.llmd.bench.tooling.ToolingReport.Action;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolingTest {
  private HelmMockServer server;
  private KubernetesClient client;
  private HttpServer releases;

  @BeforeEach
  void start() throws IOException {
    server = HelmMockServer.start();
    client = server.client();
    // A release download site: /gateway-api/<version>/standard-install.yaml, 404 otherwise.
    releases = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    releases.createContext(
        "/",
        exchange -> {
          String p = exchange.getRequestURI().getPath();
          String resource =
              p.matches("/gateway-api/v1\\.[45]\\.[01]/standard-install\\.yaml")
                  ? "/tooling/gateway-api-" + p.split("/")[2] + "-standard-install.yaml"
                  : null;
          try (InputStream in =
              resource == null ? null : getClass().getResourceAsStream(resource)) {
            byte[] body = in == null ? "404 page not found".getBytes() : in.readAllBytes();
            exchange.sendResponseHeaders(in == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    releases.start();
  }

  @AfterEach
  void stop() {
    releases.stop(0);
    server.close();
  }

  private ManifestSource gatewayApi(String version) {
    return ManifestSource.url(
        "http://127.0.0.1:"
            + releases.getAddress().getPort()
            + "/gateway-api/"
            + version
            + "/standard-install.yaml");
  }

  private static Path chart(String name) throws Exception {
    return Path.of(ToolingTest.class.getResource("/tooling/charts/" + name).toURI());
  }

  private Tooling.Builder crds() {
    return Tooling.builder()
        .kubernetes(client)
        .gatewayApi("v1.5.1")
        .manifest(Tool.GATEWAY_API, gatewayApi("v1.5.1"))
        .inferenceExtension("v1.0.1")
        .manifest(
            Tool.INFERENCE_EXTENSION,
            ManifestSource.classpath("tooling/gaie-v1.0.1-manifests.yaml"));
  }

  private CustomResourceDefinition crd(String name) {
    return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
  }

  @Test
  void appliesCrdManifestsLabelledAsOursAndASecondRunChangesNothing() {
    ToolingReport first = crds().install();

    assertThat(first.entry(Tool.GATEWAY_API).action()).isEqualTo(Action.INSTALLED);
    assertThat(first.entry(Tool.GATEWAY_API).wanted()).isEqualTo("v1.5.1");
    assertThat(first.entry(Tool.INFERENCE_EXTENSION).action()).isEqualTo(Action.INSTALLED);
    assertThat(first.entry(Tool.GATEWAY_API).objects())
        .extracting(ToolingReport.ObjectRef::toString)
        .contains(
            "CustomResourceDefinition/gateways.gateway.networking.k8s.io",
            "ValidatingAdmissionPolicy/safe-upgrades.gateway.networking.k8s.io");
    CustomResourceDefinition gateways = crd("gateways.gateway.networking.k8s.io");
    assertThat(gateways.getMetadata().getAnnotations())
        .containsEntry("gateway.networking.k8s.io/bundle-version", "v1.5.1");
    assertThat(gateways.getMetadata().getLabels()).containsEntry(Tooling.TOOL_LABEL, "gateway-api");
    assertThat(crd("inferencepools.inference.networking.k8s.io")).isNotNull();
    assertThat(crd("inferencepools.inference.networking.x-k8s.io")).isNotNull();
    assertThat(
            client
                .admissionRegistration()
                .v1()
                .validatingAdmissionPolicies()
                .withName("safe-upgrades.gateway.networking.k8s.io")
                .get())
        .isNotNull();

    String version = gateways.getMetadata().getResourceVersion();
    ToolingReport second = crds().install();

    assertThat(second.entries())
        .extracting(ToolingReport.Entry::action)
        .containsOnly(Action.PRESENT);
    assertThat(second.changedAnything()).isFalse();
    assertThat(second.entry(Tool.GATEWAY_API).found()).isEqualTo("v1.5.1");
    assertThat(crd("gateways.gateway.networking.k8s.io").getMetadata().getResourceVersion())
        .isEqualTo(version);
    assertThat(second.table()).contains("gateway-api", "present", "v1.5.1").startsWith("tool ");
  }

  @Test
  void aNewerVersionIsKeptAndAnOlderOneReportedNotTouchedUnlessUpgradeIsAsked() {
    seedGatewayApi("v1.6.1");
    ToolingReport newer =
        Tooling.builder()
            .kubernetes(client)
            .gatewayApi("v1.5.1")
            .manifest(Tool.GATEWAY_API, gatewayApi("v1.5.1"))
            .install();
    assertThat(newer.entry(Tool.GATEWAY_API).action()).isEqualTo(Action.NEWER_PRESENT);
    assertThat(newer.entry(Tool.GATEWAY_API).found()).isEqualTo("v1.6.1");
    assertThat(bundleVersion()).isEqualTo("v1.6.1");

    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("gateways.gateway.networking.k8s.io")
        .delete();
    seedGatewayApi("v1.4.0");
    ToolingReport older =
        Tooling.builder()
            .kubernetes(client)
            .gatewayApi("v1.5.1")
            .manifest(Tool.GATEWAY_API, gatewayApi("v1.5.1"))
            .install();
    assertThat(older.entry(Tool.GATEWAY_API).action()).isEqualTo(Action.OLDER_PRESENT);
    assertThat(older.entry(Tool.GATEWAY_API).detail()).contains("upgrade(true)");
    assertThat(bundleVersion()).isEqualTo("v1.4.0");

    ToolingReport upgraded =
        Tooling.builder()
            .kubernetes(client)
            .gatewayApi("v1.5.1")
            .manifest(Tool.GATEWAY_API, gatewayApi("v1.5.1"))
            .upgrade(true)
            .install();
    assertThat(upgraded.entry(Tool.GATEWAY_API).action()).isEqualTo(Action.UPGRADED);
    assertThat(bundleVersion()).isEqualTo("v1.5.1");
    // an upgrade is not an install: uninstalling leaves the CRDs in place
    assertThat(Tooling.uninstall(client, upgraded)).isEmpty();
    assertThat(crd("gateways.gateway.networking.k8s.io")).isNotNull();
  }

  private String bundleVersion() {
    return crd("gateways.gateway.networking.k8s.io")
        .getMetadata()
        .getAnnotations()
        .get("gateway.networking.k8s.io/bundle-version");
  }

  private void seedGatewayApi(String version) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("gateways.gateway.networking.k8s.io")
                .addToAnnotations("gateway.networking.k8s.io/bundle-version", version)
                .endMetadata()
                .withNewSpec()
                .withGroup("gateway.networking.k8s.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Gateway")
                .withPlural("gateways")
                .endNames()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void uninstallRemovesOnlyWhatTheInstallCreated() {
    // the InferencePool CRDs were there before: reported, kept
    Tooling.builder()
        .kubernetes(client)
        .inferenceExtension("v1.0.1")
        .manifest(
            Tool.INFERENCE_EXTENSION,
            ManifestSource.classpath("tooling/gaie-v1.0.1-manifests.yaml"))
        .install();
    var pool = crd("inferencepools.inference.networking.k8s.io");
    pool.getMetadata().getLabels().remove(Tooling.TOOL_LABEL); // as if someone else installed them
    client.resource(pool).update();

    ToolingReport report = crds().install();
    assertThat(report.entry(Tool.INFERENCE_EXTENSION).action()).isEqualTo(Action.PRESENT);
    List<String> removed = Tooling.uninstall(client, report);

    assertThat(removed)
        .contains(
            "CustomResourceDefinition/gateways.gateway.networking.k8s.io",
            "ValidatingAdmissionPolicyBinding/safe-upgrades.gateway.networking.k8s.io");
    assertThat(crd("gateways.gateway.networking.k8s.io")).isNull();
    assertThat(crd("httproutes.gateway.networking.k8s.io")).isNull();
    assertThat(crd("inferencepools.inference.networking.k8s.io")).isNotNull();
  }

  @Test
  void reportRoundTripsAsJsonSoThatALaterProcessCanUninstall() {
    ToolingReport report = crds().install();
    String json = Reports.jsonMapper().writeValueAsString(report);
    ToolingReport read = Reports.jsonMapper().readValue(json, ToolingReport.class);
    assertThat(read).isEqualTo(report);
    assertThat(Tooling.uninstall(client, read))
        .hasSize(report.entries().stream().mapToInt(e -> e.objects().size()).sum());
  }

  @Test
  void tektonFromItsReleaseManifestWithNamespaceFirst() {
    ToolingReport r =
        Tooling.builder()
            .kubernetes(client)
            .tekton("v1.15.0")
            .manifest(Tool.TEKTON, ManifestSource.classpath("tooling/tekton-v1.15.0-release.yaml"))
            .install();
    assertThat(r.entry(Tool.TEKTON).action()).isEqualTo(Action.INSTALLED);
    assertThat(r.entry(Tool.TEKTON).objects().get(0).kind()).isEqualTo("Namespace");
    assertThat(
            client
                .configMaps()
                .inNamespace("tekton-pipelines")
                .withName("pipelines-info")
                .get()
                .getData())
        .containsEntry("version", "v1.15.0");
    assertThat(
            Tooling.builder()
                .kubernetes(client)
                .tekton("v1.15.0")
                .manifest(
                    Tool.TEKTON, ManifestSource.classpath("tooling/tekton-v1.15.0-release.yaml"))
                .install()
                .entry(Tool.TEKTON)
                .action())
        .isEqualTo(Action.PRESENT);
    Tooling.uninstall(client, r);
    assertThat(client.namespaces().withName("tekton-pipelines").get()).isNull();
    assertThat(crd("pipelines.tekton.dev")).isNull();
  }

  @Test
  void gatewayProviderAndLwsAreRealHelmReleasesAndAreUninstalledAgain() throws Exception {
    ToolingReport r =
        Tooling.builder()
            .kubernetes(client)
            .gatewayProvider("istio", "1.29.2")
            .charts(
                Tool.ISTIO, ChartRef.local(chart("istio-base")), ChartRef.local(chart("istiod")))
            .lws("0.10.0")
            .charts(Tool.LWS, ChartRef.local(chart("lws")))
            .install();

    assertThat(r.entry(Tool.ISTIO).releases())
        .containsExactly("istio-system/istio-base", "istio-system/istiod");
    assertThat(r.entry(Tool.ISTIO).createdNamespace()).isEqualTo("istio-system");
    List<Release> istio =
        Helm.list()
            .withNamespace("istio-system")
            .withKubeConfigContents(server.kubeconfig())
            .call();
    assertThat(istio)
        .extracting(Release::getName)
        .containsExactlyInAnyOrder("istio-base", "istiod");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("lws-system")
                .withName("lws-controller-manager")
                .get())
        .isNotNull();

    ToolingReport again =
        Tooling.builder()
            .kubernetes(client)
            .gatewayProvider("istio", "1.29.2")
            .lws("0.10.0")
            .install();
    assertThat(again.entry(Tool.ISTIO).action()).isEqualTo(Action.PRESENT);
    assertThat(again.entry(Tool.ISTIO).found()).isEqualTo("1.29.2");
    assertThat(again.entry(Tool.LWS).found()).isEqualTo("v0.10.0");
    assertThat(again.entry(Tool.LWS).action()).isEqualTo(Action.PRESENT);

    ToolingReport older =
        Tooling.builder().kubernetes(client).gatewayProvider("ISTIO", "1.30.0").install();
    assertThat(older.entry(Tool.ISTIO).action()).isEqualTo(Action.OLDER_PRESENT);

    List<String> removed = Tooling.uninstall(client, r);
    assertThat(removed)
        .containsExactly(
            "release/lws-system/lws",
            "Namespace/lws-system",
            "release/istio-system/istiod",
            "release/istio-system/istio-base",
            "Namespace/istio-system");
    assertThat(client.apps().deployments().inNamespace("istio-system").withName("istiod").get())
        .isNull();
  }

  @Test
  void aFailedInstallReportsWhatItHadDoneSoThatItCanBeUndone(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path broken = java.nio.file.Files.createDirectories(dir.resolve("istiod/templates"));
    java.nio.file.Files.writeString(
        dir.resolve("istiod/Chart.yaml"), "apiVersion: v2\nname: istiod\nversion: 1.29.2\n");
    java.nio.file.Files.writeString(broken.resolve("x.yaml"), "{{ fail \"no istiod today\" }}\n");

    ToolingException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ToolingException.class,
            () ->
                Tooling.builder()
                    .kubernetes(client)
                    // asked for first, installed after the CRDs (dependency order)
                    .gatewayProvider("istio", "1.29.2")
                    .charts(
                        Tool.ISTIO,
                        ChartRef.local(chart("istio-base")),
                        ChartRef.local(dir.resolve("istiod")))
                    .gatewayApi("v1.5.1")
                    .manifest(Tool.GATEWAY_API, gatewayApi("v1.5.1"))
                    .install());

    assertThat(e)
        .hasMessageContaining("installing istio 1.29.2 failed")
        .hasMessageContaining("no istiod today");
    assertThat(e.partial().entries())
        .extracting(ToolingReport.Entry::tool)
        .containsExactly("gateway-api", "istio");
    assertThat(e.partial().entry(Tool.ISTIO).releases())
        .containsExactly("istio-system/istio-base", "istio-system/istiod");
    Tooling.uninstall(client, e.partial());
    assertThat(crd("gateways.gateway.networking.k8s.io")).isNull();
    assertThat(client.namespaces().withName("istio-system").get()).isNull();
    assertThat(
            Helm.list()
                .withNamespace("istio-system")
                .withKubeConfigContents(server.kubeconfig())
                .call())
        .isEmpty();
  }

  @Test
  void badInputFailsBeforeAnythingIsCreated() {
    assertThatThrownBy(() -> Tooling.builder().gatewayProvider("nginx", "1.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown gateway provider 'nginx'")
        .hasMessageContaining("istio, kgateway or agentgateway");
    assertThatThrownBy(() -> Tooling.builder().gatewayApi("latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown version 'latest' of gateway-api");
    assertThatThrownBy(
            () ->
                Tooling.builder()
                    .gatewayProvider("istio", "1.29.2")
                    .gatewayProvider("kgateway", null))
        .hasMessageContaining("one gateway provider");
    assertThatThrownBy(() -> Tooling.builder().kubernetes(client).install())
        .hasMessageContaining("no tool chosen");

    // a version that was never released: its manifest is a 404, and the other tool is not applied
    assertThatThrownBy(
            () ->
                Tooling.builder()
                    .kubernetes(client)
                    .inferenceExtension("v1.0.1")
                    .manifest(
                        Tool.INFERENCE_EXTENSION,
                        ManifestSource.classpath("tooling/gaie-v1.0.1-manifests.yaml"))
                    .gatewayApi("v9.9.9")
                    .manifest(Tool.GATEWAY_API, gatewayApi("v9.9.9"))
                    .install())
        .isInstanceOf(ToolingException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("/gateway-api/v9.9.9/standard-install.yaml");
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).isEmpty();

    assertThatThrownBy(() -> ManifestSource.classpath("tooling/missing.yaml").read())
        .hasMessageContaining("not on the class path: tooling/missing.yaml");
  }

  @Test
  void upstreamDefaultsPointAtTheRealReleaseLocations() {
    assertThat(Tool.GATEWAY_API.manifest("v1.5.1").location())
        .isEqualTo(
            "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml");
    assertThat(Tool.INFERENCE_EXTENSION.manifest("v1.0.1").location())
        .isEqualTo(
            "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.0.1/manifests.yaml");
    assertThat(Tool.TEKTON.manifest("v1.15.0").location())
        .isEqualTo(
            "https://infra.tekton.dev/tekton-releases/pipeline/previous/v1.15.0/release.yaml");
    assertThat(Tool.LWS.charts().get(0).at("0.10.0").toString())
        .isEqualTo("oci://registry.k8s.io/lws/charts/lws@0.10.0");
    assertThat(Tool.ISTIO.charts())
        .extracting(Tool.Chart::release)
        .containsExactly("istio-base", "istiod");
    assertThat(Map.of("ns", Tool.AGENTGATEWAY.namespace()))
        .containsEntry("ns", "agentgateway-system");
  }
}
