package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of unsigned messages is one line per address and window, with its count, and never a header's value. */
class DroppedMessagesTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final DroppedMessages dropped = new DroppedMessages(now::get);

  @Test
  void theFirstDropIsSaidAtOnceTheRestOncePerWindowWithTheirCount() {
    assertThat(dropped.count("orderly.entities", "create")).startsWith("dropped 1 message(s) on orderly.entities").contains("last: create");
    for (int i = 0; i < 5; i++) assertThat(dropped.count("orderly.entities", "create")).isNull();
    assertThat(dropped.count("orderly.auth", "login")).as("another address has its own window").startsWith("dropped 1 message(s) on orderly.auth");

    now.addAndGet(TimeUnit.SECONDS.toNanos(DroppedMessages.WINDOW_SECONDS));
    assertThat(dropped.count("orderly.entities", "delete")).startsWith("dropped 6 message(s) on orderly.entities").contains("last: delete");
    assertThat(dropped.count("orderly.entities", "delete")).isNull();
  }

  @Test
  void anActionThatIsNotANameIsNotRepeated() {
    assertThat(dropped.count("orderly.entities", "{\"id\":1}\nforged line")).contains("last: ?").doesNotContain("forged");
    now.addAndGet(TimeUnit.SECONDS.toNanos(DroppedMessages.WINDOW_SECONDS));
    assertThat(dropped.count("orderly.entities", null)).contains("last: ?");
  }
}
