package dev.orderly.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.core.config.ThrottleRates.Rate;
import org.junit.jupiter.api.Test;

class ThrottleRatesTest {
  @Test
  void theDefaultsAreApiMdsRates() {
    ThrottleRates rates = ThrottleRates.parse("");
    assertThat(rates.rate("anon")).contains(new Rate(100, 3600));
    assertThat(rates.rate("user")).contains(new Rate(1000, 3600));
    assertThat(rates.rate("approval")).contains(new Rate(10, 3600));
    assertThat(rates.rate("export")).contains(new Rate(20, 3600));
    assertThat(rates.rate("login")).contains(new Rate(10, 60));
  }

  @Test
  void anySubsetOverridesTheDefaultsAndOnlyThePeriodsFirstLetterCounts() {
    ThrottleRates rates = ThrottleRates.parse(" anon=3/min , user=5/s,export=7/days,login=2/Hour ");
    assertThat(rates.rate("anon")).contains(new Rate(3, 60));
    assertThat(rates.rate("user")).contains(new Rate(5, 1));
    assertThat(rates.rate("export")).contains(new Rate(7, 86400));
    assertThat(rates.rate("login")).contains(new Rate(2, 3600));
    assertThat(rates.rate("approval")).contains(new Rate(10, 3600));
    assertThat(new Rate(3, 60)).hasToString("3/minute");
  }

  @Test
  void noneTurnsAScopeOff() {
    assertThat(ThrottleRates.parse("anon=none").rate("anon")).isEmpty();
  }

  @Test
  void badValuesAreConfigurationErrorsNamingThrottleRates() {
    for (String bad : new String[] {"anon", "anon=3", "anon=x/hour", "anon=3/fortnight", "anon=-1/hour", "bogus=1/hour", "anon=3/"}) {
      assertThatThrownBy(() -> ThrottleRates.parse(bad)).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageStartingWith("THROTTLE_RATES:");
    }
  }
}
