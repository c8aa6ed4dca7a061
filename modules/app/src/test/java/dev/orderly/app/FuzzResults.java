package dev.orderly.app;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What a fuzz run got back: counts by status and kind, and the first few requests of each kind of failure. */
final class FuzzResults {
  private static final int EXAMPLES = 40;
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AtomicLong requests = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();
  private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
  private final List<String> badShapes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private final List<String> broken = Collections.synchronizedList(new ArrayList<>());
  private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong acceptedCount = new AtomicLong();
  private final AtomicLong serverErrorCount = new AtomicLong();
  private final AtomicLong badShapeCount = new AtomicLong();
  private final AtomicLong unexpectedCount = new AtomicLong();
  private final AtomicLong brokenCount = new AtomicLong();

  /** One answered request; {@code shapeProblem} is {@link ErrorShapes#problem}'s verdict. */
  void answered(Hostile request, int status, String shapeProblem, String body) {
    counted(request);
    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    String shown = status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + " <- " + request;
    if (status >= 500) note(serverErrors, serverErrorCount, shown);
    if (status < 300 && !SAFE.contains(request.method())) note(accepted, acceptedCount, shown);
    if (shapeProblem != null) note(badShapes, badShapeCount, shapeProblem + ": " + shown);
    if (!request.expected().isEmpty() && !request.expected().contains(status)) {
      note(unexpected, unexpectedCount, "expected " + request.expected() + ", got " + shown);
    }
  }

  /** A request that got no response (a reset, a hang past the client's timeout). */
  void failed(Hostile request, Throwable failure) {
    counted(request);
    note(broken, brokenCount, failure + " <- " + request);
  }

  private void counted(Hostile request) {
    requests.incrementAndGet();
    String kind = request.kind().contains(":") ? request.kind().substring(0, request.kind().indexOf(':')) : request.kind();
    kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static void note(List<String> examples, AtomicLong count, String example) {
    count.incrementAndGet();
    synchronized (examples) {
      if (examples.size() < EXAMPLES) examples.add(example);
    }
  }

  long requests() {
    return requests.get();
  }

  int kinds() {
    return kinds.size();
  }

  long serverErrors() {
    return serverErrorCount.get();
  }

  long badShapes() {
    return badShapeCount.get();
  }

  long unexpected() {
    return unexpectedCount.get();
  }

  /** Writes that succeeded: each is a hostile request the node took. */
  long accepted() {
    return acceptedCount.get();
  }

  long broken() {
    return brokenCount.get();
  }

  /** The examples of every failure, for an assertion's message. */
  String examples() {
    return "5xx " + serverErrors + "\naccepted writes " + accepted + "\nshapes " + badShapes + "\nunexpected statuses " + unexpected + "\nno response " + broken;
  }

  Map<Integer, Long> statuses() {
    Map<Integer, Long> out = new TreeMap<>();
    statuses.forEach((status, n) -> out.put(status, n.get()));
    return out;
  }

  Map<String, Long> perKind() {
    Map<String, Long> out = new TreeMap<>();
    kinds.forEach((kind, n) -> out.put(kind, n.get()));
    return out;
  }
}
