#!/usr/bin/env python3
"""Random delivery scenarios through the real CLI against an independent reference.

    python3 tests/calendars/differential.py --cli target/debug/shop-answers --scenarios 3000 --seed 7

Each scenario is a shop written as sources (shop.toml + delivery.toml), built with
`shop-answers build` and asked with `shop-answers delivery`. The reference computes the same
promise from DELIVERY.md's definitions with zoneinfo for the time zones and python-holidays for
the calendars (the documented exceptions and carrier rules applied, as scripts/calendars.py
states them), so the engine, the bundle format, the generated table and the region lookup are
all checked at once. Exit status 1 on any disagreement; the first few are printed in full.
"""

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import calendars  # noqa: E402  (the exceptions table and carrier rules, not the table)

UTC = dt.timezone.utc
VALID_FROM = dt.date(2026, 11, 1)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# (time zone, region) of shops: the regions the issue names, and a spread of others.
SHOPS = [
    ("America/Toronto", "CA-ON"), ("America/Vancouver", "CA-BC"), ("America/Halifax", "CA-NS"),
    ("America/Montreal", "CA-QC"), ("Australia/Sydney", "AU-NSW"),
    ("Australia/Melbourne", "AU-VIC"), ("Australia/Perth", "AU-WA"), ("Europe/Berlin", "DE-BY"),
    ("Europe/Berlin", "DE-BE"), ("Europe/Berlin", "DE"), ("Europe/London", "GB-SCT"),
    ("Europe/London", "GB-ENG"), ("Europe/London", "GB-NIR"), ("America/New_York", "US"),
    ("America/Los_Angeles", "US-CA"), ("Europe/Amsterdam", "NL"), ("Europe/Paris", "FR"),
    ("Europe/Paris", "FR-57"), ("Europe/Zurich", "CH-ZH"), ("Europe/Madrid", "ES-CT"),
    ("Europe/Rome", "IT-MI"), ("Europe/Oslo", "NO"), ("Europe/Vienna", "AT-9"),
    ("Pacific/Auckland", "NZ-AUK"), ("Asia/Tokyo", "JP"), ("Europe/Dublin", "IE"),
    ("Europe/Helsinki", "FI"), ("Europe/Warsaw", "PL"), ("Europe/Lisbon", "PT"),
    ("Europe/Stockholm", "SE"), ("Europe/Athens", "GR"),
]
# Destinations: (country, region or None, postcode or None).
DESTS = [
    ("CA", "CA-ON", None), ("CA", "CA-QC", None), ("CA", "CA-AB", None), ("CA", None, "M5V 2T6"),
    ("CA", None, "H2X 1Y4"), ("CA", None, "X0A 0H0"), ("CA", None, "V6B 1A1"), ("CA", None, None),
    ("AU", "AU-NSW", None), ("AU", "AU-VIC", None), ("AU", "AU-QLD", None), ("AU", None, "2000"),
    ("AU", None, "3000"), ("AU", None, "2600"), ("AU", None, "6000"), ("AU", None, None),
    ("DE", "DE-BY", None), ("DE", "DE-BE", None), ("DE", "DE-SN", None), ("DE", None, None),
    ("GB", "GB-SCT", None), ("GB", "GB-ENG", None), ("GB", "GB-NIR", None), ("GB", None, "EH1 1YZ"),
    ("GB", None, "BT1 5GS"), ("GB", None, "SW1A 1AA"), ("GB", None, None),
    ("US", None, None), ("US", "US-MA", None), ("US", "US-CA", None),
    ("NL", None, None), ("FR", None, None), ("FR", "FR-57", None), ("FR", None, "67000"),
    ("ES", "ES-MD", None), ("ES", None, "08001"), ("IT", "IT-RM", None), ("CH", "CH-GE", None),
    ("NZ", "NZ-CAN", None), ("JP", None, None), ("NO", None, None), ("AT", "AT-8", None),
    ("BE", None, None), ("IE", None, None), ("SE", None, None), ("PL", None, None),
]
CARRIER_OF = {
    "US": ["usps", "ups", "fedex"], "GB": ["royal-mail"], "DE": ["dhl-paket"],
    "CA": ["canada-post"], "AU": ["australia-post"],
}


