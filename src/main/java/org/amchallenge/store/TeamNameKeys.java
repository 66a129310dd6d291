package org.amchallenge.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.amchallenge.domain.Json;
import org.amchallenge.domain.Names;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration 6: each team gets the key of its name ({@link Names#storedKey}), unique, so that no two teams' names
 * can be told apart only by case, width or look-alike characters, whoever registers at the same instant. It is
 * Java, not SQL, since the key is ICU4J's to compute.
 *
 * A database may hold teams registered before the rule whose names share a key ("MeltLab" and "meltlab"): both
 * are kept as they are, the older holds the key and the others get one of their own (logged, for the operator),
 * so no team is renamed and every new look-alike is refused. A name or member stored with an unpaired surrogate
 * (no character, and JSON no reader accepts) gets U+FFFD in its place.
 */
final class TeamNameKeys implements JavaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(TeamNameKeys.class);

  private record Stored(String id, String name, String members) {}

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("6");
  }

  @Override
  public String getDescription() {
    return "team name keys";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE teams ADD COLUMN name_key VARCHAR(64)");
    }
    List<Stored> teams = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT id, name, members FROM teams ORDER BY created_at, id")) {
      while (rows.next()) teams.add(new Stored(rows.getString(1), rows.getString(2), rows.getString(3)));
    }
    Set<String> names = new HashSet<>();
    teams.forEach(team -> names.add(team.name()));
    Map<String, Stored> holders = new HashMap<>();
    try (PreparedStatement update = connection.prepareStatement("UPDATE teams SET name = ?, members = ?, name_key = ? WHERE id = ?")) {
      for (Stored team : teams) {
        String name = repairedName(team, names);
        String key = Names.storedKey(name);
        Stored holder = holders.putIfAbsent(key, team);
        if (holder != null) {
          LOG.warn("teams {} '{}' and {} '{}' have names a reader cannot tell apart; both are kept, the older ({}) holds the name",
              holder.id(), holder.name(), team.id(), name, holder.id());
          key = sha256(key + "/" + team.id());
        }
        update.setString(1, name);
        update.setString(2, repairedMembers(team.members()));
        update.setString(3, key);
        update.setString(4, team.id());
        update.addBatch();
      }
      update.executeBatch();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE teams ALTER COLUMN name_key SET NOT NULL");
      statement.execute("ALTER TABLE teams ADD CONSTRAINT teams_name_key_unique UNIQUE (name_key)");
    }
  }

  /** The name with U+FFFD for each unpaired surrogate, made unique with the team's id where the repair meets another name. */
  private static String repairedName(Stored team, Set<String> names) {
    String repaired = Names.withoutLoneSurrogates(team.name());
    if (repaired.equals(team.name())) return repaired;
    if (names.contains(repaired)) repaired = repaired + " " + team.id();
    names.add(repaired);
    LOG.warn("team {}: an unpaired surrogate in its name replaced by U+FFFD", team.id());
    return repaired;
  }

  private static String repairedMembers(String members) {
    List<?> stored = Json.read(members, List.class);
    List<String> repaired = stored.stream().map(member -> Names.withoutLoneSurrogates(String.valueOf(member))).toList();
    return repaired.equals(stored) ? members : Json.write(repaired);
  }

  private static String sha256(String text) throws java.security.NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
