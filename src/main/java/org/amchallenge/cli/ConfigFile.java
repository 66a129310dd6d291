package org.amchallenge.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/** The client's config file as `login` and `logout` change it: other keys kept, readable by its owner only. */
final class ConfigFile {
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build());

  private ConfigFile() {}

  /** The file's keys in their order; none where there is no file yet. */
  static Map<String, Object> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return new LinkedHashMap<>();
    Map<String, Object> settings = YAML.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    return settings == null ? new LinkedHashMap<>() : settings;
  }

  /**
   * Writes the settings whole: to a new file made with mode 0600 beside the old, then moved over it, so that the token
   * is never readable by others, not even for a moment, and a crash leaves the old file or the new, never half of one.
   */
  static void write(Path file, Map<String, Object> settings) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) createPrivately(folder);
    Path next = Files.createTempFile(folder, "." + file.getFileName(), ".new", ownerOnly("rw-------"));
    try {
      YAML.writeValue(next.toFile(), settings);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(next);
    }
  }

  private static void createPrivately(Path folder) throws IOException {
    Path parent = folder.getParent();
    if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
    try {
      Files.createDirectory(folder, ownerOnly("rwx------"));
    } catch (FileAlreadyExistsException raced) {
      // made meanwhile by another run: used as it is
    }
  }

  /** The permissions as a file attribute, or none on a file system without POSIX permissions. */
  private static FileAttribute<?>[] ownerOnly(String permissions) {
    boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
        : new FileAttribute<?>[0];
  }
}