# ------------------------------------------------------------------------------ reference


def known(code):
    country = code.split("-")[0]
    if country not in calendars.COUNTRIES:
        return False
    if code == country or code in calendars.ALIASES:
        return True
    if country in calendars.NATIONAL_ONLY:
        return any(code == c for c, _ in calendars.subdivisions(country))
    return any(code == c for c, _ in calendars.subdivisions(country))


def canonical(code):
    if code in calendars.ALIASES:
        return calendars.ALIASES[code][0]
    if code.split("-")[0] in calendars.NATIONAL_ONLY:
        return code.split("-")[0]
    return code


_cache = {}


def public_days(code):
    """python-holidays' public holidays of a code, minus the documented exceptions."""
    code = canonical(code)
    if code not in _cache:
        lib = calendars.library(code, range(2025, 2030))
        for e in calendars.EXCEPTIONS:
            if e["region"] in (code, code.split("-")[0]):
                lib = {d: n for d, n in lib.items() if n != e["holiday"]}
        _cache[code] = set(lib)
    return _cache[code]


def carrier_days(carrier, code):
    key = (carrier, canonical(code))
    if key not in _cache:
        rule = next(k for k in calendars.CARRIERS if k["id"] == carrier)["rule"]
        _cache[key] = set(rule(canonical(code)))
    return _cache[key]


