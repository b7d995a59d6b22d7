from hypothesis import given, strategies as st

from journey.polyline import decode, encode

lat = st.floats(-90, 90, allow_nan=False)
lon = st.floats(-180, 180, allow_nan=False)


def test_known_value_from_the_format_description():
    assert encode([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]) == \
        "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


@given(st.lists(st.tuples(lat, lon), min_size=1, max_size=50), st.sampled_from([3, 5, 6]))
def test_round_trip_within_half_a_unit_of_the_precision(points, precision):
    out = decode(encode(points, precision), precision)
    kept = [points[0]]
    for p in points[1:]:  # encode drops points that round to the previous one
        if [round(v * 10 ** precision) for v in p] != [round(v * 10 ** precision)
                                                       for v in kept[-1]]:
            kept.append(p)
    assert len(out) == len(kept)
    for (a, b), (c, d) in zip(kept, out):
        assert abs(a - c) <= 0.5 / 10 ** precision + 1e-9
        assert abs(b - d) <= 0.5 / 10 ** precision + 1e-9


def test_empty():
    assert encode([]) == "" and decode("") == []
