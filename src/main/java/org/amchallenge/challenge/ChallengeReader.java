package org.amchallenge.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.amchallenge.challenge.Challenge.Ranking;
import org.amchallenge.challenge.Challenge.Rules;
import org.amchallenge.challenge.Challenge.Split;
import org.amchallenge.challenge.Challenge.TieBreak;
import org.amchallenge.challenge.Quantity.Band;
import org.amchallenge.challenge.Quantity.PointAxis;
import org.amchallenge.challenge.Quantity.PointsRule;
import org.amchallenge.problem.Problems;
import org.amchallenge.units.UnitConversion;

/** Reads a challenge definition (YAML or JSON) and reports every problem in it with its line and field. */
public final class ChallengeReader {
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{3,64}");
  private static final Pattern QUANTITY_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Set<String> TOP_FIELDS = Set.of("id", "title", "summary", "description", "material", "process",
      "opens", "closes", "reveal", "feedback", "rules", "split", "ranking", "quantities", "template", "registration", "after_reveal",
      "method_form");

  private final LocatedTree tree;
  private final Problems problems = new Problems();

  private ChallengeReader(LocatedTree tree) {
    this.tree = tree;
  }

  /** Reads a definition; throws {@code InvalidInputException} listing every problem. */
  public static Challenge read(byte[] text, boolean yaml) {
    ChallengeReader reader = new ChallengeReader(LocatedTree.parse(text, yaml));
    Challenge challenge = reader.challenge();
    reader.problems.sortByPosition();
    reader.problems.throwIfAny("Invalid challenge definition");
    return challenge;
  }

  private Challenge challenge() {
    JsonNode root = tree.root();
    rejectUnknownFields(root, "", TOP_FIELDS);
    String id = text(root, "", "id", true);
    if (id != null && !ID.matcher(id).matches()) problem("/id", "id", "must match [a-z0-9-]{3,64}");
    Instant opens = instant(root, "", "opens");
    Instant closes = instant(root, "", "closes");
    if (opens != null && closes != null && !closes.isAfter(opens)) problem("/closes", "closes", "must be after opens");
    Challenge.Reveal reveal = choice(root, "", "reveal", Challenge.Reveal.ON_CLOSE, Challenge.Reveal::valueOf);
    Challenge.Feedback feedback = choice(root, "", "feedback", Challenge.Feedback.METRICS, Challenge.Feedback::valueOf);
    Challenge.AfterReveal afterReveal = choice(root, "", "after_reveal", Challenge.AfterReveal.CLOSED, Challenge.AfterReveal::valueOf);
    List<Quantity> quantities = quantities(root.path("quantities"));
    Ranking ranking = ranking(root.path("ranking"), quantities);
    return new Challenge(id, orElse(text(root, "", "title", true), id), text(root, "", "summary", false),
        orElse(text(root, "", "description", false), ""), text(root, "", "material", false),
        text(root, "", "process", false), opens, closes, reveal, feedback, rules(root.path("rules")),
        split(root.path("split")), ranking, quantities, template(root.path("template"), quantities),
        registration(root.path("registration")), afterReveal, methodForm(root.path("method_form")));
  }