# Postcode → region as the documentation describes it, written out again for the postcodes
# the scenarios use.
def postcode_region(country, pc):
    pc = pc.replace(" ", "").upper()
    if country == "CA":
        if pc[:3] in ("X0A", "X0B", "X0C"):
            return "CA-NU"
        return {"M": "CA-ON", "H": "CA-QC", "V": "CA-BC", "X": "CA-NT"}.get(pc[0])
    if country == "AU":
        n = int(pc[:4])
        if 2600 <= n <= 2618:
            return "AU-ACT"
        return {2: "AU-NSW", 3: "AU-VIC", 6: "AU-WA"}.get(n // 1000)
    if country == "GB":
        return {"EH": "GB-SCT", "BT": "GB-NIR"}.get(pc[:2])
    if country == "FR":
        return "FR-6AE" if pc[:2] in ("67", "68") else None
    if country == "ES":
        return "ES-CT" if pc[:2] == "08" else None
    return None


def non_delivery_days(s):
    country, region, postcode = s["dest"]
    zh = s.get("zone_holidays") or {}
    if zh.get("region"):
        region = zh["region"]
        country = region.split("-")[0]
    elif not (region and region.startswith(country + "-")):
        region = postcode_region(country, postcode) if postcode else None
    days = None
    carrier = s.get("carrier")
    if carrier:
        covers = next(k for k in calendars.CARRIERS if k["id"] == carrier)["countries"]
        if country in covers:
            code = region if region and known(region) else country
            days = carrier_days(carrier, code)
    if days is None:
        # The region's calendar if it has one, else the country's; the shop's corrections
        # when that is the shop's own calendar (docs: "[holidays]").
        code = region if region and known(region) else country if known(country) else None
        if code is None:
            days = set()
        elif canonical(code) == canonical(s["shop_region"]):
            days = shop_days(s)
        else:
            days = public_days(code)
    days = set(days) - {dt.date.fromisoformat(d) for d in zh.get("remove", [])}
    return days | {dt.date.fromisoformat(d) for d in zh.get("add", [])}


def shop_days(s):
    days = set(public_days(s["shop_region"]))
    days |= {dt.date.fromisoformat(d) for d in s["add"]}
    return days - {dt.date.fromisoformat(d) for d in s["remove"]}


def cutoff_instant(tz, day, minutes):
    """The first instant the shop's clock shows `minutes` on `day` (DELIVERY.md): the first
    of a repeated time, the change itself for a skipped one."""
    if minutes == 1440:
        day, minutes = day + dt.timedelta(days=1), 0
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    guess = naive.replace(tzinfo=tz).astimezone(UTC)  # fold=0: the first of two
    if guess.astimezone(tz).replace(tzinfo=None) == naive:
        return guess
    # Skipped by a change: the first instant whose local time is past it.
    lo, hi = guess - dt.timedelta(hours=3), guess
    while hi - lo > dt.timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


def reference(s, now):
    tz = ZoneInfo(s["tz"])
    hol, car = shop_days(s), non_delivery_days(s)
    closed = lambda d: any(a <= d <= b for a, b in s["closures"])  # noqa: E731
    works = lambda d: WEEKDAYS[d.weekday()] in s["working"] and d not in hol and not closed(d)  # noqa: E731
    carries = lambda d: WEEKDAYS[d.weekday()] in s["delivery"] and d not in car  # noqa: E731

    def next_working(d):
        for _ in range(401):
            if works(d):
                return d
            d += dt.timedelta(days=1)
        raise ValueError("no working day")

    def add_working(d, n):
        for _ in range(n):
            d = next_working(d + dt.timedelta(days=1))
        return d

    def add_carrier(d, n):
        for _ in range(n):
            d += dt.timedelta(days=1)
            while not carries(d):
                d += dt.timedelta(days=1)
        return d

    extra = s["extra"]
    hmin, hmax = s["handling"][0] + extra, s["handling"][1] + extra
    tmin, tmax = s["transit"]

    def effective(day0):
        if s["release"] and s["release"] > day0:
            return next_working(s["release"])
        return day0

    def promise(day0):
        day0 = effective(day0)
        smin = add_working(day0, hmin)
        smax = add_working(smin, hmax - hmin)
        return smin, smax, add_carrier(smin, tmin), add_carrier(smax, tmax)

    def at(t):
        today = t.astimezone(tz).date()
        before = t < cutoff_instant(tz, today, s["cutoff"])
        day0 = today if before and works(today) else next_working(today + dt.timedelta(days=1))
        return promise(day0)

    got = at(now)
    # The countdown, by its definition: the first later cutoff instant of a shop working day
    # at which an order gets other delivery dates. None can come before the cutoff of the
    # day handling starts (every earlier order starts then too), so the search starts there
    # and looks 31 working days on, as far as the engine looks.
    cutoff = None
    today = now.astimezone(tz).date()
    before = now < cutoff_instant(tz, today, s["cutoff"])
    d = effective(today if before and works(today) else next_working(today + dt.timedelta(days=1)))
    steps = 0
    while steps < 32:
        if works(d):
            c = cutoff_instant(tz, d, s["cutoff"])
            if c > now:
                steps += 1
                if at(c)[2:] != got[2:]:
                    cutoff = c
                    break
        d += dt.timedelta(days=1)
        if (d - today).days > 800:
            break
    window_end = dt.datetime.combine(dt.date(2028, 5, 1), dt.time(), tz).astimezone(UTC)
    if cutoff is not None and cutoff >= window_end:
        cutoff = None
    return {
        "ship_min": str(got[0]), "ship_max": str(got[1]), "min": str(got[2]), "max": str(got[3]),
        "cutoff": cutoff.strftime("%Y-%m-%dT%H:%M:%SZ") if cutoff else None,
    }


# ------------------------------------------------------------------------------ scenarios


def random_date(rng, a, b):
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def scenario(rng):
    tz, region = rng.choice(SHOPS)
    dest = rng.choice(DESTS)
    country = dest[0]
    s = {"tz": tz, "shop_region": region, "dest": dest}
    s["working"] = rng.choice([["Mon", "Tue", "Wed", "Thu", "Fri"]] * 6 + [
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], ["Tue", "Wed", "Thu", "Fri", "Sat"],
        ["Mon", "Wed", "Fri"]])
    s["delivery"] = rng.choice([["Mon", "Tue", "Wed", "Thu", "Fri"]] * 3 + [
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]])
    # Cutoffs: office hours mostly, some in the night hours clocks change in, some all day.
    s["cutoff"] = rng.choice([
        rng.randrange(8 * 60, 18 * 60, 15), rng.randrange(0, 4 * 60, 5), 1440, 0,
        rng.randrange(0, 1440)])
    hmin = rng.randrange(0, 3)
    s["handling"] = (hmin, hmin + rng.randrange(0, 3))
    tmin = rng.randrange(0, 4)
    s["transit"] = (tmin, tmin + rng.randrange(0, 4))
    s["carrier"] = rng.choice(CARRIER_OF.get(country, []) + [None] * 2) if rng.random() < 0.6 else None
    s["add"], s["remove"] = [], []
    if rng.random() < 0.2:
        s["add"] = [str(random_date(rng, dt.date(2026, 11, 1), dt.date(2027, 12, 31)))]
    if rng.random() < 0.15:
        days = sorted(public_days(region))
        s["remove"] = [str(rng.choice(days))]
    s["closures"] = []
    if rng.random() < 0.25:
        a = random_date(rng, dt.date(2026, 11, 1), dt.date(2027, 11, 30))
        s["closures"] = [(a, a + dt.timedelta(days=rng.randrange(0, 20)))]
    s["zone_holidays"] = None
    r = rng.random()
    if r < 0.12:
        s["zone_holidays"] = {"region": rng.choice(["CA-ON", "AU-VIC", "DE-BY", "GB-SCT", "AU-NSW", "CA-QC"])}
    elif r < 0.2:
        s["zone_holidays"] = {
            "add": [str(random_date(rng, dt.date(2026, 11, 1), dt.date(2027, 12, 31)))],
            "remove": [str(rng.choice(sorted(public_days(country if known(country) else "GB"))))],
        }
    s["extra"], s["release"] = 0, None
    if rng.random() < 0.2:
        s["extra"] = rng.randrange(1, 4)
    elif rng.random() < 0.1:
        s["release"] = random_date(rng, dt.date(2026, 11, 1), dt.date(2027, 12, 31))
    return s


