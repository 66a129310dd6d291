package org.amchallenge.challenge;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The method card a challenge asks of each submission (SPEC "Method cards"): its fields, and the check of a filled-in
 * card that lists every field's problem and gives the card as stored (each value in its type's form).
 */
public record MethodForm(List<Field> fields) {
  public enum Type { TEXT, CHOICE, CHOICES, NUMBER, BOOLEAN, URL, DOI, ORCID }

  /** Who may read a field of a submission's card: everyone, everyone after the reveal, the challenge's organizers. */
  public enum Shown { ALWAYS, AFTER_REVEAL, ORGANIZER }

  public record Field(String id, String label, Type type, boolean required, Shown shown, List<String> options) {}

  /** A problem of a card: the field it is about (null: the card as a whole) and what is wrong. */
  public record CardProblem(String field, String detail) {}

  /** The longest text a field keeps: a method card describes, it does not hold a paper. */
  public static final int MAX_TEXT = 2000;

  static final List<String> MODEL_CLASSES = List.of("analytical", "numerical_thermal", "thermo_fluid", "crystal_plasticity",
      "phase_field", "machine_learning", "hybrid", "other");

  /** SPEC's form for a challenge without {@code method_form}. */
  public static final MethodForm DEFAULT = new MethodForm(List.of(
      new Field("model_class", "Model class", Type.CHOICE, false, Shown.ALWAYS, MODEL_CLASSES),
      new Field("software", "Software and version", Type.TEXT, false, Shown.AFTER_REVEAL, List.of()),
      new Field("calibration_data", "Calibration data", Type.TEXT, false, Shown.AFTER_REVEAL, List.of()),
      new Field("code_url", "Code", Type.URL, false, Shown.AFTER_REVEAL, List.of()),
      new Field("doi", "Paper (DOI)", Type.DOI, false, Shown.AFTER_REVEAL, List.of()),
      new Field("hardware", "Hardware", Type.TEXT, false, Shown.AFTER_REVEAL, List.of()),
      new Field("runtime_hours", "Run time (hours)", Type.NUMBER, false, Shown.AFTER_REVEAL, List.of())));

  // Crossref's recommended pattern for modern DOIs
  private static final Pattern DOI = Pattern.compile("10\\.\\d{4,9}/[-._;()/:A-Za-z0-9<>\\[\\]]+");
  private static final Pattern ORCID = Pattern.compile("\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]");

  public Field field(String id) {
    return fields.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
  }

  /** The fields of a card whose {@code shown} lets this caller read them now, in the form's order; null where there is no card. */
  public Map<String, Object> shown(Map<String, Object> card, boolean organizer, boolean revealed) {
    if (card == null) return null;
    Map<String, Object> shown = new LinkedHashMap<>();
    for (Field field : fields) {
      Object value = card.get(field.id());
      boolean readable = switch (field.shown()) {
        case ALWAYS -> true;
        case AFTER_REVEAL -> revealed || organizer;
        case ORGANIZER -> organizer;
      };
      if (value != null && readable) shown.put(field.id(), value);
    }
    return shown;
  }

  /** The card's values in field order, each in its type's form; throws nothing: problems are added to {@code problems}. */
  public Map<String, Object> check(Map<String, ?> card, List<CardProblem> problems) {
    for (String key : card.keySet()) {
      if (field(key) == null) problems.add(new CardProblem(key, "not a field of this challenge's method card; its fields: " + ids()));
    }
    Map<String, Object> checked = new LinkedHashMap<>();
    for (Field field : fields) {
      Object value = card.get(field.id());
      if (blank(value)) {
        if (field.required()) problems.add(new CardProblem(field.id(), "required: give " + expected(field)));
        continue;
      }
      Object normal = normalized(field, value, problems);
      if (normal != null) checked.put(field.id(), normal);
    }
    return checked;
  }

  private String ids() {
    return String.join(", ", fields.stream().map(Field::id).toList());
  }

  private static boolean blank(Object value) {
    return value == null || value instanceof String s && s.isBlank() || value instanceof List<?> l && l.isEmpty();
  }

  private static Object normalized(Field field, Object value, List<CardProblem> problems) {
    String problem = null;
    Object normal = null;
    switch (field.type()) {
      case TEXT -> {
        normal = value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString().strip() : null;
        if (normal == null) problem = "must be text";
        else if (((String) normal).length() > MAX_TEXT) problem = "is longer than " + MAX_TEXT + " characters";
      }
      case CHOICE -> {
        normal = value instanceof String s ? s.strip() : null;
        if (normal == null || !field.options().contains(normal)) problem = "must be one of " + String.join(", ", field.options());
      }
      case CHOICES -> {
        List<String> chosen = choices(value);
        if (chosen == null || !field.options().containsAll(chosen)) problem = "must be a list of " + String.join(", ", field.options());
        normal = chosen;
      }
      case NUMBER -> {
        normal = number(value);
        if (normal == null) problem = "must be a finite number, e.g. 12.5";
      }
      case BOOLEAN -> {
        normal = bool(value);
        if (normal == null) problem = "must be true or false";
      }
      case URL -> {
        normal = value instanceof String s ? s.strip() : null;
        if (normal == null || !webAddress((String) normal)) problem = "must be an http or https address, e.g. https://github.com/lab/model";
      }
      case DOI -> {
        normal = value instanceof String s ? s.strip().replaceFirst("^(?i)(https?://(dx\\.)?doi\\.org/|doi:)", "") : null;
        if (normal == null || !DOI.matcher((String) normal).matches()) problem = "must be a DOI such as 10.1016/j.addma.2020.101090";
      }
      case ORCID -> {
        normal = value instanceof String s ? s.strip().replaceFirst("^(?i)https?://orcid\\.org/", "") : null;
        if (normal == null || !ORCID.matcher((String) normal).matches()) problem = "must be an ORCID iD such as 0000-0002-1825-0097";
        else if (!orcidChecksumHolds((String) normal)) problem = "is not a valid ORCID iD: its check digit does not match";
      }
    }
    if (problem == null) return normal;
    problems.add(new CardProblem(field.id(), problem));
    return null;
  }

  private static String expected(Field field) {
    return switch (field.type()) {
      case CHOICE -> "one of " + String.join(", ", field.options());
      case CHOICES -> "some of " + String.join(", ", field.options());
      default -> "a " + field.type().name().toLowerCase(Locale.ROOT);
    };
  }

  /** A list, or one text of comma-separated options (a spreadsheet's cell, a form's field). */
  private static List<String> choices(Object value) {
    List<String> chosen = new ArrayList<>();
    if (value instanceof String s) {
      for (String part : s.split(",")) if (!part.isBlank()) chosen.add(part.strip());
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s)) return null;
        chosen.add(s.strip());
      }
    } else {
      return null;
    }
    return chosen;
  }

  private static Double number(Object value) {
    try {
      double number = value instanceof Number n ? n.doubleValue() : value instanceof String s ? new BigDecimal(s.strip()).doubleValue() : Double.NaN;
      return Double.isFinite(number) ? number : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) return b;
    if (!(value instanceof String s)) return null;
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> null;
    };
  }

  private static boolean webAddress(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** ORCID's check digit, ISO 7064 MOD 11-2, as ORCID documents it; no library at hand computes it. */
  static boolean orcidChecksumHolds(String orcid) {
    String digits = orcid.replace("-", "");
    int total = 0;
    for (int i = 0; i < 15; i++) total = (total + (digits.charAt(i) - '0')) * 2;
    int result = (12 - total % 11) % 11;
    char check = result == 10 ? 'X' : (char) ('0' + result);
    return digits.charAt(15) == check;
  }
}
