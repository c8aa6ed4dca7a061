package dev.orderly.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.impl.types.ErrorType;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisErrorsTest {
  @Test
  void anErrorReplyFromRedisIsNotAnOutage() {
    assertThat(RedisErrors.unreachable(ErrorType.create("NOSCRIPT No matching script. Please use EVAL."))).isFalse();
    assertThat(RedisErrors.unreachable(ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
    assertThat(RedisErrors.reply(ErrorType.create("NOSCRIPT No matching script."))).startsWith("NOSCRIPT");
  }

  @Test
  void aBatchReportsItsFirstFailedCommandsReply() {
    ErrorType batch = ErrorType.create("ERR [1] NOSCRIPT No matching script." + System.lineSeparator() + "ERR [2] NOSCRIPT again");
    assertThat(RedisErrors.reply(batch)).isEqualTo("NOSCRIPT No matching script.");
    assertThat(RedisErrors.unreachable(batch)).isFalse();
  }

  @Test
  void aLostConnectionIsAnOutageHoweverTheClientReportsIt() {
    assertThat(RedisErrors.unreachable(new IOException("Connection refused"))).isTrue();
    assertThat(RedisErrors.unreachable(ErrorType.create("CONNECTION_CLOSED"))).isTrue();
    assertThat(RedisErrors.unreachable(ErrorType.create("ERR [0] io.netty.channel.StacklessClosedChannelException"))).isTrue();
    assertThat(RedisErrors.unreachable(ErrorType.create("LOADING Redis is loading the dataset in memory"))).isTrue();
    assertThat(RedisErrors.reply(new IOException("Connection refused"))).isEmpty();
  }
}
