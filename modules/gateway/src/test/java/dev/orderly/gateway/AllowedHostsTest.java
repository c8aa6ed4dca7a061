package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

  @Test
  void exactEntriesMatchCaseInsensitivelyAndIgnoreThePort() {
    AllowedHosts hosts = new AllowedHosts(List.of("API.Example.com", "127.0.0.1"), false);
    assertThat(hosts.allows("api.example.com")).isTrue();
    assertThat(hosts.allows("Api.EXAMPLE.com:8443")).isTrue();
    assertThat(hosts.allows("api.example.com.")).isTrue();
    assertThat(hosts.allows("127.0.0.1:8080")).isTrue();
    assertThat(hosts.allows("example.com")).isFalse();
    assertThat(hosts.allows("www.api.example.com")).isFalse();
    assertThat(hosts.allows("api.example.com.evil.org")).isFalse();
  }

  @Test
  void leadingDotMatchesTheDomainAndItsSubdomains() {
    AllowedHosts hosts = new AllowedHosts(List.of(".example.com"), false);
    assertThat(hosts.allows("example.com")).isTrue();
    assertThat(hosts.allows("www.example.com")).isTrue();
    assertThat(hosts.allows("a.b.EXAMPLE.com:80")).isTrue();
    assertThat(hosts.allows("badexample.com")).isFalse();
    assertThat(hosts.allows("example.com.evil.org")).isFalse();
  }

  @Test
  void starAllowsAnyWellFormedHostButNeverAMalformedOne() {
    AllowedHosts hosts = new AllowedHosts(List.of("*"), false);
    assertThat(hosts.allows("anything.example")).isTrue();
    assertThat(hosts.allows("10.1.2.3:9000")).isTrue();
    assertThat(hosts.allows("[2001:db8::1]:443")).isTrue();
    assertThat(hosts.allows(null)).isFalse();
    assertThat(hosts.allows("")).isFalse();
    assertThat(hosts.allows("bad host")).isFalse();
    assertThat(hosts.allows("evil.com/path")).isFalse();
    assertThat(hosts.allows("user@evil.com")).isFalse();
    assertThat(hosts.allows("example.com:port")).isFalse();
  }

  @Test
  void ipv6LiteralsKeepTheirBracketsAndLoseThePort() {
    AllowedHosts hosts = new AllowedHosts(List.of("[::1]"), false);
    assertThat(AllowedHosts.domain("[::1]:8080")).isEqualTo("[::1]");
    assertThat(hosts.allows("[::1]:8080")).isTrue();
    assertThat(hosts.allows("[::1]")).isTrue();
    assertThat(hosts.allows("[::2]")).isFalse();
    assertThat(hosts.allows("::1")).isFalse();
  }

  @Test
  void anEmptyListAllowsNothingUnlessDebugGivesDjangosDefaults() {
    assertThat(new AllowedHosts(List.of(), false).allows("localhost")).isFalse();
    AllowedHosts debug = new AllowedHosts(List.of(), true);
    assertThat(debug.allows("localhost:8000")).isTrue();
    assertThat(debug.allows("app.localhost")).isTrue();
    assertThat(debug.allows("127.0.0.1")).isTrue();
    assertThat(debug.allows("[::1]:8000")).isTrue();
    assertThat(debug.allows("example.com")).isFalse();
    assertThat(new AllowedHosts(List.of("example.com"), true).allows("localhost")).isFalse();
  }
}
