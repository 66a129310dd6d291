package org.amchallenge.cli;

import java.lang.management.ManagementFactory;

/** A stand-in for amchallenge.jar in LauncherTest: prints the JVM options and arguments it was given, and exits with the last argument's number. */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("options " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.out.println("arguments " + String.join("|", args));
    System.exit(args.length == 0 ? 0 : Integer.parseInt(args[args.length - 1]));
  }
}
