"""Display helpers (sizes, durations, numbers) and the exact token-count parser, against hand arithmetic."""
import pytest

from costmodel.units import fmt_both, fmt_bytes, fmt_duration, fmt_number, fmt_rate, fmt_seconds, parse_tokens


@pytest.mark.parametrize("n,text", [
    (80 * 2**30, "85.9 GB (80.0 GiB)"),  # 85,899,345,920 B: 85.899e9 / 1e9, 80 x 2^30 / 2^30
    (144.04e9, "144 GB (134 GiB)"),  # 144.04e9 / 2^30 = 134.15
    (12.3e9, "12.3 GB (11.5 GiB)"),  # 12.3e9 / 2^30 = 11.455
    (999.96e9, "1.00 TB (931 GiB)"),  # rounds to 1000 GB: shown as the next unit; 999.96e9 / 2^30 = 931.28
    (524_288, "524 KB (512 KiB)"),
    (999, "999 B (999 B)"),
])
def test_sizes_to_three_significant_digits(n, text):
    assert fmt_both(n, sig=3) == text


def test_fixed_decimals_unchanged():
    assert fmt_bytes(80 * 2**30) == "85.90 GB" and fmt_both(80 * 2**30) == "85.90 GB (80.00 GiB)"


@pytest.mark.parametrize("s,text", [
    (0.00085, "850 µs"), (0.85, "850 ms"), (3.7, "3.7 s"), (59.9, "59.9 s"),
    (60, "1 min"), (625, "10.4 min"), (3720, "62 min"),  # 3720 / 60 = 62
    (6000, "1.67 h"), (20_000, "5.56 h"),  # 100 min and more: hours; 20,000 / 3600 = 5.556
    (172_800, "2 d"),  # 48 h and more: days
])
def test_human_durations(s, text):
    assert fmt_duration(s) == text


def test_seconds_and_rates_round_before_they_pick_a_unit():
    # 0.9997 s to 3 significant digits is 1.00 s: '1 s', not '1e+03 ms'; likewise at the minute and kilo steps
    assert [fmt_seconds(s) for s in (0.9997, 0.0009996, 59.97, 0.85, 3.71)] == ["1 s", "1 ms", "1 min", "850 ms",
                                                                              "3.71 s"]
    assert [fmt_rate(x, "B/s") for x in (999.7e9, 3.35e12, 999.4e9, 1.2e3)] == ["1 TB/s", "3.35 TB/s", "999 GB/s",
                                                                               "1.2 kB/s"]
    assert fmt_rate(12_345e15, "B/s") == "12,300 PB/s"  # past the largest prefix: digits, never an exponent
    for k in range(-9, 22):
        for m in (0.99951, 0.9999, 1.0):
            assert "e+" not in fmt_seconds(m * 10.0**k)
            assert "e+" not in fmt_rate(m * 10.0**k, "B/s")


def test_numbers():
    assert [fmt_number(x) for x in (93.24, 5.5, 1234.4, 12_345.6, 0.000123, 9.996)] == \
        ["93.2", "5.5", "1,234", "12,346", "0.000123", "10"]


@pytest.mark.parametrize("text,n", [
    ("524288", 524_288), ("512K", 524_288), ("1M", 1_048_576), ("1e3", 1000), ("1.5K", 1536), ("0.5k", 512),
    ("131_072", 131_072), ("131,072", 131_072), (" 8192 ", 8192), ("-5", -5),
])
def test_token_counts(text, n):
    assert parse_tokens(text) == n


@pytest.mark.parametrize("text,why", [
    ("0.9999999999999999999", "not a whole token count"),  # a float would round it to 1.0
    ("1.0000000000000000000000000001K", "not a whole token count"),  # beyond float and default Decimal precision
    ("1e-999999", "not a whole token count"),
    ("1e999999999", "token count too large"), ("1" * 5000, "token count too large"), ("1e19", "token count too large"),
    ("abc", "is not a token count"), ("", "is not a token count"), ("nan", "is not a token count"),
    ("inf", "is not a token count"), ("0x10", "is not a token count"), ("K", "is not a token count"),
])
def test_token_counts_refused_exactly(text, why):
    with pytest.raises(ValueError) as info:
        parse_tokens(text)
    assert why in str(info.value)
