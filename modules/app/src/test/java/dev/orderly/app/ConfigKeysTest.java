package dev.orderly.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  @Test
  void everyKeyOfTheDefaultsHasExactlyOneDescription() throws Exception {
    assertThat(ConfigKeys.descriptions().keySet())
        .containsExactlyInAnyOrderElementsOf(MainTest.repositoryDefaults().fieldNames());
    assertThat(ConfigKeys.descriptions().values()).allSatisfy(d -> assertThat(d).isNotBlank().doesNotContain("|"));
  }

  @Test
  void theShippedDefaultsAreTheRepositoryFile() throws Exception {
    assertThat(ConfigKeys.defaults()).isEqualTo(MainTest.repositoryDefaults());
  }

  @Test
  void theEnvExampleListsEveryKeyWithItsDefault() throws Exception {
    Properties example = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("../../conf/.env.example"))) {
      example.load(in);
    }
    JsonObject listed = new JsonObject();
    example.forEach((k, v) -> listed.put((String) k, v));
    assertThat(listed).isEqualTo(MainTest.repositoryDefaults());
  }

  @Test
  void theReadmeTableIsTheOneHelpPrints() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    assertThat(readme).as("README.md must contain ConfigKeys.markdownTable() verbatim").contains(ConfigKeys.markdownTable());
    for (String key : ConfigKeys.ENVIRONMENT_ONLY.keySet()) assertThat(readme).contains("`" + key + "`");
  }
}
