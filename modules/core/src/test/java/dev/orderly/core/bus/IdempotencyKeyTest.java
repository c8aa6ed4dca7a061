package dev.orderly.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  private static final String FINGERPRINT = "a".repeat(64);

  @Test
  void aKeyIsOneTo255PrintableAsciiCharacters() {
    assertThat(IdempotencyKey.problem(null)).isNotNull();
    assertThat(IdempotencyKey.problem("")).contains("empty");
    assertThat(IdempotencyKey.problem("k")).isNull();
    assertThat(IdempotencyKey.problem("x".repeat(255))).isNull();
    assertThat(IdempotencyKey.problem("x".repeat(256))).contains("255");
    assertThat(IdempotencyKey.problem(" ~!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}")).as("every printable ASCII character").isNull();
    assertThat(IdempotencyKey.problem("tab\tkey")).contains("printable ASCII");
    assertThat(IdempotencyKey.problem("nul\u0000key")).contains("printable ASCII");
    assertThat(IdempotencyKey.problem("del\u007Fkey")).contains("printable ASCII");
    assertThat(IdempotencyKey.problem("caf\u00e9")).contains("printable ASCII");
    assertThat(IdempotencyKey.problem("\uD83D\uDE00")).contains("printable ASCII");
  }

  @Test
  void aRecordHoldsOnlyAValidKeyAndAHexFingerprint() {
    assertThatThrownBy(() -> new IdempotencyKey("", FINGERPRINT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdempotencyKey("k", "not hex")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new IdempotencyKey("k", FINGERPRINT).key()).isEqualTo("k");
  }

  @Test
  void aRefinedFingerprintCoversWhatWasAddedAndKeepsTheKey() {
    IdempotencyKey key = new IdempotencyKey("k", FINGERPRINT);
    IdempotencyKey file = key.refined("sha-of-file", "a.pdf");
    assertThat(file.key()).isEqualTo("k");
    assertThat(file.fingerprint()).hasSize(64).isNotEqualTo(FINGERPRINT).isEqualTo(key.refined("sha-of-file", "a.pdf").fingerprint());
    assertThat(key.refined("other-file", "a.pdf").fingerprint()).isNotEqualTo(file.fingerprint());
    assertThat(key.refined("sha-of-file\na.pdf").fingerprint()).as("parts are kept apart").isNotEqualTo(file.fingerprint());
  }
}
