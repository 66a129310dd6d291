package org.amchallenge.ops;

/** The release of amchallenge, as the command line and the results bundle's manifest name it. */
public final class Version {
  public static final String NUMBER = "0.9.0";

  private Version() {}
}