  private static final Pattern FIELD_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** SPEC's "Method cards": each field's id, label, type, whether required, who sees it, and a choice's options. */
  private MethodForm methodForm(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) return MethodForm.DEFAULT;
    if (!node.isArray()) {
      problem("/method_form", "method_form", "must be a list of fields, e.g. [{id: model_class, type: choice, options: [analytical, other]}]");
      return MethodForm.DEFAULT;
    }
    List<MethodForm.Field> fields = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      MethodForm.Field field = methodField(node.get(i), "/method_form/" + i);
      if (field.id() != null && !ids.add(field.id())) problem("/method_form/" + i + "/id", "id", "'" + field.id() + "' is given twice");
      fields.add(field);
    }
    return new MethodForm(List.copyOf(fields));
  }

  private MethodForm.Field methodField(JsonNode node, String path) {
    rejectUnknownFields(node, path, Set.of("id", "label", "type", "required", "shown", "options"));
    String id = text(node, path, "id", true);
    if (id != null && !FIELD_ID.matcher(id).matches()) problem(path + "/id", "id", "must match [a-z][a-z0-9_]{0,63}");
    MethodForm.Type type = choice(node, path, "type", MethodForm.Type.TEXT, MethodForm.Type::valueOf);
    MethodForm.Shown shown = choice(node, path, "shown", MethodForm.Shown.AFTER_REVEAL, MethodForm.Shown::valueOf);
    JsonNode required = node.path("required");
    if (!required.isMissingNode() && !required.isBoolean()) problem(path + "/required", "required", "must be true or false");
    List<String> options = strings(node.path("options"));
    boolean choosing = type == MethodForm.Type.CHOICE || type == MethodForm.Type.CHOICES;
    if (choosing && options.isEmpty()) problem(path + "/options", "options", "a " + type.name().toLowerCase(Locale.ROOT) + " field lists its options");
    if (!choosing && !options.isEmpty()) problem(path + "/options", "options", "only a choice or choices field has options");
    return new MethodForm.Field(id, orElse(text(node, path, "label", false), id), type, required.asBoolean(false), shown, List.copyOf(options));
  }

  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex: the version of a registration's terms. */
  public static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private Challenge.Registration registration(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) return null;
    rejectUnknownFields(node, "/registration", Set.of("terms", "approval", "allowed_email_domains"));
    // hashed as the file gives it (SPEC), not stripped: a participant can check the version against the text shown
    String terms = text(node, "/registration", "terms", false) == null ? "" : node.path("terms").asText();
    Challenge.Approval approval = choice(node, "/registration", "approval", Challenge.Approval.AUTO, Challenge.Approval::valueOf);
    JsonNode domains = node.path("allowed_email_domains");
    if (!domains.isMissingNode() && !domains.isNull() && !domains.isArray()) {
      problem("/registration/allowed_email_domains", "registration.allowed_email_domains", "must be a list of domains, e.g. [nist.gov]");
    }
    List<String> allowed = new ArrayList<>();
    for (String domain : strings(domains)) {
      String key = domain.strip().toLowerCase(java.util.Locale.ROOT).replaceFirst("^@", "");
      if (!DOMAIN.matcher(key).matches()) {
        problem("/registration/allowed_email_domains", "registration.allowed_email_domains", "'" + domain + "' is not a domain such as nist.gov");
      } else {
        allowed.add(key);
      }
    }
    return new Challenge.Registration(terms, sha256(terms),
        approval, List.copyOf(allowed));
  }

  private Template template(JsonNode node, List<Quantity> quantities) {
    if (node.isMissingNode() || node.isNull()) return null;
    rejectUnknownFields(node, "/template", Set.of("sheets"));
    JsonNode sheets = node.path("sheets");
    if (!sheets.isArray() || sheets.isEmpty()) problem("/template/sheets", "template.sheets", "list at least one sheet");
    List<Template.SheetMapping> mappings = new ArrayList<>();
    for (int i = 0; i < sheets.size(); i++) mappings.add(sheetMapping(sheets.get(i), "/template/sheets/" + i, quantities));
    return new Template(List.copyOf(mappings));
  }

  private Template.SheetMapping sheetMapping(JsonNode node, String path, List<Quantity> quantities) {
    rejectUnknownFields(node, path, Set.of("sheet", "header_row", "sample", "point", "columns"));
    String sheet = orElse(text(node, path, "sheet", false), "predictions");
    int headerRow = (int) number(node, path, "header_row", 1, 1, 10_000);
    Template.SampleKey sample = sampleKey(node.path("sample"), path + "/sample");
    java.util.Map<String, String> point = new java.util.LinkedHashMap<>();
    node.path("point").fields().forEachRemaining(e -> point.put(e.getKey(), e.getValue().asText().strip()));
    List<Template.ColumnMapping> columns = new ArrayList<>();
    JsonNode mapped = node.path("columns");
    if (!mapped.isObject() || mapped.isEmpty()) problem(path + "/columns", "columns", "map at least one quantity to its column");
    mapped.fields().forEachRemaining(e -> {
      String columnPath = path + "/columns/" + e.getKey();
      Quantity quantity = quantities.stream().filter(q -> q.id().equals(e.getKey())).findFirst().orElse(null);
      if (quantity == null) problem(columnPath, e.getKey(), "not a quantity of this challenge");
      List<JsonNode> entries = new ArrayList<>();
      if (e.getValue().isArray()) e.getValue().forEach(entries::add);
      else entries.add(e.getValue());
      for (JsonNode entry : entries) columns.add(columnMapping(e.getKey(), entry, columnPath, quantity));
    });
    return new Template.SheetMapping(sheet, headerRow, sample, java.util.Collections.unmodifiableMap(point), List.copyOf(columns));
  }

  private Template.SampleKey sampleKey(JsonNode node, String path) {
    if (node.isObject() && node.has("value")) return Template.SampleKey.ofConstant(node.path("value").asText().strip());
    List<String> headers = strings(node);
    if (headers.isEmpty()) problem(path, "sample", "name a constant {value: ...}, a column, or a list of columns");
    return Template.SampleKey.ofHeaders(headers);
  }

  private Template.ColumnMapping columnMapping(String quantityId, JsonNode entry, String path, Quantity quantity) {
    if (entry.isTextual()) return new Template.ColumnMapping(quantityId, entry.asText().strip(), null, null, null);
    String header = text(entry, path, "header", true);
    String unit = text(entry, path, "unit", false);
    String component = text(entry, path, "component", false);
    if (unit != null && !UnitConversion.declarable(unit)) {
      problem(path + "/unit", "unit", "'" + unit + "' is not a unit: a symbol of letters and digits, without spaces");
    } else if (unit != null && quantity != null && !unit.equals(quantity.unit()) && (UnitConversion.opaque(unit) || UnitConversion.opaque(quantity.unit()))) {
      String opaque = UnitConversion.opaque(quantity.unit()) ? quantity.unit() : unit;
      problem(path + "/unit", "unit", "'" + unit + "' cannot be converted to '" + quantity.unit() + "', the unit of " + quantity.id()
          + ": the unit '" + opaque + "' converts to nothing else");
    }
    if (quantity != null && component != null && !quantity.components().contains(component)) {
      problem(path + "/component", "component", "'" + component + "' is not one of " + quantity.components());
    }
    String point = text(entry, path, "point", false);
    return new Template.ColumnMapping(quantityId, header, unit, point == null ? null : org.amchallenge.tabular.Numbers.canonicalLabel(point), component);
  }

  private Rules rules(JsonNode node) {
    rejectUnknownFields(node, "/rules", Set.of("max_submissions_per_day", "max_submissions_total", "max_team_size", "final_selections"));
    return new Rules(
        (int) number(node, "/rules", "max_submissions_per_day", 5, 1, 1_000_000),
        (int) number(node, "/rules", "max_submissions_total", 100, 1, 100_000_000),
        (int) number(node, "/rules", "max_team_size", 5, 1, 10_000),
        (int) number(node, "/rules", "final_selections", 2, 0, 1_000));
  }

  private Split split(JsonNode node) {
    rejectUnknownFields(node, "/split", Set.of("public_fraction", "seed", "by"));
    double fraction = number(node, "/split", "public_fraction", 0.5, 0, 1);
    long seed = (long) number(node, "/split", "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    return new Split(fraction, seed, choice(node, "/split", "by", Challenge.SplitBy.SAMPLE, Challenge.SplitBy::valueOf));
  }

  private Ranking ranking(JsonNode node, List<Quantity> quantities) {
    rejectUnknownFields(node, "/ranking", Set.of("score", "ladder", "min_coverage", "precision", "tie_break", "bootstrap"));
    Challenge.Score score = choice(node, "/ranking", "score", Challenge.Score.WEIGHTED_MEAN, Challenge.Score::valueOf);
    JsonNode ladder = node.path("ladder");
    if (!ladder.isMissingNode() && !ladder.isBoolean()) problem("/ranking/ladder", "ranking.ladder", "must be true or false");
    if (score == Challenge.Score.TOTAL_POINTS && quantities.stream().noneMatch(q -> q.points() != null)) {
      problem("/ranking/score", "ranking.score", "total_points needs at least one quantity with points bands");
    }
    return new Ranking(score, ladder.asBoolean(false),
        number(node, "/ranking", "min_coverage", 1.0, 0, 1),
        (int) number(node, "/ranking", "precision", 6, 1, 17),
        tieBreaks(node.path("tie_break")),
        (int) number(node, "/ranking", "bootstrap", org.amchallenge.leaderboard.Bootstrap.DEFAULT_RESAMPLES, 0, 100_000));
  }

  private List<TieBreak> tieBreaks(JsonNode node) {
    List<TieBreak> tieBreaks = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "/ranking/tie_break/" + i;
      JsonNode entry = node.get(i);
      String metric = text(entry, path, "metric", true);
      if (metric != null && Metric.of(metric).isEmpty()) problem(path + "/metric", "ranking.tie_break.metric", "unknown metric '" + metric + "'");
      tieBreaks.add(new TieBreak(metric, strings(entry.path("samples"))));
    }
    return List.copyOf(tieBreaks);
  }

  private List<Quantity> quantities(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      problem("/quantities", "quantities", "at least one quantity is required");
      return List.of();
    }
    List<Quantity> quantities = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      Quantity quantity = quantity(node.get(i), "/quantities/" + i);
      for (String name : names(quantity)) {
        if (name != null && !names.add(name)) problem("/quantities/" + i, "quantities.id", "'" + name + "' names two quantities");
      }
      quantities.add(quantity);
    }
    return List.copyOf(quantities);
  }

  private static List<String> names(Quantity quantity) {
    List<String> names = new ArrayList<>(quantity.aliases());
    names.add(quantity.id());
    return names;
  }

  private Quantity quantity(JsonNode node, String path) {
    rejectUnknownFields(node, path, Set.of("id", "name", "unit", "kind", "primary", "weight", "transform", "aliases",
        "point", "components", "points", "description", "curve", "distribution"));
    String id = text(node, path, "id", true);
    if (id != null && !QUANTITY_ID.matcher(id).matches()) problem(path + "/id", "id", "must be a letter followed by letters, digits or _");
    QuantityKind kind = choice(node, path, "kind", QuantityKind.SCALAR, k -> QuantityKind.of(k.toLowerCase(Locale.ROOT)).orElseThrow());
    PointsRule points = pointsRule(node.path("points"), path + "/points");
    String primary = orElse(text(node, path, "primary", false), points != null ? "points" : kind.hasComponents() ? "l2" : "nmae");
    boolean observations = observations(node, path, kind);
    String curveAxis = curveAxis(node, path, kind);
    checkPrimary(primary, kind, points, path);
    checkSampledPrimary(primary, kind, observations, path);
    List<String> components = strings(node.path("components"));
    if (kind.hasComponents() && components.isEmpty()) problem(path + "/kind", "components", "a tensor needs its list of components");
    String unit = orElse(text(node, path, "unit", false), "1");
    // a unit the server does not know (HV10, HRC) is a name that converts to nothing else, as SPEC allows
    if (!UnitConversion.declarable(unit)) {
      problem(path + "/unit", "unit", "'" + unit + "' is not a unit: a known one (e.g. um, mm, MPa, %, 1e-6, 1) or a symbol of letters and digits, without spaces");
    }
    return new Quantity(id, orElse(text(node, path, "name", false), id), unit, kind,
        primary, number(node, path, "weight", 1.0, 0, 1e6),
        choice(node, path, "transform", Quantity.Transform.NONE, Quantity.Transform::valueOf),
        strings(node.path("aliases")), pointAxis(node.path("point"), path), components, points, curveAxis, observations);
  }

  /** A curve's abscissa: {@code curve: {x: strain}}, else the point's name; a curve without either is refused. */
  private String curveAxis(JsonNode node, String path, QuantityKind kind) {
    JsonNode curve = node.path("curve");
    if (!curve.isMissingNode() && kind != QuantityKind.CURVE) problem(path + "/curve", "curve", "only a quantity of kind curve has a curve section");
    if (kind != QuantityKind.CURVE) return null;
    if (!curve.isMissingNode()) {
      rejectUnknownFields(curve, path + "/curve", Set.of("x"));
      String x = text(curve, path + "/curve", "x", true);
      if (x != null && !QUANTITY_ID.matcher(x).matches()) problem(path + "/curve/x", "curve.x", "must be a name of letters, digits or _, e.g. strain");
      return x;
    }
    JsonNode point = node.path("point");
    String name = point.isTextual() ? point.asText() : point.path("name").asText("");
    if (name.isEmpty()) problem(path + "/kind", "curve", "a curve needs its abscissa's name: curve: {x: strain}");
    return name.isEmpty() ? null : name;
  }

  /** {@code distribution: samples}: each sample's observations held as rows, compared with a prediction's draws. */
  private boolean observations(JsonNode node, String path, QuantityKind kind) {
    JsonNode distribution = node.path("distribution");
    if (distribution.isMissingNode()) return false;
    if (kind != QuantityKind.DISTRIBUTION) problem(path + "/distribution", "distribution", "only a quantity of kind distribution has this key");
    if (!distribution.asText().equals("samples")) problem(path + "/distribution", "distribution", "the one form is 'samples': observations per sample, compared with draws");
    return kind == QuantityKind.DISTRIBUTION && distribution.asText().equals("samples");
  }

  /** The metrics that compare whole curves or distributions apply to those quantities only, and those quantities have no other errors to rank on. */
  private void checkSampledPrimary(String primary, QuantityKind kind, boolean observations, String path) {
    Metric metric = Metric.of(primary).orElse(null);
    if (metric == null || !metric.canBePrimary()) return;
    if (metric.forCurves() && kind != QuantityKind.CURVE) {
      problem(path + "/primary", "primary", primary + " applies to quantities of kind curve only");
    } else if (metric.forDistributions() && !(kind == QuantityKind.DISTRIBUTION && observations)) {
      problem(path + "/primary", "primary", primary + " applies to quantities of kind distribution with distribution: samples only");
    } else if (kind == QuantityKind.DISTRIBUTION && observations && !metric.forDistributions()) {
      problem(path + "/primary", "primary", "a distribution of observations is ranked by nwasserstein or ks");
    }
  }

  private void checkPrimary(String primary, QuantityKind kind, PointsRule points, String path) {
    var metric = Metric.of(primary);
    if (metric.isEmpty() || !metric.get().canBePrimary()) {
      problem(path + "/primary", "primary", "'" + primary + "' cannot be a primary metric; use one of " + Metric.primaryNames());
    } else if (metric.get() == Metric.POINTS && points == null) {
      problem(path + "/primary", "primary", "points needs a points section with bands");
    } else if (metric.get().needsComponents() && !kind.hasComponents()) {
      problem(path + "/primary", "primary", primary + " applies to tensor quantities only");
    }
  }

  private PointAxis pointAxis(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) return null;
    if (node.isTextual()) return new PointAxis(node.asText(), null);
    return new PointAxis(text(node, path + "/point", "name", true), text(node, path + "/point", "unit", false));
  }

  private PointsRule pointsRule(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) return null;
    rejectUnknownFields(node, path, Set.of("band_unit", "bands"));
    Quantity.BandUnit unit = choice(node, path, "band_unit", Quantity.BandUnit.SIGMA, Quantity.BandUnit::valueOf);
    List<Band> bands = new ArrayList<>();
    JsonNode list = node.path("bands");
    if (!list.isArray() || list.isEmpty()) problem(path + "/bands", "points.bands", "at least one band {within, points} is required");
    for (int i = 0; i < list.size(); i++) {
      String bandPath = path + "/bands/" + i;
      bands.add(new Band(number(list.get(i), bandPath, "within", Double.NaN, 0, Double.MAX_VALUE),
          number(list.get(i), bandPath, "points", Double.NaN, 0, Double.MAX_VALUE)));
    }
    bands.sort((a, b) -> Double.compare(a.within(), b.within()));
    return new PointsRule(unit, List.copyOf(bands));
  }

  private void rejectUnknownFields(JsonNode node, String path, Set<String> known) {
    if (!node.isObject()) {
      if (!node.isMissingNode() && !node.isNull()) problem(path, path.substring(path.lastIndexOf('/') + 1), "must be a mapping of fields");
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) problem(path + "/" + name, name, "unknown field; known fields are " + new java.util.TreeSet<>(known));
    }
  }

  private String text(JsonNode node, String path, String field, boolean required) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      if (required) problem(path + "/" + field, field, "is required");
      return null;
    }
    if (!value.isValueNode()) {
      problem(path + "/" + field, field, "must be text");
      return null;
    }
    return value.asText().strip();
  }

  private Instant instant(JsonNode node, String path, String field) {
    String text = text(node, path, field, true);
    if (text == null) return null;
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problem(path + "/" + field, field, "must be a UTC time such as 2026-01-15T00:00:00Z, not '" + text + "'");
      return null;
    }
  }

  private double number(JsonNode node, String path, String field, double fallback, double min, double max) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      if (Double.isNaN(fallback)) problem(path + "/" + field, field, "is required");
      return fallback;
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < min || value.asDouble() > max) {
      problem(path + "/" + field, field, "must be a number from " + plain(min) + " to " + plain(max));
      return fallback;
    }
    return value.asDouble();
  }

  private <T extends Enum<T>> T choice(JsonNode node, String path, String field, T fallback, Function<String, T> parse) {
    String text = text(node, path, field, false);
    if (text == null) return fallback;
    try {
      return parse.apply(text.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      String allowed = java.util.Arrays.stream(fallback.getDeclaringClass().getEnumConstants())
          .map(v -> v instanceof QuantityKind k ? k.id() : v.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "));
      problem(path + "/" + field, field, "'" + text + "' is not one of the allowed values: " + allowed);
      return fallback;
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) node.forEach(v -> values.add(v.asText().strip()));
    else if (node.isValueNode() && !node.isNull()) values.add(node.asText().strip());
    return List.copyOf(values);
  }

  private void problem(String pointer, String field, String detail) {
    problems.add(tree.lineOf(pointer), tree.columnOf(pointer), field, detail);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static String plain(double value) {
    if (value == Double.MAX_VALUE || value >= Long.MAX_VALUE) return "any";
    if (value <= Long.MIN_VALUE) return "any";
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
