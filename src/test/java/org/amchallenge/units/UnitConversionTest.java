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
}
