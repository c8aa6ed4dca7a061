package dev.orderly.cache;

import dev.orderly.core.redis.RedisErrors;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run atomically by Redis: {@code EVALSHA} with its SHA-1, falling back to {@code EVAL}
 * (which also caches it on the server) when Redis answers {@code NOSCRIPT}, after a restart or a
 * {@code SCRIPT FLUSH}.
 */
final class LuaScript {
  private final String source;
  private final String sha;

  LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args))
        .recover(e -> RedisErrors.reply(e).startsWith("NOSCRIPT")
            ? redis.send(request(Command.EVAL, source, keys, args))
            : Future.failedFuture(e));
  }

  /**
   * Runs the script once per {@code (keys, args)} call, all sent in one write ({@code Redis.batch}); each
   * run stays atomic on its own. A {@code NOSCRIPT} loads the script and sends the batch again.
   */
  Future<List<Response>> runAll(Redis redis, List<List<String>> keys, List<List<String>> args) {
    List<Request> requests = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) requests.add(request(Command.EVALSHA, sha, keys.get(i), args.get(i)));
    return redis.batch(requests)
        .recover(e -> RedisErrors.reply(e).startsWith("NOSCRIPT")
            ? redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).compose(loaded -> redis.batch(requests))
            : Future.failedFuture(e));
  }

  String sha() {
    return sha;
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
