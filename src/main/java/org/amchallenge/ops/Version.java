package org.amchallenge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The release of amchallenge, as the command line and the results bundle's manifest name it: the pom's version. */
public final class Version {
  /** Where Maven writes the pom's version at build time (resource filtering), so that the pom holds the one number. */
  private static final String RESOURCE = "/amchallenge-version.properties";

  public static final String NUMBER = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) return "unknown";
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      // a build that did not filter the resources (an IDE's) leaves the placeholder, which is no version
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
