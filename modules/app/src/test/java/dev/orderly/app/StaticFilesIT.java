package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /static/} serves STATIC_ROOT's regular files to anyone, with cache headers, and nothing else. */
class StaticFilesIT {
  private static HttpResponse<Buffer> get(RunningOrderly app, String rawPath) {
    return app.send(app.anonymous(HttpMethod.GET, rawPath), null);
  }

  @Test
  void servesStaticRootsFilesWithCacheHeadersAndNothingOutsideIt(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("static"));
    Files.createDirectories(root.resolve("css"));
    Files.writeString(root.resolve("css/site.css"), "body { color: #123; }");
    Files.writeString(root.resolve(".env"), "SECRET_KEY=never-served");
    Files.writeString(dir.resolve("outside.txt"), "outside the root");
    try (RunningOrderly app = RunningOrderly.start(Db.SQLITE, dir, new JsonObject().put("STATIC_ROOT", root.toString()))) {
      HttpResponse<Buffer> css = get(app, "/static/css/site.css");
      assertThat(css.statusCode()).isEqualTo(200);
      assertThat(css.bodyAsString()).isEqualTo("body { color: #123; }");
      assertThat(css.getHeader("Content-Type")).startsWith("text/css");
      assertThat(css.getHeader("Cache-Control")).isEqualTo("public, max-age=3600");
      assertThat(css.getHeader("X-Content-Type-Options")).as("the security headers").isEqualTo("nosniff");
      String lastModified = css.getHeader("Last-Modified");
      assertThat(lastModified).isNotNull();

      HttpResponse<Buffer> again = app.send(app.anonymous(HttpMethod.GET, "/static/css/site.css").putHeader("If-Modified-Since", lastModified), null);
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body() == null || again.body().length() == 0).isTrue();

      // no listing, no hidden files, no way out of the root (raw and encoded dot segments), no media
      for (String path : new String[] {"/static/css/", "/static/css", "/static/.env", "/static/css/missing.css",
          "/static/%2e%2e/outside.txt", "/static/css/%2E%2E/%2E%2E/outside.txt", "/static/..%2foutside.txt",
          "/static/css%5c..%5c..%5coutside.txt", "/static/%00", "/static/../data/db.sqlite3"}) {
        HttpResponse<Buffer> refused = get(app, path);
        assertThat(refused.statusCode()).as(path).isIn(400, 404);
        assertThat(refused.bodyAsString()).as(path).doesNotContain("outside the root", "never-served");
        assertThat(refused.bodyAsJsonObject().getString("code")).as(path).isNotNull();
      }
    }
  }
}
