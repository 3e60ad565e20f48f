package ai.llmd.bench.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.llmd.bench.report.Reports;
import ai.llmd.bench.testkit.HelmMockServer;
import ai.llmd.bench.tooling.PreflightReport.Status;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@EnableKubernetesMockClient(crud = true)
class PreflightTest {
  // plain CRUD mock (fresh per test): discovery serves only the CRDs created in it
  KubernetesClient client;
  KubernetesMockServer server;

  private static final Preflight.Requirements STACK =
      Preflight.Requirements.none()
          .withGatewayClass("istio")
          .withPoolGroup("inference.networking.k8s.io")
          .withGpus("nvidia.com/gpu", 4, 2)
          .withKubeVersion("llm-d-infra", ">= 1.28.0-0")
          .withReadWriteMany(true);

  /** Answers SelfSubjectAccessReviews: allowed unless "verb resource" is in the denied set. */
  static void accessReviews(KubernetesMockServer mock, Set<String> denied) {
    mock.expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReply(
            201,
            request -> {
              JsonNode review =
                  Reports.jsonMapper()
                      .readTree(
                          new String(request.getBody().readByteArray(), StandardCharsets.UTF_8));
              JsonNode attrs = review.path("spec").path("resourceAttributes");
              String resource =
                  attrs.path("resource").asString()
                      + (attrs.path("subresource").isMissingNode()
                              || attrs.path("subresource").isNull()
                          ? ""
                          : "/" + attrs.path("subresource").asString());
              boolean allowed = !denied.contains(attrs.path("verb").asString() + " " + resource);
              return Map.of(
                  "apiVersion",
                  "authorization.k8s.io/v1",
                  "kind",
                  "SelfSubjectAccessReview",
                  "spec",
                  review.path("spec"),
                  "status",
                  Map.of("allowed", allowed));
            })
        .always();
  }

