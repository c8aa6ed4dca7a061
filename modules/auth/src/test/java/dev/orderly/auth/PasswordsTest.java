package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordsTest {
  /** Django's hashes, beside the repository: ../shared/testdata from the project root. */
  static final Path VECTORS = Path.of("../../../shared/testdata/django-passwords.txt");

  record Vector(String password, String encoded) {}

  static List<Vector> vectors() throws Exception {
    assertThat(VECTORS).as("Django password vectors at %s", VECTORS.toAbsolutePath().normalize()).isRegularFile();
    List<Vector> out = new ArrayList<>();
    for (String line : Files.readAllLines(VECTORS, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      out.add(new Vector(line.substring(0, tab), line.substring(tab + 1)));
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  @Test
  void everyDjangoHashVerifiesAndNoSingleCharacterChangeDoes() throws Exception {
    for (Vector v : vectors()) {
      assertThat(Passwords.check(v.password(), v.encoded())).as("%s", v.encoded()).isTrue();
      int[] points = v.password().codePoints().toArray();
      List<String> variants = new ArrayList<>();
      for (int i = 0; i < points.length; i++) {
        int[] changed = points.clone();
        changed[i] = points[i] == 'x' ? 'y' : 'x';
        variants.add(new String(changed, 0, changed.length));
      }
      variants.add(v.password() + "x");
      variants.parallelStream().forEach(wrong ->
          assertThat(Passwords.check(wrong, v.encoded())).as("%s must not verify %s", wrong, v.encoded()).isFalse());
    }
  }

  @Test
  void newHashesAreDjangoFormatAtTheCurrentIterationsWithFreshSalt() {
    String a = Passwords.encode("s3cret-pass", Passwords.salt(), 1000);
    String b = Passwords.encode("s3cret-pass", Passwords.salt(), 1000);
    assertThat(a).matches("pbkdf2_sha256\\$1000\\$[A-Za-z0-9]{22}\\$[A-Za-z0-9+/]{43}=").isNotEqualTo(b);
    assertThat(Passwords.check("s3cret-pass", a)).isTrue();
    assertThat(Passwords.check("s3cret-pasS", a)).isFalse();
    assertThat(Passwords.iterationsOf(a)).isEqualTo(1000);
    assertThat(Passwords.ITERATIONS).isEqualTo(600_000);
  }

  @Test
  void unusableAndMalformedHashesNeverVerify() {
    assertThat(Passwords.check("", Passwords.unusable())).isFalse();
    assertThat(Passwords.check("x", "md5$abc$def")).isFalse();
    assertThat(Passwords.check("x", "pbkdf2_sha256$nope$salt$hash")).isFalse();
    assertThat(Passwords.check("x", null)).isFalse();
    assertThat(Passwords.iterationsOf("!abc")).isZero();
  }

  @Test
  void hashingRunsOnTheWorkerPoolAndUpgradesWeakerHashes() {
    Vertx vertx = Vertx.vertx();
    try {
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("orderly-hash-test", 1);
      Passwords passwords = new Passwords(workers, 1000, 8, 10_000);
      String hash = passwords.hash("another-pass").await();
      assertThat(passwords.verify("another-pass", hash).await()).isTrue();
      assertThat(passwords.verifyNobody("another-pass").await()).isFalse();
      assertThat(passwords.needsUpgrade(Passwords.encode("p", "salt", 999))).isTrue();
      assertThat(passwords.needsUpgrade(hash)).isFalse();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void pastTheBoundHashingIsRefusedAt503AndWorkWhoseCallerGaveUpIsNotHashed() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("orderly-hash-bound-test", 1);
      CountDownLatch release = new CountDownLatch(1);
      // the only worker is busy: whatever Passwords queues waits behind it
      Future<Object> busy = workers.executeBlocking(() -> release.await(30, TimeUnit.SECONDS), false);
      Passwords passwords = new Passwords(workers, 1000, 2, 200);
      Future<String> first = passwords.hash("first-pass");
      Future<Boolean> second = passwords.verifyNobody("second-pass");

      ServiceError refused = (ServiceError) catchThrowable(() -> passwords.hash("third-pass").await());
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.body().getString("code")).isEqualTo("service_unavailable");
      assertThat(refused.body().getString("detail")).isEqualTo(Passwords.BUSY);

      Thread.sleep(300); // past the callers' 200 ms: they have given up
      release.countDown();
      busy.await();
      assertThat(catchThrowable(first::await)).isInstanceOf(ServiceError.class);
      assertThat(catchThrowable(second::await)).isInstanceOf(ServiceError.class);
      assertThat(passwords.computed()).as("abandoned work is dropped, not hashed").isZero();

      String hash = passwords.hash("fourth-pass").await();
      assertThat(Passwords.check("fourth-pass", hash)).as("the queue has room again").isTrue();
      assertThat(passwords.computed()).isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void policyUsesDjangosMessages() {
    assertThat(PasswordPolicy.problems("short", "bob")).containsExactly("This password is too short. It must contain at least 8 characters.");
    assertThat(PasswordPolicy.problems("12345678", "bob")).containsExactly("This password is entirely numeric.");
    assertThat(PasswordPolicy.problems("Alice-Smith", "alice-smith")).containsExactly("The password is too similar to the username.");
    assertThat(PasswordPolicy.problems("1234", "1234")).hasSize(3);
    assertThat(PasswordPolicy.problems("good-password-1", "bob")).isEmpty();
  }
}
