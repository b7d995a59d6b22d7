"""Derive the per-line station files in data/rail/lines/ from the prepared shared data set.

    python3 tools/derive_rail_lines.py [data/rail/trans_siberian_stations.csv [OUT_DIR]]

A build-time tool: it lives in tools/ and is not in the wheel (the wheel ships the lines it
writes, not their source).
Splits the one journey-ordered file into named lines (one file per line, rows in track
order), joins the lines at shared stations, adds the stretch Baranovsky -> Vladivostok and
three Khasan-line stations that the shared file lacks (rows below, with their source), and
marks town-centre rows as approximate. See data/SOURCES.md.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "rail"
SOURCE = DATA / "trans_siberian_stations.csv"
LINES = DATA / "lines"
COLUMNS = ["line", "name", "name_latin", "lat", "lon", "km", "km_source", "approximate",
           "osm_node", "source"]
SRC = "OSM node (ESR table, railway_materials)"
EXTRA_SRC = ("OSM node (ESR table, railway_materials RU_stations_new.csv "
             "@5bd59c8c, ESR {esr}); added here")

# Main line Baranovsky -> Vladivostok (not in the shared file, which stops at Ussuriysk):
# name, latin, lat, lon, km post (from the halt name or the published terminus), osm, esr.
VLADIVOSTOK = [
    ("9202 км", "9202 km", 43.63377762, 131.95314026, "9202", "7030292312", "986828"),
    ("9208 км", "9208 km", 43.59504318, 131.96981812, "9208", "7030292322", "986813"),
    ("Раздольное", "Razdolnoe", 43.5570488, 131.91287231, "", "4017822789", "986809"),
    ("Безымянная", "Bezymyannaya", 43.53176498, 131.89553833, "", "7030292333", "986716"),
    ("9222 км", "9222 km", 43.49544907, 131.89691162, "9222", "3208519946", "986724"),
    ("Кипарисово", "Kiparisovo", 43.47209549, 131.92449951, "", "6994159039", "986705"),
    ("9230 км", "9230 km", 43.45080566, 131.95098877, "9230", "6994159038", "982140"),
    ("Сиреневка", "Sirenevka", 43.41936493, 131.95323181, "", "6994158998", "986512"),
    ("9237 км", "9237 km", 43.39986801, 131.96911621, "9237", "3858706145", "982136"),
    ("Надеждинская", "Nadezhdinskaya", 43.3692627, 131.99232483, "", "6965548775", "986508"),
    ("Совхозная", "Sovkhoznaya", 43.33779144, 132.02494812, "", "6988607100", "982121"),
    ("Амурский Залив", "Amurskiy Zaliv", 43.33324814, 132.05780029, "", "6988607103", "982117"),
    ("Угольная", "Ugolnaya", 43.30434418, 132.06062317, "", "4008724788", "982102"),
    ("Весенняя", "Vesennyaya", 43.28038025, 132.04852295, "", "6988607104", "982032"),
    ("Садгород", "Sadgorod", 43.26287079, 132.04074097, "", "6988607105", "982028"),
    ("Спутник", "Sputnik", 43.24130249, 132.03831482, "", "6988594885", "982013"),
    ("Океанская", "Okeanskaya", 43.23521042, 132.00717163, "", "6988594886", "982009"),
    ("Санаторная", "Sanatornaya", 43.23061752, 131.98025513, "", "6988594887", "981913"),
    ("Седанка", "Sedanka", 43.21806717, 131.95195007, "", "6988558552", "981928"),
    ("Чайка", "Chayka", 43.19820404, 131.92169189, "", "6956540404", "981824"),
    ("Вторая речка", "Vtoraya Rechka", 43.16407013, 131.90463257, "", "4978826594", "981805"),
    ("Моргородок", "Morgorodok", 43.14836121, 131.90428162, "", "7030555948", "981311"),
    ("Первая Речка", "Pervaya Rechka", 43.13705063, 131.90278625, "", "6561579631", "981307"),
    ("Владивосток", "Vladivostok", 43.11121368, 131.88191223, "9288", "3965162817", "980003"),
]
# North Korean station coordinates found since the shared file was made (Wikipedia
# infobox coordinates, facts only): they replace the town centres of the same name.
KP_STATIONS = {
    "Pyongyang": ("Pyongyang station", 39.00472, 125.73639,
                  "Wikipedia infobox (ru: Пхеньян (станция), 39°00′17″N 125°44′11″E; "
                  "copy seen at perceptiopt.com)"),
    "Kilju": ("Kilju Ch'ongnyon station", 40.9609, 129.3233,
              "Wikipedia infobox (en: Kilju Chongnyon station, oldid 843201052)"),
}
# Khasan line stations between Khasan and Gvozdevo (the shared file jumps 36 km there).
KHASAN_GAP = [
    ("Камышовая", "Kamyshovaya", 42.6774559, 130.6401825, "", "7024769924", "979608"),
    ("Махалино", "Makhalino", 42.70341873, 130.7769928, "", "3139477838", "987426"),
]


def extra_row(line: str, r: tuple) -> dict:
    name, latin, lat, lon, km, osm, esr = r
    return {"line": line, "name": name, "name_latin": latin, "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}", "km": km,
            "km_source": ("published km (Vladivostok terminus)" if latin == "Vladivostok"
                          else "km-post in station name") if km else "",
            "approximate": "", "osm_node": osm, "source": EXTRA_SRC.format(esr=esr)}


def row(line: str, r: dict) -> dict:
    approx = "true" if r["point_type"].startswith("town centre") else ""
    if r["name_latin"] in KP_STATIONS:
        name, lat, lon, src = KP_STATIONS[r["name_latin"]]
        r = dict(r, name=name, name_latin=name, lat=f"{lat:.5f}", lon=f"{lon:.5f}", source=src)
        approx = ""
    return {"line": line, "name": r["name"], "name_latin": r["name_latin"], "lat": r["lat"],
            "lon": r["lon"], "km": r["km"], "km_source": r["km_source"], "approximate": approx,
            "osm_node": r["osm_node"], "source": r["source"]}


def write(out: Path, name: str, rows: list[dict]) -> None:
    with (out / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(src: str | Path = SOURCE, out: str | Path = LINES) -> None:
    out = Path(out)
    with open(src, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_leg = {leg: [r for r in rows if r["leg"] == leg] for leg in dict.fromkeys(
        r["leg"] for r in rows)}
    khasan = by_leg["khasan-ussuriysk"]
    cut = next(i for i, r in enumerate(khasan) if r["name_latin"] == "Baranovskiy")
    kp_name = "Pyongyang–Tumangang (Pyongra and Hongui lines)"
    kh_name = "Baranovsky–Khasan line"
    ts_name = "Trans-Siberian Railway"
    sp_name = "Moscow–Saint Petersburg Railway"
    # North Korea, ending on the Russian side of the Tumen bridge so the lines share Khasan.
    write(out, "kp_pyongyang_tumangang.csv",
          [row(kp_name, r) for r in by_leg["pyongyang-khasan"]] + [row(kp_name, khasan[0])])
    write(out, "ru_baranovsky_khasan.csv",
          [row(kh_name, khasan[0])] + [extra_row(kh_name, r) for r in KHASAN_GAP]
          + [row(kh_name, r) for r in khasan[1:cut + 1]])
    # Trans-Siberian in km order: Moscow Yaroslavsky (0) ... Ussuriysk ... Vladivostok (9288).
    ts = list(reversed(by_leg["transsib"])) + list(reversed(khasan[cut:]))
    write(out, "ru_trans_siberian.csv",
          [row(ts_name, r) for r in ts] + [extra_row(ts_name, r) for r in VLADIVOSTOK])
    write(out, "ru_moscow_st_petersburg.csv", [row(sp_name, r) for r in by_leg["moscow-stpetersburg"]])


if __name__ == "__main__":
    main(*sys.argv[1:3])