def order_instants(rng, s, n):
    """Order times: anywhere in the window's first 14 months, around holidays, and in the
    hours around each DST change of the shop's zone."""
    tz = ZoneInfo(s["tz"])
    out = []
    # The window starts at the shop's local midnight of VALID_FROM.
    start = dt.datetime.combine(VALID_FROM, dt.time(), tz).astimezone(UTC)
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            t = start + dt.timedelta(seconds=rng.randrange(0, 420 * 86400))
        elif r < 0.8:
            # A few days before a holiday of any calendar the promise could use (the shop's,
            # the destination region's and country's, the carrier's), so that the promise
            # spans it and a wrong calendar shows.
            country, region, _ = s["dest"]
            near = shop_days(s) | non_delivery_days(s)
            for code in (country, region):
                if code and known(code):
                    near |= public_days(code)
            near = sorted(d for d in near if dt.date(2026, 11, 8) <= d <= dt.date(2027, 12, 20))
            d = rng.choice(near or [dt.date(2027, 1, 1)])
            span = s["handling"][1] + s["extra"] + s["transit"][1] + 3
            d -= dt.timedelta(days=rng.randrange(0, span + 1))
            t = dt.datetime.combine(d, dt.time(), tz) + dt.timedelta(minutes=rng.randrange(0, 1440))
        else:
            t = start + dt.timedelta(seconds=rng.randrange(0, 420 * 86400))
            changes = [h for h in range(0, 420 * 24)
                       if (start + dt.timedelta(hours=h)).astimezone(tz).utcoffset()
                       != (start + dt.timedelta(hours=h + 1)).astimezone(tz).utcoffset()]
            if changes:
                t = start + dt.timedelta(hours=rng.choice(changes)) + dt.timedelta(
                    minutes=rng.randrange(-120, 180))
        t = max(t.astimezone(UTC), start).replace(microsecond=0)
        out.append(t.replace(second=rng.choice([0, 0, 30, 59])))
    return out


def toml_list(v):
    return "[" + ", ".join(json.dumps(x) for x in v) + "]"


