import pytest

from journey.errors import RouteError
from journey.geo import haversine_km
from journey.route import build_route
from journey.stops import read_stops


def route_of(names: str):
    return build_route(read_stops("name\n" + "\n".join(names.split(",")) + "\n", "t.csv"))


def test_moscow_to_omsk_follows_the_line_not_the_crow():
    route = route_of("Moscow,Omsk")
    leg = route.legs[0]
    assert leg.on_rail and len(leg.coords_lonlat) > 100
    crow = haversine_km(55.75, 37.62, 54.99, 73.37)
    assert leg.distance_km > crow


def test_no_long_straight_segments_on_rail_legs():
    for leg in route_of("Pyongyang,Omsk,Moscow,St Petersburg").legs[1:]:
        pts = leg.coords_lonlat
        longest = max(haversine_km(a[1], a[0], b[1], b[0]) for a, b in zip(pts, pts[1:]))
        assert longest < 60


def test_reverse_order_routes_the_same_way_back():
    there = route_of("Omsk,Moscow").legs[0]
    back = route_of("Moscow,Omsk").legs[0]
    assert abs(there.distance_km - back.distance_km) < 1


def test_a_leg_with_no_rail_gets_an_arc_and_a_warning():
    route = route_of("Moscow,Lisbon")
    assert not route.legs[0].on_rail
    assert route.legs[0].distance_basis == "great circle"
    assert "Lisbon" in route.warnings[0]


def test_one_stop_is_not_a_journey():
    with pytest.raises(RouteError, match="at least two stops"):
        route_of("Moscow")
