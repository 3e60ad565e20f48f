package ai.llmd.bench.experiment;

import ai.llmd.bench.event.BenchEvent;
import ai.llmd.bench.event.BenchEvent.Type;
import ai.llmd.bench.event.EventListener;
import ai.llmd.bench.event.Events;
import ai.llmd.bench.experiment.Experiment.DeployedTarget;
import ai.llmd.bench.experiment.Experiment.EndpointTarget;
import ai.llmd.bench.experiment.Experiment.StackTarget;
import ai.llmd.bench.experiment.Experiment.Target;
import ai.llmd.bench.harness.Executor;
import ai.llmd.bench.harness.HarnessRun;
import ai.llmd.bench.harness.LoadPointReport;
import ai.llmd.bench.harness.ResultTransformException;
import ai.llmd.bench.harness.WorkloadProfile;
import ai.llmd.bench.helm.HelmClient;
import ai.llmd.bench.io.Hashes;
import ai.llmd.bench.io.Paths2;
import ai.llmd.bench.kube.Kubeconfigs;
import ai.llmd.bench.kube.MetricsScraper;
import ai.llmd.bench.record.ExperimentRecord;
import ai.llmd.bench.report.BenchmarkReport;
import ai.llmd.bench.report.Reports;
import ai.llmd.bench.stack.DeployedStack;
import ai.llmd.bench.stack.Overrides;
import ai.llmd.bench.stack.Stack;
import ai.llmd.bench.stack.StackPlan;
import ai.llmd.bench.storage.UploadReceipt;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link Experiment}: validate, resume, deploy, run, record, tear down, upload. */
final class Runner {
  private static final Logger log = LoggerFactory.getLogger(Runner.class);
  private static final URI PLACEHOLDER_ENDPOINT = URI.create("http://endpoint.invalid");

  private final Experiment.Builder b;
  private final Path dir;
  private final HelmClient helm;
  private final BenchEvent.Context context;
  private final EventListener listener;
  private final List<LoadPoint> points = new ArrayList<>();
  private final Set<DeployedStack> owned = ConcurrentHashMap.newKeySet();
  private Journal journal;

  /** A target with its name and its plan per setup treatment (stacks only). */
  private record Prepared(
      Target target, String name, StackPlan basePlan, Map<String, StackPlan> plans) {}

  Runner(Experiment e) {
    this.b = e.b;
    this.dir = e.directory();
    this.helm = b.helm != null ? b.helm : HelmClient.helmJava();
    this.context = new BenchEvent.Context(b.id, null, null);
    EventListener user = b.listener;
    this.listener = EventListener.all(EventListener.slf4j(), user);
  }

  ExperimentResult run() {
    return Events.withContext(context, this::runInContext);
  }

