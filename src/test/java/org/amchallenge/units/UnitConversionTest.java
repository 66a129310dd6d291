package org.amchallenge.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UnitConversionTest {

  @Test
  @DisplayName("ksi to MPa by the definition 1 lbf/in² = 4.4482216152605 N / 0.00064516 m²")
  void ksi() {
    double ksiInMpa = 1000 * 4.4482216152605 / 0.00064516 / 1e6; // 6.894757293168 MPa
    assertEquals(100 * ksiInMpa, UnitConversion.between("ksi", "MPa").value(100), 1e-9);
    assertEquals(2 * ksiInMpa, UnitConversion.between("ksi", "MPa").uncertainty(2), 1e-9);
  }

  @Test
  @DisplayName("microstrain, um/m and 1e-6 are one unit; % is a hundredth")
  void strains() {
    assertEquals(850, UnitConversion.between("um/m", "1e-6").value(850), 1e-9);
    assertEquals(850e-6, UnitConversion.between("microstrain", "1").value(850), 1e-15);
    assertEquals(0.352, UnitConversion.between("%", "1").value(35.2), 1e-12);
  }

  @Test
  @DisplayName("an offset conversion moves the value but not its uncertainty")
  void offsets() {
    UnitConversion.Conversion celsius = UnitConversion.between("°C", "K");
    assertEquals(298.15, celsius.value(25), 1e-9);
    assertEquals(1.5, celsius.uncertainty(1.5), 1e-9);
  }

  @Test
  @DisplayName("units of other dimensions and unknown units are refused with a reason")
  void refusals() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UnitConversion.between("MPa", "um")).getMessage().contains("different things"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UnitConversion.between("parsec-ish", "um")).getMessage().contains("not a unit"));
  }

  @Test
  @DisplayName("every spelling a definition is checked against without Indriya is one Indriya reads, to the unit it means")
  void knownSpellingsAreIndriyas() throws Exception {
    for (String spelling : UnitConversion.KNOWN) {
      assertTrue(UnitConversion.parse(spelling).isPresent(), spelling);
    }
    // a few by what they are: a length, a stress, a strain, a temperature
    assertEquals(0.001, UnitConversion.between("µm", "mm").value(1), 1e-18);
    assertEquals(1000, UnitConversion.between("GPa", "MPa").value(1), 1e-9);
    assertEquals(1e-6, UnitConversion.between("µm/m", "1").value(1), 1e-21);
    assertEquals(274.15, UnitConversion.between("°C", "K").value(1), 1e-9);
    assertEquals(3600, UnitConversion.between("h", "s").value(1), 1e-9);
    // the check takes the spellings a modeler writes, and refuses what neither knows
    for (String written : new String[] {"um", "μm", " MPa ", "mm/s", "1.0E-6", "m/s^2", "kN"}) assertTrue(UnitConversion.known(written), written);
    for (String written : new String[] {"parsec-ish", "furlongs per", "MPa MPa x"}) assertTrue(!UnitConversion.known(written), written);
  }

  @Test
  @DisplayName("um, µm (micro sign) and μm (Greek mu) are all the micrometre")
  void micrometreSpellings() {
    for (String from : new String[] {"um", "\u00b5m", "\u03bcm"}) {
      assertTrue(UnitConversion.known(from), from);
      for (String to : new String[] {"um", "\u00b5m", "\u03bcm"}) assertEquals(68.5, UnitConversion.between(from, to).value(68.5), 0, from + " -> " + to);
      assertEquals(0.0685, UnitConversion.between(from, "mm").value(68.5), 1e-15, from);
    }
  }

  @Test
  @DisplayName("a hardness scale the server does not know (HV10, HRC) may be declared; it converts to itself only")
  void unitsTheServerDoesNotKnow() {
    for (String symbol : new String[] {"HV10", "HRC", "HV", "HV0.5", "HBW10/3000"}) {
      assertTrue(!UnitConversion.known(symbol) && UnitConversion.opaque(symbol) && UnitConversion.declarable(symbol), symbol);
    }
    for (String known : new String[] {"MPa", "um", "1"}) assertTrue(UnitConversion.declarable(known) && !UnitConversion.opaque(known), known);
    for (String slip : new String[] {"HV 10", "HV\t10", "HV\u000010", "10HV", "", "HV10HV10HV10HV10HV10HV10HV10HV10X"}) {
      assertTrue(!UnitConversion.opaque(slip), "not a symbol: " + slip);
    }
    assertEquals(412, UnitConversion.between("HV10", "HV10").value(412), 0);
    String toOther = assertThrows(IllegalArgumentException.class, () -> UnitConversion.between("HV", "HV10")).getMessage();
    assertTrue(toOther.contains("the unit 'HV10' converts to nothing else"), toOther);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UnitConversion.between("MPa", "HRC")).getMessage()
        .contains("'HRC' converts to nothing else"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UnitConversion.between("HV10", "MPa")).getMessage().contains("not a unit"));
    assertEquals("MPa", UnitConversion.nearest("MPA").orElseThrow());
    assertTrue(UnitConversion.nearest("HV10").isEmpty());
  }
}
