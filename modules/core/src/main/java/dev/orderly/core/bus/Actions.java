package dev.orderly.core.bus;

/** The {@code action} header that selects what a service address does with a message. */
public final class Actions {
  public static final String HEADER = "action";

  private Actions() {}
}
