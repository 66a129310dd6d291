package org.amchallenge.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rounding to significant digits: values rounded by hand, then BigDecimal (Java's exact decimal arithmetic) as the oracle. */
class RoundingTest {

  @Test
  @DisplayName("by hand: half away from zero on the exact binary value, every magnitude, full precision kept at 0")
  void byHand() {
    assertEquals(0.812, Rounding.round(0.8123456, 3));
    assertEquals(123500.0, Rounding.round(123456.7, 4));
    assertEquals(-123500.0, Rounding.round(-123456.7, 4));
    assertEquals(3.0, Rounding.round(2.5, 1), "an exact tie goes up");
    assertEquals(-3.0, Rounding.round(-2.5, 1), "and away from zero below it");
    assertEquals(0.13, Rounding.round(0.125, 2), "0.125 is exact in binary: a tie, up");
    assertEquals(2.67, Rounding.round(2.675, 3), "2.675 is 2.67499999999999982236431605997495353221893310546875 in binary: down");
    assertEquals(1.0, Rounding.round(0.99996, 4), "rounding up into the next decade");
    assertEquals(1.0e-300, Rounding.round(1.0000004e-300, 6), "beyond the exact powers of ten");
    assertEquals(1.23457e22, Rounding.round(1.2345678e22, 6));
    assertEquals(0.30000000000000004, Rounding.round(0.30000000000000004, 17), "17 digits keep every double");
    assertEquals(0.1, Rounding.round(0.1, 15));
    assertEquals(0.8123456, Rounding.round(0.8123456, 0));
    assertEquals(Double.NaN, Rounding.round(Double.NaN, 6));
    assertEquals(Double.POSITIVE_INFINITY, Rounding.round(Double.POSITIVE_INFINITY, 6));
    assertEquals(0.0, Rounding.round(0.0, 6));
  }

  @Test
  @DisplayName("equal to BigDecimal's rounding for 2,000,000 values: random doubles of every scale, decimal ties and near-ties, 1 to 17 digits")
  void asBigDecimal() {
    SplittableRandom random = new SplittableRandom(20261121);
    for (int i = 0; i < 2_000_000; i++) {
      int precision = 1 + random.nextInt(17);
      double value = switch (i % 4) {
        // any bit pattern of a finite double
        case 0 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
        // the magnitudes metrics take
        case 1 -> Math.pow(10, random.nextDouble(-12, 12)) * (random.nextBoolean() ? 1 : -1);
        // dyadic fractions (0.125, 2.5, 1234.5625...): exact in binary, so many are exact decimal ties
        case 2 -> random.nextLong(1, 1L << 40) / (double) (1L << random.nextInt(0, 30));
        // a decimal tie at this precision (...5 in the next digit) and its neighbours up to three ulps away
        default -> {
          double tie = Double.parseDouble(random.nextLong(1, (long) Math.pow(10, Math.min(precision, 15))) + "5e" + random.nextInt(-25, 25));
          int steps = random.nextInt(-3, 4);
          for (int s = 0; s < Math.abs(steps); s++) tie = steps > 0 ? Math.nextUp(tie) : Math.nextDown(tie);
          yield tie;
        }
      };
      double expected = new BigDecimal(value).round(new MathContext(precision)).doubleValue();
      double actual = Rounding.round(value, precision);
      if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
        assertEquals(expected, actual, value + " to " + precision + " digits");
      }
    }
  }
}
