package dev.orderly.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
  @Test
  void rendersPlaceholdersPerDialectAndBindsRepeatedNames() {
    String template = "SELECT * FROM t WHERE a = #{a} AND (b = #{b} OR c = #{a})";
    NamedSql pg = NamedSql.of(Dialect.POSTGRESQL, template);
    NamedSql lite = NamedSql.of(Dialect.SQLITE, template);
    assertThat(pg.sql()).isEqualTo("SELECT * FROM t WHERE a = $1 AND (b = $2 OR c = $3)");
    assertThat(lite.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND (b = ? OR c = ?)");
    var tuple = pg.tuple(Map.of("a", 1L, "b", "x"));
    assertThat(tuple.size()).isEqualTo(3);
    assertThat(tuple.getValue(0)).isEqualTo(1L);
    assertThat(tuple.getValue(2)).isEqualTo(1L);
  }

  @Test
  void missingParameterIsAnError() {
    assertThatThrownBy(() -> NamedSql.of(Dialect.SQLITE, "SELECT #{x}").tuple(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#{x}");
  }

  @Test
  void sqliteBindsTimestampsAsFixedWidthTextAndBooleansAsIntegers() {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    assertThat(Dialect.SQLITE.bind(at)).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(Dialect.SQLITE.bind(LocalDate.of(2026, 1, 2))).isEqualTo("2026-01-02");
    assertThat(Dialect.SQLITE.bind(true)).isEqualTo(1);
    assertThat(Dialect.SQLITE.bind(new BigDecimal("12.50"))).isEqualTo(12.5);
    assertThat(Dialect.POSTGRESQL.bind(at)).isInstanceOf(OffsetDateTime.class);
    assertThat(Dialect.POSTGRESQL.bind(new BigDecimal("12.50"))).isEqualTo(new BigDecimal("12.50"));
  }
}
