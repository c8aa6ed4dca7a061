package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestTrackingTest {

  @Test
  void aSaneClientIdIsKept() {
    assertThat(RequestTracking.accept("abc-DEF_1.2")).isEqualTo("abc-DEF_1.2");
    assertThat(RequestTracking.accept("x".repeat(128))).isEqualTo("x".repeat(128));
  }

  @Test
  void anythingElseIsReplacedByANewUuid() {
    for (String bad : new String[] {null, "", "x".repeat(129), "has space", "semi;colon", "new\nline", "é"}) {
      String id = RequestTracking.accept(bad);
      assertThat(id).isNotEqualTo(bad);
      assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }
    assertThat(RequestTracking.accept(null)).isNotEqualTo(RequestTracking.accept(null));
  }

  @Test
  void accessLineFormat() {
    assertThat(AccessLog.line("r-1", "PATCH", "/api/{resource}/{id}", 412, 7))
        .isEqualTo("rid=r-1 PATCH /api/{resource}/{id} 412 7ms");
    assertThat(AccessLog.line("r-2", "GET", RouteTable.NO_ROUTE, 404, 0)).isEqualTo("rid=r-2 GET - 404 0ms");
  }
}