  static void gpuNode(KubernetesClient c, String name, String resource, String count) {
    c.nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity("64"))
                .addToAllocatable(resource, new Quantity(count))
                .endStatus()
                .build())
        .create();
  }

  static void crd(KubernetesClient c, String file) {
    CustomResourceDefinition crd =
        c.apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(PreflightTest.class.getResourceAsStream("/crds/" + file))
            .item();
    c.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  static void storageClass(KubernetesClient c, String name, String provisioner, boolean isDefault) {
    c.storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(
                    "storageclass.kubernetes.io/is-default-class", String.valueOf(isDefault))
                .endMetadata()
                .withProvisioner(provisioner)
                .build())
        .create();
  }

  static void gatewayClass(KubernetesClient c, String name, String accepted) {
    ai.llmd.bench.testkit.ClusterSeed.gatewayClass(
        c, name, "istio.io/gateway-controller", accepted.equals("True"));
  }

  static void quota(KubernetesClient c, String ns, String key, String hard, String used) {
    c.resourceQuotas()
        .inNamespace(ns)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("compute")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addToHard(key, new Quantity(hard))
                .endSpec()
                .withNewStatus()
                .addToHard(key, new Quantity(hard))
                .addToUsed(key, new Quantity(used))
                .endStatus()
                .build())
        .create();
  }

  @Test
  void aClusterThatCanRunTheStackPassesEveryCheck() {
    try (HelmMockServer helm = HelmMockServer.start().kubernetesVersion("v1.31.4")) {
      KubernetesClient c = helm.client();
      c.namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
          .create();
      crd(c, "gateway.networking.k8s.io_httproutes.yaml");
      crd(c, "inference.networking.k8s.io_inferencepools-v1.0.1.yaml");
      gatewayClass(c, "istio", "True");
      gpuNode(c, "gpu-1", "nvidia.com/gpu", "8");
      gpuNode(c, "gpu-2", "nvidia.com/gpu", "8");
      storageClass(c, "cephfs", "openshift-storage.cephfs.csi.ceph.com", true);
      quota(c, "bench", "requests.nvidia.com/gpu", "16", "4");
      accessReviews(helm.server(), Set.of());

      PreflightReport r = Preflight.check(c, "bench", STACK);

      assertThat(r.checks())
          .allSatisfy(ch -> assertThat(ch.status()).as(ch.toString()).isEqualTo(Status.PASS));
      assertThat(r.check("api").detail()).contains("v1.31.4");
      assertThat(r.check("kubeVersion llm-d-infra").detail())
          .isEqualTo("v1.31.4 satisfies >= 1.28.0-0");
      assertThat(r.check("crd gateway-api").detail()).contains("v1.6.1");
      assertThat(r.check("crd inferencepool").detail())
          .contains("inference.networking.k8s.io/v1 (v1.0.1)");
      assertThat(r.check("gpus").detail())
          .contains(
              "8 nvidia.com/gpu asked",
              "allocatable nvidia.com/gpu=16",
              "most on one node nvidia.com/gpu=8");
      assertThat(r.check("storage").detail()).contains("cephfs (default) (RWX)");
      assertThat(r.check("permissions").detail()).contains("all allowed");
      assertThat(r.check("quota").detail()).contains("requests.nvidia.com/gpu 4/16");
      assertThat(r.table())
          .startsWith("check")
          .containsPattern("gatewayclass istio +pass +accepted");
    }
  }

  @Test
  void aClusterWithoutCrdsGpusRwxOrPermissionsFailsWithHints() {
    gpuNode(client, "cpu-1", "cpu", "16");
    storageClass(client, "local-path", "rancher.io/local-path", true);
    quota(client, "bench", "pods", "4", "3");
    accessReviews(server, Set.of("create secrets", "get pods/log"));

    PreflightReport r = Preflight.check(client, "bench", STACK);

    assertThat(r.ok()).isFalse();
    assertThat(r.check("crd gateway-api").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("crd gateway-api").hint()).contains("Tooling.builder().gatewayApi");
    assertThat(r.check("crd inferencepool").detail()).isEqualTo("no InferencePool CRD");
    assertThat(r.check("gatewayclass istio").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("gatewayclass istio").hint()).contains("gatewayProvider(\"istio\"");
    assertThat(r.check("gpus").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("gpus").detail())
        .contains("ask for 8 nvidia.com/gpu (2 pods, at most 4 each); no allocatable GPUs");
    assertThat(r.check("storage").status()).isEqualTo(Status.WARN);
    assertThat(r.check("storage").detail()).contains("no class known to offer ReadWriteMany");
    assertThat(r.check("permissions").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("permissions").detail())
        .isEqualTo("denied in bench: create secrets, get pods/log");
    assertThat(r.check("quota").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("quota").detail()).contains("pods: 2 more asked, 1 left (quota compute)");
    assertThat(r.failureMessage())
        .contains("gpus: model servers ask for 8", "(use a cluster with GPU nodes");
  }

  @Test
  void theWrongInferencePoolGroupAnUnacceptedClassAndTooFewGpusPerNodeFail() {
    crd(client, "gateway.networking.k8s.io_httproutes.yaml");
    crd(client, "inference.networking.x-k8s.io_inferencepools.yaml");
    gatewayClass(client, "istio", "False");
    for (int i = 0; i < 4; i++) {
      gpuNode(client, "amd-" + i, "amd.com/gpu", "2");
    }
    accessReviews(server, Set.of());

    PreflightReport r = Preflight.check(client, "bench", STACK.withGpus("amd.com/gpu", 4, 2));

    assertThat(r.check("crd gateway-api").status()).isEqualTo(Status.PASS);
    assertThat(r.check("crd inferencepool").status()).isEqualTo(Status.FAIL);
    assertThat(r.check("crd inferencepool").detail())
        .isEqualTo(
            "the stack creates inference.networking.k8s.io pools; served:"
                + " inference.networking.x-k8s.io/v1alpha2 (v1.4.0)");
    assertThat(r.check("gatewayclass istio").detail()).contains("not accepted");
    assertThat(r.check("gpus").detail())
        .startsWith("a pod asks for 4 amd.com/gpu but no node has that many");
    // without requirements the same cluster only reports what it has
    PreflightReport plain = Preflight.check(client, "bench");
    assertThat(plain.check("gpus").status()).isEqualTo(Status.PASS);
    assertThat(plain.check("gpus").detail()).contains("amd.com/gpu=8", "none asked for");
    assertThat(plain.check("crd inferencepool").status()).isEqualTo(Status.PASS);
  }

  @Test
  void anOldClusterFailsTheChartsKubeVersion() {
    try (HelmMockServer helm = HelmMockServer.start().kubernetesVersion("v1.27.3")) {
      PreflightReport r = Preflight.check(helm.client(), "bench", STACK);
      assertThat(r.check("kubeVersion llm-d-infra").status()).isEqualTo(Status.FAIL);
      assertThat(r.check("kubeVersion llm-d-infra").detail())
          .isEqualTo("v1.27.3 does not satisfy >= 1.28.0-0");
    }
  }

  @Test
  void anUnreachableApiFailsAtOnce() {
    try (KubernetesClient c =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      PreflightReport r = Preflight.check(c, "bench");
      assertThat(r.checks()).hasSize(1);
      assertThat(r.check("api").status()).isEqualTo(Status.FAIL);
      assertThat(r.check("api").hint()).contains("kubeconfig");
    }
  }
}