def write_sources(d, s):
    (d / "shop.toml").write_text(f'[shop]\nname = "Scenario"\ntime_zone = "{s["tz"]}"\n')
    country, region, postcode = s["dest"]
    m = s["cutoff"]
    lines = [
        "[shop]",
        f'region = "{s["shop_region"]}"',
        f"working_days = {toml_list(s['working'])}",
        f'cutoff = "{m // 60:02}:{m % 60:02}"',
        f"handling = {{ min = {s['handling'][0]}, max = {s['handling'][1]} }}",
        "",
        "[holidays]",
        f"add = {toml_list(s['add'])}",
        f"remove = {toml_list(s['remove'])}",
    ]
    for a, b in s["closures"]:
        lines += ["", "[[closures]]", f'from = "{a}"', f'to = "{b}"']
    lines += ["", "[[methods]]", 'name = "Parcel"', f"delivery_days = {toml_list(s['delivery'])}"]
    if s["carrier"]:
        lines.append(f'carrier = "{s["carrier"]}"')
    lines += [
        "", "[[methods.zones]]", 'name = "Destination"', f'countries = ["{country}"]',
        f"transit = {{ min = {s['transit'][0]}, max = {s['transit'][1]} }}",
    ]
    zh = s["zone_holidays"]
    if zh:
        parts = []
        if zh.get("region"):
            parts.append(f'region = "{zh["region"]}"')
        if zh.get("add"):
            parts.append(f"add = {toml_list(zh['add'])}")
        if zh.get("remove"):
            parts.append(f"remove = {toml_list(zh['remove'])}")
        lines.append("holidays = { " + ", ".join(parts) + " }")
    if s["extra"] or s["release"]:
        lines += ["", "[[products]]", 'skus = ["SKU-1"]']
        if s["extra"]:
            lines.append(f"extra_handling_days = {s['extra']}")
        if s["release"]:
            lines.append(f'release_date = "{s["release"]}"')
    (d / "delivery.toml").write_text("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--scenarios", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--orders", type=int, default=5, help="order instants per built shop")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="shop-answers-differential-"))
    agree = disagree = 0
    seen_regions = set()
    shown = 0
    try:
        done = 0
        while done < a.scenarios:
            s = scenario(rng)
            src, out = work / "src", work / "out"
            shutil.rmtree(src, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            src.mkdir()
            write_sources(src, s)
            b = subprocess.run(
                [a.cli, "build", str(src), "--bundle-only", "--out", str(out), "--valid-from",
                 str(VALID_FROM)], capture_output=True, text=True)
            if b.returncode != 0:
                print(f"build failed:\n{b.stderr}\n{(src / 'delivery.toml').read_text()}")
                return 1
            bundle = next(out.glob("bundle.*.bin"))
            seen_regions.add(s["shop_region"])
            if s["dest"][1]:
                seen_regions.add(s["dest"][1])
            for now in order_instants(rng, s, min(a.orders, a.scenarios - done)):
                done += 1
                country, region, postcode = s["dest"]
                args = [a.cli, "delivery", "--bundle", str(bundle), "--now",
                        now.strftime("%Y-%m-%dT%H:%M:%SZ"), "--country", country]
                if region:
                    args += ["--region", region]
                if postcode:
                    args += ["--postcode", postcode]
                if s["extra"] or s["release"]:
                    args += ["--sku", "SKU-1"]
                r = subprocess.run(args, capture_output=True, text=True)
                try:
                    want = reference(s, now)
                except ValueError as e:
                    want = {"error": str(e)}
                got = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr.strip()}
                keys = ["min", "max", "ship_min", "ship_max", "cutoff"]
                if "error" in want or "error" in got:
                    ok = "error" in want and "error" in got
                else:
                    ok = all(got[k] == want[k] for k in keys)
                if ok:
                    agree += 1
                    continue
                disagree += 1
                if shown < 5:
                    shown += 1
                    print(f"--- disagreement at {now:%Y-%m-%dT%H:%M:%SZ} "
                          f"({' '.join(args[6:])})")
                    print((src / "delivery.toml").read_text())
                    print(f"  shop-answers: {got}\n  reference:    {want}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = agree + disagree
    print(f"differential: {agree} of {total} scenarios agree with the python-holidays + zoneinfo "
          f"reference ({disagree} differ), seed {a.seed}; shop and destination regions "
          f"include {', '.join(sorted(r for r in seen_regions if r in ('CA-ON', 'AU-NSW', 'AU-VIC', 'DE-BY', 'GB-SCT')))}")
    print(f"{agree} passed, {disagree} failed")
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
