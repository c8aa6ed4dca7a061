package dev.orderly.app;

import static dev.orderly.app.MainIT.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.test.Db;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code import} and {@code export} commands, as the jar runs them, on SQLite and PostgreSQL. */
class TransfersIT {
  @ParameterizedTest
  @EnumSource(Db.class)
  void importThenExportRoundTripsTheRowsWithoutHttp(Db db, @TempDir Path dir) throws IOException {
    JsonObject overrides = db.overrides(dir);
    try {
      Path suppliers = Files.writeString(dir.resolve("suppliers.csv"), "code,name\r\nCLI-1,Command Line Ltd\r\n", StandardCharsets.UTF_8);
      MainTest.Result imported = MainTest.execute(args("import", overrides, "suppliers", suppliers.toString()));
      assertThat(imported.status()).as(imported.out() + imported.err()).isEqualTo(Main.OK);
      assertThat(new JsonObject(imported.out()).getInteger("created")).isEqualTo(1);

      Path products = Files.writeString(dir.resolve("products.csv"), "sku,name,unit_price,supplier_id,category\r\n"
          + "CLI-P1,Bolt,1.50,1,cli\r\nCLI-P2,\"Nut, hex\",0.20,1,cli\r\nCLI-P3,Other,9.00,1,elsewhere\r\n", StandardCharsets.UTF_8);
      MainTest.Result dry = MainTest.execute(args("import", overrides, "products", products.toString(), "--dry-run"));
      assertThat(new JsonObject(dry.out()).getBoolean("dry_run")).isTrue();
      assertThat(MainTest.execute(args("import", overrides, "products", products.toString())).status()).isEqualTo(Main.OK);

      Path out = dir.resolve("out.csv");
      MainTest.Result exported = MainTest.execute(args("export", overrides, "products", out.toString(), "category=cli",
          "ordering=-sku", "fields=sku,name"));
      assertThat(exported.status()).as(exported.err()).isEqualTo(Main.OK);
      assertThat(exported.out()).startsWith("Exported products to " + out);
      assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("\ufeffsku,name\r\nCLI-P2,\"Nut, hex\"\r\nCLI-P1,Bolt\r\n");

      Path bad = Files.writeString(dir.resolve("bad.csv"), "sku,name,unit_price,supplier_id\r\nCLI-P9,X,-1,1\r\n", StandardCharsets.UTF_8);
      MainTest.Result refused = MainTest.execute(args("import", overrides, "products", bad.toString()));
      assertThat(refused.status()).isEqualTo(Main.FAILURE);
      assertThat(new JsonObject(refused.out()).getJsonArray("errors")).hasSize(1);
      MainTest.Result xlsx = MainTest.execute(args("export", overrides, "products", dir.resolve("all.xlsx").toString()));
      assertThat(xlsx.status()).isEqualTo(Main.OK);
      byte[] zip = Files.readAllBytes(dir.resolve("all.xlsx"));
      assertThat(List.of(zip[0], zip[1])).containsExactly((byte) 'P', (byte) 'K');
      MainTest.Result usage = MainTest.execute(args("export", overrides, "products"));
      assertThat(usage.status()).isEqualTo(Main.USAGE);
    } finally {
      db.cleanup(overrides);
    }
  }
}
