package org.amchallenge.people;

/** SKELETON (helper P replaces): failed sign-ins per account (email key) and per address, with backoff. */
public final class SignInThrottle {
  /** Seconds until a sign-in for this email from this address may be tried again; 0 now. */
  public long retryAfterSeconds(String emailKey, String address, long nowMillis) {
    return 0;
  }

  public void failed(String emailKey, String address, long nowMillis) {}

  public void succeeded(String emailKey, String address) {}
}
