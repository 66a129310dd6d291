package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amchallenge.problem.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC "Method cards": the form read from a challenge file, and every check of a filled-in card. */
class MethodFormTest {
  static final String FORM = String.join("\n",
      "method_form:",
      "  - {id: model_class, label: Model class, type: choice, required: true, shown: always,",
      "     options: [analytical, numerical_thermal, thermo_fluid, crystal_plasticity, phase_field, machine_learning, hybrid, other]}",
      "  - {id: software, label: Software and version, type: text, shown: after_reveal}",
      "  - {id: code_url, label: Code, type: url, shown: after_reveal}",
      "  - {id: doi, label: Paper, type: doi, shown: after_reveal}",
      "  - {id: author, type: orcid, shown: organizer}",
      "  - {id: inputs, type: choices, options: [power, speed, spot_size]}",
      "  - {id: runtime_hours, type: number}",
      "  - {id: calibrated, type: boolean}", "");

  static Challenge withForm(String form) {
    String yaml = new String(org.amchallenge.Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8) + form;
    return ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true);
  }

  private static List<MethodForm.CardProblem> problems(Map<String, ?> card) {
    List<MethodForm.CardProblem> problems = new ArrayList<>();
    withForm(FORM).methodForm().check(card, problems);
    return problems;
  }

  private static Map<String, Object> card(Object... pairs) {
    Map<String, Object> card = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) card.put((String) pairs[i], pairs[i + 1]);
    return card;
  }

  @Test
  @DisplayName("the challenge file's form is read with each field's type, shown and options; without one, SPEC's default of seven fields")
  void formRead() {
    MethodForm form = withForm(FORM).methodForm();
    assertEquals(8, form.fields().size());
    assertEquals(MethodForm.Type.CHOICE, form.field("model_class").type());
    assertTrue(form.field("model_class").required());
    assertEquals(MethodForm.Shown.ORGANIZER, form.field("author").shown());
    assertEquals(MethodForm.Shown.AFTER_REVEAL, form.field("runtime_hours").shown());
    MethodForm standard = withForm("").methodForm();
    assertEquals(List.of("model_class", "software", "calibration_data", "code_url", "doi", "hardware", "runtime_hours"),
        standard.fields().stream().map(MethodForm.Field::id).toList());
    assertFalse(standard.field("model_class").required());
  }

  @Test
  @DisplayName("a form with a choice without options, an unknown type and a field id given twice is refused, each problem on its line")
  void badForm() {
    String bad = String.join("\n", "method_form:", "  - {id: model_class, type: choice}", "  - {id: x, type: colour}",
        "  - {id: x, type: text}", "");
    InvalidInputException refused = assertThrows(InvalidInputException.class, () -> withForm(bad));
    String all = refused.problems().toString();
    assertTrue(all.contains("options"), all);
    assertTrue(all.contains("colour"), all);
    assertTrue(all.contains("given twice"), all);
  }

  @Test
  @DisplayName("a good card is kept, each value in its type's form (a DOI link and an ORCID link reduced to the identifier)")
  void goodCard() {
    List<MethodForm.CardProblem> problems = new ArrayList<>();
    Map<String, Object> kept = withForm(FORM).methodForm().check(card("model_class", "machine_learning", "software", " FLOW-3D 12 ",
        "code_url", "https://github.com/lab/model", "doi", "https://doi.org/10.1016/j.addma.2020.101090",
        "author", "https://orcid.org/0000-0002-1825-0097", "inputs", List.of("power", "speed"), "runtime_hours", "12.5",
        "calibrated", "yes"), problems);
    assertEquals(List.of(), problems);
    assertEquals(card("model_class", "machine_learning", "software", "FLOW-3D 12", "code_url", "https://github.com/lab/model",
        "doi", "10.1016/j.addma.2020.101090", "author", "0000-0002-1825-0097", "inputs", List.of("power", "speed"),
        "runtime_hours", 12.5, "calibrated", true), kept);
  }

  @Test
  @DisplayName("every field's problem is listed: required missing, DOI syntax, ORCID checksum, URL scheme, choice, choices, number, boolean, unknown field")
  void everyProblem() {
    List<MethodForm.CardProblem> problems = problems(card("doi", "doi.org/abc", "author", "0000-0002-1825-0098",
        "code_url", "ftp://lab.example/model", "inputs", List.of("power", "laser_colour"), "runtime_hours", "twelve",
        "calibrated", "maybe", "gpu", "A100"));
    Map<String, String> byField = new LinkedHashMap<>();
    problems.forEach(p -> byField.put(p.field(), p.detail()));
    assertEquals(List.of("gpu", "model_class", "code_url", "doi", "author", "inputs", "runtime_hours", "calibrated"), List.copyOf(byField.keySet()));
    assertTrue(byField.get("model_class").startsWith("required"), byField.get("model_class"));
    assertTrue(byField.get("author").contains("check digit"), byField.get("author"));
    assertTrue(byField.get("code_url").contains("http or https"), byField.get("code_url"));
    assertTrue(byField.get("doi").contains("DOI"), byField.get("doi"));
  }

  @Test
  @DisplayName("a choice outside its options is refused, naming the options")
  void choiceOutsideOptions() {
    List<MethodForm.CardProblem> problems = problems(card("model_class", "quantum"));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).detail().contains("machine_learning"));
  }

  @Test
  @DisplayName("ORCID check digits, ISO 7064 MOD 11-2, on ORCID's own examples (one ending in X)")
  void orcidChecksum() {
    assertTrue(MethodForm.orcidChecksumHolds("0000-0002-1825-0097"));
    assertTrue(MethodForm.orcidChecksumHolds("0000-0001-5109-3700"));
    assertTrue(MethodForm.orcidChecksumHolds("0000-0002-1694-233X"));
    assertFalse(MethodForm.orcidChecksumHolds("0000-0002-1694-2330"));
  }
}
