package org.amchallenge.units;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.measure.IncommensurableException;
import javax.measure.UnconvertibleException;
import javax.measure.format.MeasurementParseException;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import tech.units.indriya.AbstractUnit;
import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.unit.Units;

/**
 * Converts values between the units modelers write (µm, um, mm, MPa, ksi, %, microstrain, um/m) with the
 * JSR 385 reference implementation (Indriya). Only the spellings Indriya does not know are added here. A
 * quantity may also declare a unit this server does not know (a hardness scale: HV10, HRC): such a unit is
 * a name only, which converts to nothing else.
 */
public final class UnitConversion {
  /**
   * Spellings (as {@link #normalized} gives them) that Indriya is known to read, a test holds it to that: a
   * definition's units are checked against them without loading Indriya, whose unit tables are slow
   * to set up, which the offline scorer would pay for a check alone. Any other spelling is asked of Indriya.
   */
  static final Set<String> KNOWN = Set.of("µm", "mm", "cm", "m", "nm", "µm/m", "MPa", "GPa", "kPa", "Pa", "Mpa", "psi", "ksi",
      "%", "1", "", "1e-6", "microstrain", "µε", "s", "ms", "h", "K", "°C", "N", "J", "W", "g", "kg", "mm/s", "m/s");

  private UnitConversion() {}

  /** Indriya's format and units, made at the first unit that is parsed or converted. */
  private static final class Library {
    static final SimpleUnitFormat FORMAT = SimpleUnitFormat.getInstance();
    static final Unit<?> PSI = Units.PASCAL.multiply(6894.757293168361);
    static final Unit<?> KSI = Units.PASCAL.multiply(6894757.293168361);
    static final Unit<?> MICROSTRAIN = AbstractUnit.ONE.multiply(1e-6);
    /** Spellings of the field that Indriya does not read; "Mpa" is how the AFRL Challenge 3 template spells MPa. */
    static final Map<String, Unit<?>> SPELLINGS = Map.of(
        "psi", PSI, "ksi", KSI, "1e-6", MICROSTRAIN, "microstrain", MICROSTRAIN, "µε", MICROSTRAIN,
        "1", AbstractUnit.ONE, "", AbstractUnit.ONE, "%", Units.PERCENT, "Mpa", Units.PASCAL.multiply(1e6));
    static final Map<String, Optional<Unit<?>>> PARSED = new ConcurrentHashMap<>();
  }

  /** A conversion of values and of their standard uncertainties from one unit to another. */
  public record Conversion(UnitConverter converter, double factor) {
    /**
     * A linear conversion (no offset) multiplies by its factor in double arithmetic: Indriya converts each value in
     * exact rational arithmetic, objects and all, which is most of the time of reading a file whose rows name units.
     */
    public Conversion(UnitConverter converter) {
      this(converter, converter.isLinear() ? converter.convert(1.0) : Double.NaN);
    }

    public double value(double value) {
      if (!Double.isFinite(value)) return value;
      return Double.isNaN(factor) ? converter.convert(value) : value * factor;
    }

    /** An uncertainty scales with the linear part of the conversion; an offset (°C to K) does not apply to it. */
    public double uncertainty(double uncertainty) {
      if (!Double.isFinite(uncertainty)) return uncertainty;
      return Double.isNaN(factor) ? Math.abs(converter.convert(uncertainty) - converter.convert(0.0)) : Math.abs(uncertainty * factor);
    }

    public boolean isIdentity() {
      return converter.isIdentity();
    }
  }

  /**
   * What a unit the server does not know must look like to be declared: a symbol of letters and digits (with
   * . _ - / inside, as in HV0.5 or HBW10/3000), so that a typing slip such as a stray space or a control
   * character is still refused rather than taken for a unit.
   */
  private static final java.util.regex.Pattern SYMBOL = java.util.regex.Pattern.compile("\\p{L}[\\p{L}\\p{N}._/-]{0,31}");

  /** Whether a quantity may declare this unit: one the server knows, or a symbol it takes as a name that converts to nothing. */
  public static boolean declarable(String text) {
    return known(text) || SYMBOL.matcher(text).matches();
  }

  /** Whether this is a unit a quantity may declare that the server does not know: it converts to nothing else. */
  public static boolean opaque(String text) {
    return !known(text) && SYMBOL.matcher(text).matches();
  }

  /** A known spelling that differs from an opaque unit in case only (MPA for MPa), as a hint; empty where none. */
  public static Optional<String> nearest(String text) {
    // sorted, so that MPa comes before Mpa, the AFRL template's misspelling of it
    return KNOWN.stream().filter(known -> !known.isEmpty() && known.equalsIgnoreCase(normalized(text))).sorted().findFirst();
  }

  /** Whether this server knows the unit a text names. */
  public static boolean known(String text) {
    return KNOWN.contains(normalized(text)) || parse(text).isPresent();
  }

  /** The unit a text names, if this server knows it. */
  public static Optional<Unit<?>> parse(String text) {
    return Library.PARSED.computeIfAbsent(normalized(text), UnitConversion::parseNormalized);
  }

  /**
   * The conversion from one unit to another; a reason in the exception where there is none. A unit the server
   * does not know converts only to itself, spelt the same.
   */
  public static Conversion between(String from, String to) {
    if ((opaque(to) || opaque(from)) && from.strip().equals(to.strip())) return new Conversion(AbstractUnit.ONE.getConverterTo(AbstractUnit.ONE));
    if (opaque(to)) {
      throw new IllegalArgumentException("'" + from + "' cannot be converted to '" + to + "': the unit '" + to
          + "' converts to nothing else; give '" + to + "' or no unit");
    }
    Unit<?> source = parse(from).orElseThrow(() -> new IllegalArgumentException("'" + from + "' is not a unit this server knows"));
    Unit<?> target = parse(to).orElseThrow(() -> new IllegalArgumentException("'" + to + "' is not a unit this server knows"));
    try {
      return new Conversion(source.getConverterToAny(target));
    } catch (IncommensurableException | UnconvertibleException e) {
      throw new IllegalArgumentException("'" + from + "' cannot be converted to '" + to + "': they measure different things");
    }
  }

  /** Greek mu and a leading 'u' before a unit letter are the micro sign; spaces do not matter. */
  static String normalized(String text) {
    String unit = text.strip().replace('\u03bc', '\u00b5').replace(" ", "");
    if (unit.length() > 1 && unit.charAt(0) == 'u' && Character.isLetter(unit.charAt(1))) unit = '\u00b5' + unit.substring(1);
    return unit.replace("/u", "/\u00b5").replace("*u", "*\u00b5");
  }

  private static Optional<Unit<?>> parseNormalized(String unit) {
    Unit<?> spelled = Library.SPELLINGS.get(unit);
    if (spelled != null) return Optional.of(spelled);
    double scale = org.amchallenge.tabular.Numbers.parseFinite(unit);
    if (scale > 0) return Optional.of(AbstractUnit.ONE.multiply(scale)); // a scaled number, e.g. 1e-3 or 1.0E-6
    try {
      return Optional.of(Library.FORMAT.parse(unit));
    } catch (MeasurementParseException | IllegalArgumentException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
