package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import dev.orderly.core.logging.RequestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickBatcherTest {
  private final Vertx vertx = Vertx.vertx();
  /** Every batch sent, as the items it carried. */
  private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private TickBatcher<Integer, String> batcher(int maxBatch) {
    return new TickBatcher<>(maxBatch, items -> {
      sent.add(List.copyOf(items));
      return Future.succeededFuture(items.stream().map(i -> "result-" + i).toList());
    });
  }

  /** Submits {@code count} items from one task on an event loop (one turn) and waits for every result. */
  private List<String> submitInOneTurn(TickBatcher<Integer, String> batcher, int count) {
    Promise<List<String>> all = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) results.add(batcher.submit(i));
      Future.all(results).map(f -> f.<String>list()).onComplete(all);
    });
    return all.future().await();
  }

  @Test
  void whatOneTurnSubmitsLeavesAsOneBatchAndEachItemGetsItsOwnResult() {
    List<String> results = submitInOneTurn(batcher(64), 5);
    assertThat(sent).containsExactly(List.of(0, 1, 2, 3, 4));
    assertThat(results).containsExactly("result-0", "result-1", "result-2", "result-3", "result-4");
  }

  @Test
  void eachItemsResultArrivesOnTheContextThatSubmittedIt() {
    TickBatcher<Integer, String> batcher = batcher(64);
    ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
    // two requests on one event loop, each on a duplicated context of its own with its own request id
    ContextInternal first = loop.duplicate();
    ContextInternal second = loop.duplicate();
    List<String> seen = new CopyOnWriteArrayList<>();
    Promise<Void> done = Promise.promise();
    loop.runOnContext(v -> {
      List<Future<?>> results = new ArrayList<>();
      for (ContextInternal request : List.of(first, second)) {
        request.dispatch(() -> {
          String id = request == first ? "rid-first" : "rid-second";
          RequestIds.set(id);
          results.add(batcher.submit(results.size()).onSuccess(r -> seen.add(id + " sees " + RequestIds.current()
              + (Vertx.currentContext() == request ? " on its own context" : " elsewhere"))));
        });
      }
      Future.all(results).<Void>mapEmpty().onComplete(done);
    });
    done.future().await();
    assertThat(sent).as("one batch for both").hasSize(1);
    assertThat(seen).containsExactlyInAnyOrder("rid-first sees rid-first on its own context", "rid-second sees rid-second on its own context");
  }

  @Test
  void aFullBatchLeavesAtOnceAndTheRestFollows() {
    submitInOneTurn(batcher(2), 5);
    assertThat(sent).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
  }

  @Test
  void separateTurnsSendSeparateBatches() {
    TickBatcher<Integer, String> batcher = batcher(64);
    submitInOneTurn(batcher, 2);
    submitInOneTurn(batcher, 3);
    assertThat(sent).containsExactly(List.of(0, 1), List.of(0, 1, 2));
  }

  @Test
  void outsideAnEventLoopAnItemGoesAloneAtOnce() {
    TickBatcher<Integer, String> batcher = batcher(64);
    assertThat(batcher.submit(7).await()).isEqualTo("result-7");
    assertThat(batcher.submit(8).await()).isEqualTo("result-8");
    assertThat(sent).containsExactly(List.of(7), List.of(8));
  }

  @Test
  void aFailedBatchFailsEveryItemAndAShortAnswerIsAFailureNotAHang() {
    TickBatcher<Integer, String> failing = new TickBatcher<>(64, items -> Future.failedFuture(new IllegalStateException("down")));
    assertThatThrownBy(() -> submitInOneTurn(failing, 3)).hasMessageContaining("down");
    TickBatcher<Integer, String> answersOne = new TickBatcher<>(64, items -> Future.succeededFuture(List.of("only one")));
    assertThatThrownBy(() -> submitInOneTurn(answersOne, 2)).hasMessageContaining("2 items sent, 1 results received");
  }
}
