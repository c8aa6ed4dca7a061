package dev.orderly.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.orderly.core.bus.CacheClient.Check;
import dev.orderly.core.bus.CacheClient.Lookup;
import dev.orderly.core.bus.CacheClient.ThrottleResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
  private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));
  private final Ticker ticker = nanos::get;
  private final MemoryStore store = new MemoryStore(10, ticker);

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }

  private Lookup lookup(String namespace, String key) {
    return store.lookup(List.of(new CacheStore.EntryKey(namespace, key))).result().get(0);
  }

  private ThrottleResult hit(Check... checks) {
    return store.throttleNow(List.of(checks));
  }

  @Test
  void exactlyTheRateIsAllowedThenTheWindowSlides() {
    Check anon = new Check("anon", "10.0.0.1", 3, 60);
    for (int i = 0; i < 3; i++) {
      assertThat(hit(anon).allowed()).isTrue();
      advanceSeconds(10);
    }
    ThrottleResult refused = hit(anon);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.waitSeconds()).isEqualTo(30.0);

    advanceSeconds(29.5);
    assertThat(hit(anon).waitSeconds()).as("a refused request is not counted").isEqualTo(0.5);
    advanceSeconds(0.5);
    // the first request is now exactly one duration old: DRF drops it (history[-1] <= now - duration)
    ThrottleResult allowed = hit(anon);
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.scopes().get(0).remaining()).isZero();
    assertThat(hit(new Check("anon", "10.0.0.2", 3, 60)).allowed()).as("another key has its own window").isTrue();
  }

  @Test
  void aRequestRefusedByOneScopeUsesNoQuotaOfTheOthers() {
    Check user = new Check("user", "42", 5, 3600);
    Check approval = new Check("approval", "42", 1, 3600);
    assertThat(hit(user, approval).allowed()).isTrue();
    assertThat(hit(user, approval).allowed()).isFalse();
    assertThat(hit(user).scopes().get(0).remaining()).isEqualTo(3);
  }

  @Test
  void entriesExpireAfterTheirTtlAndTheStoreStaysBounded() {
    String generation = lookup("suppliers", "a").generation();
    store.store("suppliers", generation, "a", "1", 10);
    store.store("suppliers", generation, "b", "2", 300);
    assertThat(lookup("suppliers", "a").value()).isEqualTo("1");
    advanceSeconds(11);
    assertThat(lookup("suppliers", "a").value()).isNull();
    assertThat(lookup("suppliers", "b").value()).isEqualTo("2");

    for (int i = 0; i < 100; i++) store.store("suppliers", generation, "k" + i, "v", 300);
    assertThat(store.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void anEntryLivesUnderTheGenerationItWasReadWith() {
    String generation = lookup("suppliers", "q").generation();
    assertThat(store.store("suppliers", generation, "q", "page", 300).result()).isTrue();
    assertThat(lookup("suppliers", "q").value()).isEqualTo("page");
    assertThat(lookup("products", "q").value()).isNull();

    String bumped = store.bump("suppliers").result();
    assertThat(bumped).isNotEqualTo(generation);
    assertThat(lookup("suppliers", "q").value()).isNull();
    assertThat(store.store("suppliers", generation, "q", "stale page", 300).result()).as("read before the bump").isFalse();
    assertThat(lookup("suppliers", "q").value()).isNull();
  }
}
