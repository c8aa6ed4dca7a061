package dev.orderly.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.core.resource.model.Field;
import dev.orderly.core.resource.model.ResourceDef;
import dev.orderly.core.resource.model.Workflow;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionsTest {
  private static final ResourceDef WIDGETS = ResourceDef.builder("widgets", "widgets", "widget").field(Field.string("name")).build();
  private static final ResourceDef REQUESTS = ResourceDef.builder("leave-requests", "leave_requests", "leave request")
      .field(Field.string("status").readOnly())
      .field(Field.reference("requested_by", "users").readOnly().nullable())
      .workflow(Workflow.of("status", "requested_by", List.of(
          new Workflow.Transition("approve", "approved", Set.of("open"), "approved", Workflow.Actor.APPROVER_NOT_REQUESTER, false))))
      .build();

  @Test
  void aResourceNeedsTheCrudExportAndImportCodenamesAndApproveOnlyWithAWorkflow() {
    assertThat(Permissions.codenames(WIDGETS)).containsExactly("widgets.view", "widgets.add", "widgets.change", "widgets.delete",
        "widgets.export", "widgets.import");
    assertThat(Permissions.codenames(REQUESTS)).containsExactly("leave_requests.view", "leave_requests.add", "leave_requests.change",
        "leave_requests.delete", "leave_requests.approve", "leave_requests.export", "leave_requests.import");
    assertThat(Permissions.codenames(List.of(WIDGETS, REQUESTS))).hasSize(13).startsWith("widgets.view").endsWith("leave_requests.import");
  }

  @Test
  void aCodenameIsATableAndAKnownAction() {
    assertThat(Permissions.isCodename("purchase_orders.approve")).isTrue();
    assertThat(Permissions.isCodename("widgets2.import")).isTrue();
    for (String bad : new String[] {null, "", "widgets", "widgets.fly", "Widgets.view", "purchase-orders.view", ".view", "w.view.x",
        "a".repeat(96) + ".view"}) {
      assertThat(Permissions.isCodename(bad)).as(bad).isFalse();
    }
  }

  @Test
  void eachMethodNeedsItsAction() {
    assertThat(Permissions.actionOf(HttpMethod.GET)).isEqualTo("view");
    assertThat(Permissions.actionOf(HttpMethod.POST)).isEqualTo("add");
    assertThat(Permissions.actionOf(HttpMethod.PATCH)).isEqualTo("change");
    assertThat(Permissions.actionOf(HttpMethod.DELETE)).isEqualTo("delete");
    assertThat(Permissions.actionOf(HttpMethod.OPTIONS)).isNull();
    assertThat(Permissions.codename("purchase-orders", "approve")).isEqualTo("purchase_orders.approve");
  }
}