  private ExperimentResult runInContext() {
    // Everything is checked before anything is deployed or written.
    List<Prepared> prepared = new ArrayList<>();
    for (Target t : b.targets) {
      prepared.add(prepare(t));
    }
    checkNamesUnique(prepared);
    for (RunTreatment r : b.runsOrBase()) {
      WorkloadProfile.Rendered rendered;
      try {
        rendered =
            r.applyTo(b.workload).withEndpoint(PLACEHOLDER_ENDPOINT).withModel("model").render();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "run treatment " + r.name() + " " + r.changes() + ": " + e.getMessage(), e);
      }
      if (b.executor == null
          && prepared.stream().anyMatch(p -> p.target() instanceof EndpointTarget)) {
        try {
          b.harness.command("profile.yaml", rendered, "raw");
        } catch (UnsupportedOperationException e) {
          throw new IllegalArgumentException(
              "harness "
                  + b.harness.id()
                  + " cannot run as a local process, the default executor for an endpoint; give"
                  + " one with harness(harness, executor)",
              e);
        }
      }
    }
    Map<String, Object> definition = definition(prepared);
    checkDefinition(definition);
    journal = Journal.open(dir.resolve("journal.jsonl"));
    emit(BenchEvent.of(Type.EXPERIMENT_STARTED, context, "in " + dir));
    long start = System.nanoTime();
    removeLeftovers(prepared);
    Thread hook = new Thread(this::teardownOwned, "llmd-bench-experiment-teardown");
    if (b.shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      for (Prepared p : prepared) {
        Events.withContext(context.withStack(p.name()), () -> runTarget(p));
      }
      SummaryTable summary = SummaryTable.of(points);
      write(dir.resolve("summary.txt"), summary.render());
      write(dir.resolve("summary.csv"), summary.csv());
      List<UploadReceipt> receipts = List.of();
      if (b.store != null) {
        emit(BenchEvent.of(Type.UPLOAD_STARTED, context, "to " + b.store));
        long u = System.nanoTime();
        receipts = b.store.withEvents(listener, context).upload(List.of(dir), b.storePrefix);
        emit(
            BenchEvent.done(
                Type.UPLOAD_DONE,
                context,
                receipts.size() + " objects under " + b.storePrefix,
                Duration.ofNanos(System.nanoTime() - u)));
      }
      emit(
          BenchEvent.done(
              Type.EXPERIMENT_DONE,
              context,
              points.size() + " load points",
              Duration.ofNanos(System.nanoTime() - start)));
      return new ExperimentResult(b.id, dir, points, receipts);
    } catch (RuntimeException e) {
      emit(BenchEvent.of(Type.EXPERIMENT_FAILED, context, String.valueOf(e.getMessage())));
      throw e;
    } finally {
      teardownOwned();
      if (b.shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs (or ran) anyway
        }
      }
    }
  }

  // ---- validation and definition

  private Prepared prepare(Target t) {
    if (t instanceof EndpointTarget e) {
      Experiment.checkName("endpoint name", e.endpoint().name());
      return new Prepared(t, e.endpoint().name(), null, Map.of());
    }
    StackPlan base =
        t instanceof StackTarget st ? st.builder().plan() : ((DeployedTarget) t).stack().plan();
    Map<String, StackPlan> plans = new LinkedHashMap<>();
    for (SetupTreatment s : b.setupsOrBase()) {
      plans.put(s.name(), plan(base, s));
    }
    return new Prepared(t, base.label().value(), base, plans);
  }

  /**
   * The stack's plan with a setup treatment's rules: each changed release is rendered by Helm (so
   * the chart's schema checks the values), and each rule must change what the chart renders.
   */
  private StackPlan plan(StackPlan base, SetupTreatment s) {
    List<StackPlan.Release> releases = new ArrayList<>();
    for (StackPlan.Release r : base.releases()) {
      List<String> rules = s.rules().getOrDefault(r.step(), List.of());
      if (rules.isEmpty()) {
        releases.add(r);
        continue;
      }
      Map<String, Object> values = Overrides.of(rules.toArray(String[]::new)).applyTo(r.values());
      String rendered = template(s, rules, r, values, base);
      String baseRendered = null;
      for (String rule : rules) {
        if (baseRendered == null) {
          baseRendered =
              helm.template(r.chart(), r.name(), base.namespace(), r.values(), base.kubeVersion());
        }
        String one = template(s, List.of(rule), r, Overrides.of(rule).applyTo(r.values()), base);
        if (one.equals(baseRendered)) {
          throw new IllegalArgumentException(
              "setup treatment "
                  + s.name()
                  + ": override '"
                  + rule
                  + "' changes nothing that chart "
                  + r.chart()
                  + " renders for "
                  + r.name()
                  + " (the chart has no such value, or already has this one)");
        }
      }
      releases.add(
          new StackPlan.Release(r.step(), r.name(), r.chart(), values, manifests(rendered)));
    }
    return new StackPlan(
        base.namespace(),
        base.label(),
        releases,
        base.httpRoute(),
        base.wiring(),
        base.kubeVersion());
  }

  private String template(
      SetupTreatment s,
      List<String> rules,
      StackPlan.Release r,
      Map<String, Object> values,
      StackPlan base) {
    try {
      return helm.template(r.chart(), r.name(), base.namespace(), values, base.kubeVersion());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "setup treatment "
              + s.name()
              + ": chart "
              + r.chart()
              + " rejects "
              + rules
              + " for "
              + r.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<Map<String, Object>> manifests(String rendered) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (var docs = Reports.yamlMapper().readerFor(Object.class).readValues(rendered)) {
      while (docs.hasNext()) {
        if (docs.next() instanceof Map<?, ?> m && !m.isEmpty()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> manifest = (Map<String, Object>) m;
          out.add(manifest);
        }
      }
    }
    return out;
  }

  private static void checkNamesUnique(List<Prepared> prepared) {
    Set<String> seen = new java.util.HashSet<>();
    for (Prepared p : prepared) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException(
            "two stacks of the experiment are named '"
                + p.name()
                + "'; give them distinct model labels");
      }
    }
  }

  private Map<String, Object> definition(List<Prepared> prepared) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", b.id);
    d.put("harness", b.harness.id());
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("name", b.workload.name());
    w.put("template_sha256", Hashes.sha256(b.workload.template()));
    Map<String, String> tokens = new java.util.TreeMap<>(b.workload.tokens());
    tokens.remove(WorkloadProfile.ENDPOINT_TOKEN);
    tokens.remove(WorkloadProfile.MODEL_TOKEN);
    tokens.remove(WorkloadProfile.TOKENIZER_TOKEN);
    w.put("tokens", tokens);
    w.put("changes", b.workload.changes());
    d.put("workload", w);
    d.put("repetitions", b.repetitions);
    List<Map<String, Object>> stacks = new ArrayList<>();
    for (Prepared p : prepared) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", p.name());
      s.put("kind", p.target() instanceof EndpointTarget ? "endpoint" : "stack");
      if (p.basePlan() != null) {
        s.put("namespace", p.basePlan().namespace());
        List<Map<String, Object>> rel = new ArrayList<>();
        for (StackPlan.Release r : p.basePlan().releases()) {
          rel.add(
              Map.of(
                  "step",
                  r.step(),
                  "name",
                  r.name(),
                  "chart",
                  r.chart().toString(),
                  "values",
                  r.values()));
        }
        s.put("releases", rel);
      } else if (p.target() instanceof EndpointTarget e) {
        s.put("model", e.endpoint().model());
      }
      stacks.add(s);
    }
    d.put("stacks", stacks);
    d.put("setup_treatments", b.setupsOrBase());
    d.put("run_treatments", b.runsOrBase());
    return d;
  }

  private void checkDefinition(Map<String, Object> definition) {
    Object tree = sorted(Reports.jsonMapper().convertValue(definition, Map.class));
    String canonical = Reports.jsonMapper().writeValueAsString(tree);
    String fingerprint = Hashes.sha256(canonical);
    Path file = dir.resolve("experiment.yaml");
    if (Files.exists(file)) {
      Map<?, ?> old = Reports.yamlMapper().readValue(file.toFile(), Map.class);
      if (!fingerprint.equals(old.get("fingerprint"))) {
        Map<?, ?> oldDef = (Map<?, ?>) old.get("definition");
        Map<?, ?> newDef = (Map<?, ?>) tree;
        List<String> changed = new ArrayList<>();
        for (Object k : newDef.keySet()) {
          if (oldDef == null || !Objects.equals(oldDef.get(k), newDef.get(k))) {
            changed.add(
                k
                    + " (was "
                    + shorten(oldDef == null ? null : oldDef.get(k))
                    + ", now "
                    + shorten(newDef.get(k))
                    + ")");
          }
        }
        if (!b.restart) {
          throw new ExperimentException(
              b.id,
              null,
              dir,
              "experiment "
                  + b.id
                  + " in "
                  + dir
                  + " was run with another definition (changed: "
                  + changed
                  + "); use another id, or restart(true) to start it anew (the old results are"
                  + " moved aside, not deleted)",
              null);
        }
        Path aside =
            dir.resolveSibling(
                b.id
                    + ".replaced-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
          Files.move(dir, aside);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot move " + dir + " aside", e);
        }
        log.info(
            "Experiment {}: definition changed {}; earlier results moved to {}",
            b.id,
            changed,
            aside);
      } else {
        return;
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("fingerprint", fingerprint);
    doc.put("definition", tree);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    write(file, Reports.yamlMapper().writeValueAsString(doc));
  }

  // ---- stacks

  private void removeLeftovers(List<Prepared> prepared) {
    for (Journal.Deployed left : journal.leftovers()) {
      Prepared p =
          prepared.stream().filter(x -> x.name().equals(left.stack())).findFirst().orElse(null);
      if (p == null || !(p.target() instanceof StackTarget st)) {
        journal.removed(left.stack());
        continue;
      }
      KubernetesClient client = clientOf(st);
      String kubeconfig = Kubeconfigs.from(client.getConfiguration());
      String ns = left.namespace();
      var route =
          client
              .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
              .inNamespace(ns)
              .withName(p.basePlan().httpRoute().getMetadata().getName());
      var existing = route.get();
      if (existing != null
          && existing.getMetadata().getLabels() != null
          && left.stack().equals(existing.getMetadata().getLabels().get(Stack.MODEL_LABEL))) {
        route.delete();
      }
      List<String> releases = left.releases();
      for (int i = releases.size() - 1; i >= 0; i--) {
        helm.uninstall(releases.get(i), ns, kubeconfig);
      }
      journal.removed(left.stack());
      emit(
          BenchEvent.of(
              Type.STACK_REMOVED,
              context.withStack(left.stack()),
              "left deployed by an earlier run: " + releases));
    }
  }

  private static KubernetesClient clientOf(StackTarget st) {
    KubernetesClient c = st.builder().client();
    return c != null ? c : new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
  }

  private void teardownOwned() {
    if (b.keepStacks) {
      return;
    }
    for (DeployedStack s : List.copyOf(owned)) {
      try {
        s.close();
        owned.remove(s);
        if (journal != null) {
          journal.removed(s.label().value());
        }
        emit(BenchEvent.of(Type.STACK_REMOVED, context.withStack(s.label().value()), ""));
      } catch (RuntimeException e) {
        log.warn("Tearing down stack {} failed: {}", s.label(), e.getMessage());
      }
    }
  }

  /** The state of one target while its setup treatments run. */
  private final class Live {
    DeployedStack stack;
    StackPlan plan;
    String setup;
    DeployedStack.PortForward forward;
    final List<ExperimentRecord.Release> releases = new ArrayList<>();
    final List<ExperimentRecord.Workload> workloads = new ArrayList<>();
  }

  private void runTarget(Prepared p) {
    BenchEvent.Context sctx = context.withStack(p.name());
    Live live = new Live();
    if (p.target() instanceof DeployedTarget d) {
      live.stack = d.stack();
      live.plan = d.stack().plan();
    }
    try {
      for (SetupTreatment s : b.setupsOrBase()) {
        List<String> pending = new ArrayList<>();
        for (RunTreatment r : b.runsOrBase()) {
          for (int rep = 1; rep <= b.repetitions; rep++) {
            String key = LoadPoint.key(p.name(), s.name(), r.name(), rep);
            if (!journal.isDone(key)) {
              pending.add(key);
            }
          }
        }
        if (!pending.isEmpty()) {
          prepareStack(p, s, live, sctx);
        }
        URI endpoint = pending.isEmpty() ? null : endpoint(p, live);
        String model = model(p, live);
        for (RunTreatment r : b.runsOrBase()) {
          for (int rep = 1; rep <= b.repetitions; rep++) {
            String key = LoadPoint.key(p.name(), s.name(), r.name(), rep);
            if (journal.isDone(key)) {
              points.add(resumed(p, s, r, rep, live));
              emit(BenchEvent.of(Type.TREATMENT_SKIPPED, sctx.withTreatment(key), "done earlier"));
            } else {
              runPoint(p, s, r, rep, endpoint, model, live);
            }
          }
        }
        writeStackRecord(p, live);
      }
    } finally {
      if (live.forward != null) {
        live.forward.close();
      }
      if (live.stack != null && owned.contains(live.stack) && !b.keepStacks) {
        live.stack.close();
        owned.remove(live.stack);
        journal.removed(p.name());
        emit(BenchEvent.of(Type.STACK_REMOVED, sctx, ""));
      }
    }
  }

  private void prepareStack(Prepared p, SetupTreatment s, Live live, BenchEvent.Context sctx) {
    if (p.target() instanceof EndpointTarget) {
      return;
    }
    StackPlan wanted = p.plans().get(s.name());
    if (live.stack != null && live.plan != null && live.plan.equals(wanted)) {
      live.setup = s.name();
      return;
    }
    if (live.stack != null && upgradable(live.plan, wanted)) {
      emit(BenchEvent.of(Type.STACK_UPGRADING, sctx, "to setup treatment " + s.name()));
      long t0 = System.nanoTime();
      upgrade(live.stack, live.plan, wanted);
      live.plan = wanted;
      emit(
          BenchEvent.done(
              Type.STACK_READY,
              sctx,
              "upgraded in place to " + s.name(),
              Duration.ofNanos(System.nanoTime() - t0)));
    } else {
      if (!(p.target() instanceof StackTarget st)) {
        throw new IllegalArgumentException(
            "setup treatment "
                + s.name()
                + " needs a redeploy of "
                + p.name()
                + ", which was deployed by the caller; give the experiment a Stack.Builder instead");
      }
      if (live.stack != null) {
        if (live.forward != null) {
          live.forward.close();
          live.forward = null;
        }
        live.stack.close();
        owned.remove(live.stack);
        journal.removed(p.name());
        emit(BenchEvent.of(Type.STACK_REMOVED, sctx, "to redeploy for " + s.name()));
      }
      Stack.Builder builder = st.builder().copy();
      s.rules()
          .forEach(
              (step, rules) -> builder.overrides(step, Overrides.of(rules.toArray(String[]::new))));
      emit(BenchEvent.of(Type.STACK_DEPLOYING, sctx, "setup treatment " + s.name()));
      long t0 = System.nanoTime();
      List<String> own =
          wanted.releases().stream()
              .filter(r -> !r.step().equals("deploy_gateway"))
              .map(StackPlan.Release::name)
              .toList();
      // recorded before deploying, so that a kill during the deployment leaves a trace
      journal.deployed(p.name(), s.name(), wanted.namespace(), own);
      DeployedStack deployed = builder.deploy();
      owned.add(deployed);
      journal.deployed(p.name(), s.name(), wanted.namespace(), deployed.releases());
      live.stack = deployed;
      live.plan = wanted;
      emit(
          BenchEvent.done(
              Type.STACK_READY,
              sctx,
              deployed.endpoint().toString(),
              Duration.ofNanos(System.nanoTime() - t0)));
    }
    live.setup = s.name();
    for (StackPlan.Release r : wanted.releases()) {
      live.releases.add(
          new ExperimentRecord.Release(
              r.step(),
              r.name(),
              wanted.namespace(),
              r.chart().toString(),
              r.chart().version(),
              r.chart().version(),
              r.chart().repository(),
              r.values(),
              s.rules().getOrDefault(r.step(), List.of()).stream()
                  .map(rule -> s.name() + ": " + rule)
                  .toList()));
    }
  }

  /** Same releases, charts and route: only values change, and never the shared gateway's. */
  private static boolean upgradable(StackPlan from, StackPlan to) {
    if (from == null
        || !from.namespace().equals(to.namespace())
        || !from.label().equals(to.label())
        || from.releases().size() != to.releases().size()) {
      return false;
    }
    for (int i = 0; i < from.releases().size(); i++) {
      StackPlan.Release a = from.releases().get(i);
      StackPlan.Release c = to.releases().get(i);
      if (!a.name().equals(c.name()) || !a.chart().equals(c.chart())) {
        return false;
      }
      if (a.step().equals("deploy_gateway") && !a.values().equals(c.values())) {
        return false;
      }
    }
    return true;
  }

  private void upgrade(DeployedStack stack, StackPlan from, StackPlan to) {
    KubernetesClient client = stack.client();
    String kubeconfig = Kubeconfigs.from(client.getConfiguration());
    List<String> deployments = new ArrayList<>();
    for (int i = 0; i < to.releases().size(); i++) {
      StackPlan.Release r = to.releases().get(i);
      if (r.values().equals(from.releases().get(i).values())) {
        continue;
      }
      helm.upgradeInstall(r.chart(), r.name(), to.namespace(), r.values(), kubeconfig);
      for (Map<String, Object> m : r.manifests("Deployment")) {
        Object name = m.get("metadata") instanceof Map<?, ?> md ? md.get("name") : null;
        if (name != null) {
          deployments.add(name.toString());
        }
      }
    }
    for (String d : deployments) {
      try {
        client
            .apps()
            .deployments()
            .inNamespace(to.namespace())
            .withName(d)
            .waitUntilCondition(
                Runner::rolledOut, b.readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException e) {
        throw new ai.llmd.bench.stack.StackDeploymentException(
            "deployment "
                + d
                + " in "
                + to.namespace()
                + " not rolled out within "
                + b.readyTimeout,
            List.of(),
            e);
      }
    }
  }

  /** The controller has seen the latest spec and every replica is updated and ready. */
  static boolean rolledOut(Deployment d) {
    if (d == null || d.getStatus() == null) {
      return false;
    }
    Long generation = d.getMetadata().getGeneration();
    Long observed = d.getStatus().getObservedGeneration();
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return (generation == null || (observed != null && observed >= generation))
        && Objects.equals(d.getStatus().getUpdatedReplicas(), want)
        && Objects.equals(d.getStatus().getReadyReplicas(), want)
        && (d.getStatus().getReplicas() == null || d.getStatus().getReplicas() == want);
  }

  private URI endpoint(Prepared p, Live live) {
    if (p.target() instanceof EndpointTarget e) {
      return e.endpoint().endpoint();
    }
    if (b.stackEndpoint != null) {
      return b.stackEndpoint.apply(live.stack);
    }
    if (b.inCluster(p.target())) {
      return live.stack.endpoint();
    }
    if (live.forward == null) {
      live.forward = live.stack.portForward();
    }
    return live.forward.endpoint();
  }

  private static String model(Prepared p, Live live) {
    if (p.target() instanceof EndpointTarget e) {
      return e.endpoint().model();
    }
    StackPlan plan = live.plan != null ? live.plan : p.basePlan();
    Object artifacts = plan.release("deploy_model").values().get("modelArtifacts");
    return artifacts instanceof Map<?, ?> m && m.get("name") != null
        ? m.get("name").toString()
        : p.name();
  }

  // ---- load points

  private Path pointDir(Prepared p, SetupTreatment s, RunTreatment r, int rep) {
    return dir.resolve(p.name())
        .resolve(b.harness.id() + "-" + s.name() + "-" + r.name() + "-r" + rep);
  }

  private LoadPoint resumed(Prepared p, SetupTreatment s, RunTreatment r, int rep, Live live) {
    String key = LoadPoint.key(p.name(), s.name(), r.name(), rep);
    List<BenchmarkReport> reports = new ArrayList<>();
    for (String f : journal.reports(key)) {
      reports.add(Reports.read(dir.resolve(f)));
    }
    Path pd = pointDir(p, s, r, rep);
    Path record = pd.resolve("record.yaml");
    if (Files.exists(record)) {
      live.workloads.addAll(ExperimentRecord.read(record).workloads());
    }
    return new LoadPoint(p.name(), s.name(), r.name(), rep, pd, reports, true);
  }

  private void runPoint(
      Prepared p,
      SetupTreatment s,
      RunTreatment r,
      int rep,
      URI endpoint,
      String model,
      Live live) {
    String key = LoadPoint.key(p.name(), s.name(), r.name(), rep);
    BenchEvent.Context pctx = context.withStack(p.name()).withTreatment(key);
    Events.withContext(
        pctx,
        () -> {
          try {
            points.add(runPoint(p, s, r, rep, endpoint, model, live, pctx));
          } catch (RuntimeException e) {
            journal.failed(key, e.getMessage());
            emit(BenchEvent.of(Type.TREATMENT_FAILED, pctx, String.valueOf(e.getMessage())));
            throw new ExperimentException(
                b.id,
                key,
                dir,
                "load point "
                    + key
                    + " of experiment "
                    + b.id
                    + " failed: "
                    + e.getMessage()
                    + " (what finished is kept; run the experiment again to continue)",
                e);
          }
        });
  }

  private LoadPoint runPoint(
      Prepared p,
      SetupTreatment s,
      RunTreatment r,
      int rep,
      URI endpoint,
      String model,
      Live live,
      BenchEvent.Context pctx) {
    Path pd = pointDir(p, s, r, rep);
    if (Files.exists(pd)) {
      Paths2.deleteQuietly(pd); // what a killed or failed run left of this load point
    }
    WorkloadProfile profile = r.applyTo(b.workload).withEndpoint(endpoint).withModel(model);
    WorkloadProfile.Rendered rendered = profile.render();
    Executor executor =
        b.executorFor(p.target(), live.stack).withResultsDirectory(pd).withEvents(listener, pctx);
    MetricsScraper scraper = scraper(p, live, pd.resolve("metrics"));
    emit(BenchEvent.of(Type.WORKLOAD_STARTED, pctx, b.harness.id() + " " + profile.name()));
    Instant start = Instant.now();
    Path raw;
    MetricsScraper.Observed observed = null;
    try (HarnessRun run = b.harness.run(profile, executor)) {
      raw = run.await(b.workloadTimeout);
    } finally {
      if (scraper != null) {
        observed = scraper.stop();
      }
    }
    Instant end = Instant.now();
    emit(BenchEvent.done(Type.WORKLOAD_DONE, pctx, raw.toString(), Duration.between(start, end)));
    List<LoadPointReport> converted = b.harness.transformer().convert(raw);
    List<String> problems = new ArrayList<>();
    for (LoadPointReport lp : converted) {
      Reports.violations(lp.report()).forEach(v -> problems.add(lp.nativeName() + ": " + v));
    }
    if (converted.isEmpty() || !problems.isEmpty()) {
      throw new ResultTransformException(
          b.harness.id(),
          raw,
          null,
          converted.isEmpty()
              ? "no load point in the harness output"
              : "the converted reports are invalid:\n  " + String.join("\n  ", problems));
    }
    List<BenchmarkReport> reports = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (LoadPointReport lp : converted) {
      BenchmarkReport report = lp.report();
      if (observed != null
          && observed.observability() != null
          && observed.observability().components() != null
          && !observed.observability().components().isEmpty()) {
        report = observed.applyTo(List.of(report)).get(0);
      }
      Path file = pd.resolve("reports").resolve(lp.fileName());
      Reports.write(report, file);
      reports.add(report);
      files.add(dir.relativize(file).toString().replace('\\', '/'));
    }
    emit(BenchEvent.of(Type.TRANSFORM_DONE, pctx, reports.size() + " reports"));
    Map<String, Object> exec = new LinkedHashMap<>();
    exec.put("executor", executor.getClass().getSimpleName());
    exec.put("endpoint", endpoint.toString());
    exec.put("setup_treatment", s.name());
    exec.put("run_treatment", r.name());
    exec.put("repetition", rep);
    ExperimentRecord.Workload workload =
        new ExperimentRecord.Workload(
            b.harness.id(),
            profile.name(),
            rendered.document(),
            exec,
            start,
            end,
            dir.toAbsolutePath()
                .normalize()
                .relativize(raw.toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/'),
            files);
    ExperimentRecord.Builder record =
        ExperimentRecord.builder(b.id).start(start).end(end).workload(workload);
    if (live.plan != null) {
      record.stack(live.plan);
    }
    record.build().write(pd.resolve("record.yaml"));
    live.workloads.add(workload);
    journal.done(LoadPoint.key(p.name(), s.name(), r.name(), rep), files);
    return new LoadPoint(p.name(), s.name(), r.name(), rep, pd, reports, false);
  }

  private MetricsScraper scraper(Prepared p, Live live, Path metricsDir) {
    if (b.metricsInterval.isZero()) {
      return null;
    }
    if (p.target() instanceof EndpointTarget e) {
      return e.endpoint().metricsUrl() == null
          ? null
          : MetricsScraper.start(
              e.endpoint().metricsUrl(), e.endpoint().name(), b.metricsInterval, metricsDir);
    }
    return MetricsScraper.start(
        live.stack.client(),
        live.stack.namespace(),
        Stack.MODEL_LABEL + "=" + p.name(),
        8000,
        b.metricsInterval,
        metricsDir);
  }

  private void writeStackRecord(Prepared p, Live live) {
    ExperimentRecord.Builder record = ExperimentRecord.builder(b.id);
    live.releases.forEach(record::release);
    if (live.plan != null) {
      record.route(live.plan.httpRouteManifest());
    }
    live.workloads.forEach(record::workload);
    live.workloads.stream()
        .map(ExperimentRecord.Workload::start)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .ifPresent(record::start);
    live.workloads.stream()
        .map(ExperimentRecord.Workload::end)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .ifPresent(record::end);
    if (live.stack != null) {
      try {
        record.environment(
            ExperimentRecord.Environment.capture(
                live.stack.client(), live.stack.namespace(), Stack.MODEL_LABEL + "=" + p.name()));
      } catch (RuntimeException e) {
        log.debug("Cannot capture the environment of {}: {}", p.name(), e.getMessage());
      }
    }
    record.build().write(dir.resolve(p.name()).resolve("record.yaml"));
  }

  // ---- helpers

  private void emit(BenchEvent e) {
    EventListener.safely(listener, e);
  }

  private static void write(Path file, String text) {
    try {
      ai.llmd.bench.io.Paths2.writeAtomically(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Maps with sorted keys, recursively: the same definition gives the same text in every JVM. */
  private static Object sorted(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(Runner::sorted).toList();
    }
    return o;
  }

  private static String shorten(Object o) {
    String s = String.valueOf(o);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
